package io.neotool.charts.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aLibraryItCannotReadIsRefused() {
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "{{ .Values.x }}\n", ""));
        assertTrue(outside.getMessage().contains("outside a define"), outside.getMessage());
        IllegalStateException open = assertThrows(IllegalStateException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "{{- define \"lib.x\" -}}\n{{- if . }}\n{{- end }}\n", ""));
        assertTrue(open.getMessage().contains("lib.x has no end"), open.getMessage());
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> LibraryCopies.keepUsed(LIBRARY + "\n" + PROBE, ""));
        assertTrue(twice.getMessage().contains("defines lib.probe twice"), twice.getMessage());
    }
}
