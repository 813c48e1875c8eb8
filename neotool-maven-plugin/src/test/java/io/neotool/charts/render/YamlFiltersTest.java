package io.neotool.charts.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Markdown filters keep a table row one row, and a default value one code span, whatever the text holds. */
class YamlFiltersTest {

    private static Object filter(String name, String text) {
        return new YamlFilters().getFilters().get(name).apply(text, Map.of(), null, null, 1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', quoteCharacter = '"', value = {
            "plain # `plain`",
            "a `SECURITY` enum # ``a `SECURITY` enum``",
            "```graphql fence # ```` ```graphql fence ````",
            "ends with ` # `` ends with ` ``",
            "a|b # `a\\|b`"})
    void aCodeCellIsOneCodeSpanWhateverBackticksTheTextHas(String text, String cell) {
        assertEquals(cell, filter("codeCell", text));
    }

    @org.junit.jupiter.api.Test
    void aCellHasNoLineBreakAndNoBarePipe() {
        assertEquals("one two \\| three", filter("cell", "one\ntwo | three"));
    }
}
