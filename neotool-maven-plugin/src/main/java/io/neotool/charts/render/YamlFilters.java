package io.neotool.charts.render;

import io.neotool.charts.values.ValuesYaml;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pebble filters for writing YAML and Markdown safely: {@code [[ text | yamlString ]]} (a double-quoted YAML string,
 * which is a JSON string too: the dashboards use it), {@code [[ text | cell ]]} (a Markdown table cell) and
 * {@code [[ text | codeCell ]]} (a table cell holding the text as code, whatever backticks it has).
 */
final class YamlFilters extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("yamlString", new TextFilter(Kind.YAML), "cell", new TextFilter(Kind.CELL),
                "codeCell", new TextFilter(Kind.CODE_CELL));
    }

    private enum Kind { YAML, CELL, CODE_CELL }

    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private static final class TextFilter implements Filter {
        private final Kind kind;

        TextFilter(Kind kind) {
            this.kind = kind;
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            String text = input == null ? "" : String.valueOf(input);
            if (kind == Kind.YAML) {
                return ValuesYaml.quote(text);
            }
            // A Markdown table cell: no line breaks, pipes escaped.
            String cell = text.replace("\n", " ").replace("|", "\\|");
            if (kind == Kind.CELL) {
                return cell;
            }
            // A code span: fenced by a run of backticks longer than any in the text, padded where the text begins or
            // ends with one (CommonMark strips one space from each side).
            int longest = 0;
            Matcher run = BACKTICKS.matcher(cell);
            while (run.find()) {
                longest = Math.max(longest, run.group().length());
            }
            String fence = "`".repeat(longest + 1);
            String pad = cell.startsWith("`") || cell.endsWith("`") ? " " : "";
            return fence + pad + cell + pad + fence;
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }
    }
}
