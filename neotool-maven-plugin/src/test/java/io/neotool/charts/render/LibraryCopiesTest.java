package io.neotool.charts.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.InputException;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A chart's copy of the library keeps the definitions its templates reach, directly or through the library. */
class LibraryCopiesTest {

    private static final String HEADER = """
            {{- /*
            The library.
            */ -}}

            """;
    private static final String NAME = """
            {{/*
            The name.
            */}}
            {{- define "lib.name" -}}
            {{- if .Values.name }}{{ .Values.name }}{{ else }}{{ .Chart.Name }}{{ end }}
            {{- end }}
            """;
    private static final String LABELS = """
            {{/*
            The labels, with the name.
            */}}
            {{- define "lib.labels" -}}
            {{- with .ctx }}
            name: {{ include "lib.name" . }}
            {{- end }}
            {{- end }}
            """;
    private static final String PROBE = """
            {{- define "lib.probe" -}}
            {{- range .ports }}
            - {{ . }}
            {{- end }}
            {{- end }}
            """;
    private static final String LIBRARY = HEADER + NAME + "\n" + LABELS + "\n" + PROBE;

    @Test
    void keepsWhatTheTemplatesReachThroughOtherDefinitions() {
        String kept = LibraryCopies.keepUsed(LIBRARY, "labels: {{ include \"lib.labels\" (dict \"ctx\" .) }}");
        assertEquals(HEADER + NAME + "\n" + LABELS, kept);
    }

    @Test
    void keepsEveryDefinitionInUse() {
        String templates = "{{ include \"lib.labels\" . }} {{ include \"lib.probe\" . }}";
        assertEquals(LIBRARY, LibraryCopies.keepUsed(LIBRARY, templates));
    }

    @Test
    void aDefinitionWithoutCommentGoesWithoutLeavingItsBlankLine() {
        String kept = LibraryCopies.keepUsed(HEADER + PROBE + "\n" + NAME, "{{ include \"lib.name\" . }}");
        assertEquals(HEADER + NAME, kept);
    }

    @Test
    void keepsNothingButTheHeaderForAChartThatUsesNoDefinition() {
        assertEquals(HEADER.strip() + "\n", LibraryCopies.keepUsed(LIBRARY, "kind: ConfigMap"));
    }

    @Test
    void eachChartsCopyIsTrimmedToItsOwnTemplatesAndABrokenLibraryIsNamed() {
        SortedMap<String, byte[]> out = new TreeMap<>();
        out.put("p/templates/_library.tpl", bytes(LIBRARY));
        out.put("p/templates/deployment.yaml", bytes("{{ include \"lib.probe\" . }}"));
        out.put("p/charts/c/templates/_library.tpl", bytes(LIBRARY));
        out.put("p/charts/c/templates/service.yaml", bytes("{{ include \"lib.name\" . }}"));
        LibraryCopies.trim(out);
        assertEquals(HEADER + PROBE, new String(out.get("p/templates/_library.tpl"), StandardCharsets.UTF_8));
        assertEquals(HEADER + NAME, new String(out.get("p/charts/c/templates/_library.tpl"), StandardCharsets.UTF_8));

        out.put("p/templates/_library.tpl", bytes(LIBRARY + "{{ .Values.x }}\n"));
        InputException e = assertThrows(InputException.class, () -> LibraryCopies.trim(out));
        assertTrue(e.getMessage().contains("partials/library.tpl.peb (written as p/templates/_library.tpl)"), e.getMessage());
        assertTrue(e.getMessage().contains("outside a define"), e.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLibraryItCannotReadIsRefused() {
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "{{ .Values.x }}\n", ""));
        assertTrue(outside.getMessage().contains("outside a define"), outside.getMessage());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "{{- define \"lib.x\" -}}\n{{- if . }}\n{{- end }}\n", ""));
        assertTrue(open.getMessage().contains("lib.x has no end"), open.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "\n" + PROBE, ""));
        assertTrue(twice.getMessage().contains("defines lib.probe twice"), twice.getMessage());
    }
}
