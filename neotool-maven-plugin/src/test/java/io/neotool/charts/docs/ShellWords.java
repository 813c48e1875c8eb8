package io.neotool.charts.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Just enough of shell syntax to find the helm and kubectl commands of a documented line and their arguments. */
final class ShellWords {
    private ShellWords() {}

    private static final Set<String> KEYWORDS = Set.of("do", "then", "else", "time", "sudo", "!");

    /** The simple commands of a line: words split at |, ;, &&, ||, $( and ), quotes removed, leading keywords dropped. */
    static List<List<String>> commands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c) || "|;&()<>".indexOf(c) >= 0 && !(c == '<' || c == '>')
                    || c == '$' && i + 1 < line.length() && line.charAt(i + 1) == '(') {
                if (inWord) {
                    current.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                if (!Character.isWhitespace(c)) {
                    end(commands, current);
                    current = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            current.add(word.toString());
        }
        end(commands, current);
        return commands;
    }

    private static void end(List<List<String>> commands, List<String> words) {
        int start = 0;
        while (start < words.size() && KEYWORDS.contains(words.get(start))) {
            start++;
        }
        if (start < words.size()) {
            commands.add(List.copyOf(words.subList(start, words.size())));
        }
    }

    /** A word with nothing to expand or fill in: no variable, placeholder ({@code <namespace>}, {@code ...}) or glob. */
    static boolean literal(String word) {
        return !word.contains("$") && !word.contains("<") && !word.contains("...") && !word.contains("*") && !word.isEmpty();
    }

    /** A command's words after the program: positional arguments, and the values of the options that take one. */
    record Parsed(List<String> positional, Map<String, List<String>> options) {
        List<String> values(String... names) {
            List<String> all = new ArrayList<>();
            for (String n : names) {
                all.addAll(options.getOrDefault(n, List.of()));
            }
            return all;
        }
    }

    /** Parses {@code words} (program first); stops at {@code --} (what follows is another program's). */
    static Parsed parse(List<String> words, Set<String> withValue) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new TreeMap<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("--")) {
                break;
            }
            if (w.startsWith("-")) {
                int eq = w.indexOf('=');
                String name = eq > 0 ? w.substring(0, eq) : w;
                if (eq > 0) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(w.substring(eq + 1));
                } else if (withValue.contains(name) && i + 1 < words.size()) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(words.get(++i));
                } else {
                    options.computeIfAbsent(name, k -> new ArrayList<>());
                }
            } else {
                positional.add(w);
            }
        }
        return new Parsed(positional, options);
    }
}
