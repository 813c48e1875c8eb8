package io.neotool.charts.ship;

import io.neotool.charts.BuildLog;
import io.neotool.charts.InputException;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code neotool:package}: packages every chart under a charts directory with Helm, normalises each
 * archive into a reproducible one ({@link ArchiveNormaliser}), writes {@code <chart>-<version>.tgz} and
 * {@code <chart>-<version>.tgz.sha256} into the output directory, and loads each archive back with Helm.
 *
 * <p>Charts: every directory directly under the charts directory with a Chart.yaml (the umbrella,
 * subcharts included), and every subchart directory under its {@code charts/}, so a subchart such as
 * {@code neotool-service} can be installed alone.
 */
public final class ChartPackager {
    private final HelmClient helm;
    private final ArchiveNormaliser normaliser = new ArchiveNormaliser();
    private final BuildLog log;

    public ChartPackager(HelmClient helm, BuildLog log) {
        this.helm = helm;
        this.log = log;
    }

    /** Packages {@code charts} into {@code outputDir}, replacing archives from earlier runs. */
    public List<PackagedChart> packageAll(List<Path> charts, Path outputDir, Instant timestamp) throws IOException {
        Files.createDirectories(outputDir);
        deleteOldArchives(outputDir);
        Path work = Files.createTempDirectory(outputDir, ".package-");
        Map<String, Path> seen = new LinkedHashMap<>();
        List<PackagedChart> packaged = new ArrayList<>();
        try {
            for (Path chart : charts) {
                Path helmOut = Files.createDirectories(work.resolve(String.valueOf(packaged.size())));
                helm.packageChart(chart, helmOut);
                Path helmArchive = onlyArchive(helmOut, chart);
                Path tmp = work.resolve(packaged.size() + ".tgz");
                ArchiveNormaliser.ChartMeta meta = normaliser.normalise(helmArchive, tmp, timestamp);
                String fileName = meta.name() + "-" + meta.version() + ".tgz";
                Path previous = seen.put(fileName, chart);
                if (previous != null) {
                    throw new InputException("Charts " + previous + " and " + chart + " both package as " + fileName
                            + ": give them different names or versions in Chart.yaml");
                }
                Path archive = outputDir.resolve(fileName);
                Files.move(tmp, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                verifyLoads(archive, meta);
                String sha256 = sha256(archive);
                Files.writeString(outputDir.resolve(fileName + ".sha256"), sha256 + "  " + fileName + "\n", StandardCharsets.UTF_8);
                PackagedChart result = new PackagedChart(meta.name(), meta.version(), archive, sha256);
                packaged.add(result);
                log.info("Packaged " + archive + " sha256:" + sha256);
            }
        } finally {
            deleteTree(work);
        }
        return packaged;
    }

    /** The archives a previous {@code package} left in {@code outputDir}, with name and version read from each. */
    public static List<PackagedChart> readPackages(Path outputDir) throws IOException {
        List<PackagedChart> result = new ArrayList<>();
        if (!Files.isDirectory(outputDir)) {
            return result;
        }
        ArchiveNormaliser normaliser = new ArchiveNormaliser();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(outputDir, "*.tgz")) {
            for (Path archive : files) {
                ArchiveNormaliser.ChartMeta meta = normaliser.describe(archive);
                result.add(new PackagedChart(meta.name(), meta.version(), archive, sha256(archive)));
            }
        }
        result.sort(Comparator.comparing(PackagedChart::name).thenComparing(PackagedChart::version));
        return result;
    }

    private void verifyLoads(Path archive, ArchiveNormaliser.ChartMeta meta) {
        String shown = helm.showChart(archive);
        if (!shown.contains("name: " + meta.name()) || !shown.contains(meta.version())) {
            throw new IllegalStateException("Helm loads " + archive + " as a different chart:\n" + shown);
        }
    }

    private static Path onlyArchive(Path dir, Path chart) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> archives = files.filter(p -> p.toString().endsWith(".tgz")).toList();
            if (archives.size() != 1) {
                throw new IllegalStateException("helm package of " + chart + " wrote " + archives + " instead of one archive");
            }
            return archives.get(0);
        }
    }

    private static void deleteOldArchives(Path outputDir) throws IOException {
        try (Stream<Path> files = Files.list(outputDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".tgz") || p.toString().endsWith(".tgz.sha256")).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
