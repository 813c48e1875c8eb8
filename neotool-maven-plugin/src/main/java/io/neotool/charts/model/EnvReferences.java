package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** $(NAME) references in a container's env values, command and args, as the kubelet reads them. */
public final class EnvReferences {
    private EnvReferences() {}

    private static final Pattern REFERENCE = Pattern.compile("\\$+\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** Two $ alone, before no reference: the kubelet makes them one ($$ is its escape of $). */
    private static final Pattern DOUBLED = Pattern.compile("(?<!\\$)\\$\\$(?![$(])");

    /**
     * What the kubelet makes of a $$ that starts no reference, said to the author, or null when {@code text} has
     * none: "US$$" reaches the container as "US$" ($$$$, the escape of $$, is left alone).
     */
    public static String halvedDollars(String text) {
        return DOUBLED.matcher(text).find() ? "'$$' reaches the container as '$' (the kubelet reads $$ as one $, to "
                + "escape $(NAME)); write $ for one $, $$$$ for two" : null;
    }

    /**
     * The names {@code text} refers to, in order, each once: a run of $ of even length before the parenthesis is the
     * escape, $$(NAME) the text $(NAME) itself, not a reference.
     */
    public static List<String> in(String text) {
        List<String> names = new ArrayList<>();
        Matcher ref = REFERENCE.matcher(text);
        while (ref.find()) {
            if (ref.group().indexOf('(') % 2 == 1 && !names.contains(ref.group(1))) {
                names.add(ref.group(1));
            }
        }
        return names;
    }
}
