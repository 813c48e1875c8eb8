package io.neotool.charts.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A few lines around the first difference of two texts, in unified-diff style, for the check goal. */
final class ShortDiff {
    private ShortDiff() {}

    static final int CONTEXT = 2;
    static final int SHOWN = 6;

    static String of(byte[] current, byte[] expected) {
        List<String> a = new String(current, StandardCharsets.UTF_8).lines().toList();
        List<String> b = new String(expected, StandardCharsets.UTF_8).lines().toList();
        int first = 0;
        while (first < a.size() && first < b.size() && a.get(first).equals(b.get(first))) {
            first++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > first && endB > first && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        StringBuilder out = new StringBuilder();
        int from = Math.max(0, first - CONTEXT);
        out.append("@@ line ").append(first + 1).append(" @@\n");
        for (int i = from; i < first; i++) {
            out.append("  ").append(a.get(i)).append('\n');
        }
        for (int i = first; i < Math.min(endA, first + SHOWN); i++) {
            out.append("- ").append(a.get(i)).append('\n');
        }
        if (endA - first > SHOWN) {
            out.append("- ... ").append(endA - first - SHOWN).append(" more lines\n");
        }
        for (int i = first; i < Math.min(endB, first + SHOWN); i++) {
            out.append("+ ").append(b.get(i)).append('\n');
        }
        if (endB - first > SHOWN) {
            out.append("+ ... ").append(endB - first - SHOWN).append(" more lines\n");
        }
        return out.toString();
    }
}
