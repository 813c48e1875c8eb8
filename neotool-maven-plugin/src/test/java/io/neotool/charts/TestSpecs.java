package io.neotool.charts;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.neotool.charts.model.Spec;
import io.neotool.charts.model.SpecException;
import io.neotool.charts.model.SpecLoader;
import io.neotool.charts.model.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Specs written as neotool.yaml into a test's folder and loaded (chart version 1.2.3), and the problems they have. */
public final class TestSpecs {
    /** The smallest valid services section: one service with a pinned image. */
    public static final String SERVICE = "services:\n  app:\n    image: {repository: neotool-app, tag: \"1.0.0\"}\n";

    /**
     * A fixture platform's prod environment, as the product's: Vault in ha without a generated token, Grafana's admin
     * and Loki's and the backups' object storage from operator-made Secrets (R2), no MinIO.
     */
    public static final String PROD = """
            environments:
              prod:
                vault: {mode: ha, token: {create: false}}
                observability:
                  grafana: {admin: {existingSecret: grafana-admin}}
                  loki: {storageType: s3, s3: {secretName: loki-r2}}
                global:
                  objectStorage: {provider: r2, secretName: object-storage}
                minio: {enabled: false}
            """;

    private TestSpecs() {}

    public static Spec load(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("neotool.yaml");
        Files.writeString(file, yaml);
        return new SpecLoader().load(file, "1.2.3");
    }

    /** The problems of a spec that must not load. */
    public static List<SpecProblem> problems(Path dir, String yaml) {
        return assertThrows(SpecException.class, () -> load(dir, yaml)).problems();
    }

    /** The problems of a spec, none when it loads. */
    public static List<SpecProblem> problemsIfAny(Path dir, String yaml) {
        try {
            load(dir, yaml);
            return List.of();
        } catch (SpecException e) {
            return e.problems();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first problem at {@code path}; fails the test, listing them all, when there is none. */
    public static SpecProblem at(List<SpecProblem> problems, String path) {
        return problems.stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + problems));
    }
}
