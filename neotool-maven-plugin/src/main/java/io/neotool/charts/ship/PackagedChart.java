package io.neotool.charts.ship;

import java.nio.file.Path;

/** One reproducible chart archive: {@code <name>-<version>.tgz} and the hex sha256 of its bytes. */
public record PackagedChart(String name, String version, Path archive, String sha256) {
    /** The OCI tag Helm pushes the chart under (Helm replaces {@code +} with {@code _}). */
    public String tag() {
        return version.replace('+', '_');
    }

    /** The OCI layer digest of the archive. */
    public String digest() {
        return "sha256:" + sha256;
    }

    /** Versions that may be replaced in a registry. */
    public boolean snapshot() {
        return version.endsWith("-SNAPSHOT");
    }
}
