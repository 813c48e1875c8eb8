package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A .helmignore as Helm reads it (helm.sh/helm/v3/pkg/ignore, rules.go): names, anchored and structural paths,
 * directories (and everything in them), Go's globs, and a negation as Helm evaluates it.
 */
class HelmIgnoreTest {
    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "*.swp | templates/.a.yaml.swp | true",
            "*.swp | swp | false",
            ".DS_Store | a/b/.DS_Store | true",
            ".git/ | .git/config | true",
            ".git/ | sub/.git/HEAD | true",
            ".git/ | .git | false",
            "/notes/*.md | notes/a.md | true",
            "/notes/*.md | docs/notes/a.md | false",
            "docs/*.txt | docs/a.txt | true",
            "docs/*.txt | docs/sub/a.txt | false",
            "file?.yaml | file1.yaml | true",
            "file?.yaml | file10.yaml | false",
            "[a-c].yaml | b.yaml | true",
            "[^a-c].yaml | b.yaml | false",
            "[^a-c].yaml | d.yaml | true",
            "*.bak | templates/deployment.yaml | false",
            // Helm's default, whatever the file says: a dotfile in templates/
            "*.bak | templates/.notes | true",
            "*.bak | templates/sub/.notes | false",
            // Helm's negation: a path the negated pattern does not match is left out
            "!keep.txt | other.txt | true",
            "!keep.txt | keep.txt | false"})
    void aPathIsLeftOutAsHelmLeavesItOut(String rule, String path, boolean ignored) {
        assertEquals(ignored, HelmIgnore.parse("# comment\n\n" + rule + "\n").ignores(path));
    }
}
