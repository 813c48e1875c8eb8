package io.neotool.charts.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** $(NAME) references in a container's env values, command and args, as the kubelet reads them. */
public final class EnvReferences {
    private EnvReferences() {}

    private static final Pattern REFERENCE = Pattern.compile("\\$+\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /**
     * A run of $ before no reference that the kubelet shortens and that is not an escape written on purpose: two (it
     * makes them one, $$ being its escape of $), or an odd number from three (each pair one $, the last kept).
     */
    private static final Pattern SHORTENED = Pattern.compile("(?<!\\$)(\\$\\$|\\$\\$\\$(?:\\$\\$)*)(?![$(])");

    /**
     * What the kubelet makes of a run of $ that starts no reference, said to the author, or null when {@code text}
     * has none: "US$$" reaches the container as "US$", "$$$" as "$$" ($$$$, the escape of $$, is left alone).
     */
    public static String halvedDollars(String text) {
        Matcher run = SHORTENED.matcher(text);
        if (!run.find()) {
            return null;
        }
        String dollars = run.group();
        return "'" + dollars + "' reaches the container as '" + "$".repeat((dollars.length() + 1) / 2) + "' (the kubelet "
                + "reads $$ as one $, to escape $(NAME)); write $ for one $, and for more each $ twice ($$$$ for two)";
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
