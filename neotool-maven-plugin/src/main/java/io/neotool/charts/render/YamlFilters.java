package io.neotool.charts.render;

import io.neotool.charts.values.ValuesYaml;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Map;

/**
 * Pebble filters for writing YAML and Markdown safely: {@code [[ text | yamlString ]]} (a double-quoted YAML string,
 * which is a JSON string too: the dashboards use it), {@code [[ text | cell ]]}.
 */
final class YamlFilters extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("yamlString", new TextFilter(true), "cell", new TextFilter(false));
    }

    private static final class TextFilter implements Filter {
        private final boolean yaml;

        TextFilter(boolean yaml) {
            this.yaml = yaml;
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                            int lineNumber) {
            String text = input == null ? "" : String.valueOf(input);
            // A Markdown table cell: no line breaks, pipes escaped.
            return yaml ? ValuesYaml.quote(text) : text.replace("\n", " ").replace("|", "\\|");
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }
    }
}
