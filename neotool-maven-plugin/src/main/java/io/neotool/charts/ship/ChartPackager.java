package io.neotool.charts.ship;

import io.neotool.charts.BackgroundTask;
import io.neotool.charts.BuildLog;
import io.neotool.charts.FileTrees;
import io.neotool.charts.InputException;
import io.neotool.charts.InputsDigest;
import io.neotool.charts.helm.ChartDirectories;
import io.neotool.charts.helm.HelmClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code neotool:package}: packages every chart under a charts directory with Helm, normalises each
 * archive into a reproducible one ({@link ArchiveNormaliser}), loads each archive back with Helm, and
 * writes the set ({@code <chart>-<version>.tgz}, {@code .sha256} each, an index) into the output
 * directory atomically ({@link PackageSet}).
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

    /**
     * Packages every chart under {@code chartsRoot} ({@link ChartDirectories}) into {@code outputDir} as one
     * set ({@link PackageSet}): the directory is replaced as a whole, only once every archive is written
     * and loads back in Helm.
     */
    public List<PackagedChart> packageAll(Path chartsRoot, Path outputDir, Instant timestamp) throws IOException {
        return packageAll(chartsRoot, outputDir, timestamp, InputsDigest.pluginBuild());
    }

    /**
     * As {@link #packageAll(Path, Path, Instant)}, made by the plugin build {@code build}: when the set in
     * {@code outputDir} was packaged by that build, with that timestamp, from charts with the same bytes, and is
     * complete and unchanged ({@link PackageSet#read}), it is kept as it is, since packaging again would write the
     * same bytes. Without a build, the charts are always packaged.
     */
    public List<PackagedChart> packageAll(Path chartsRoot, Path outputDir, Instant timestamp, Optional<String> build)
            throws IOException {
        requireApart(chartsRoot, outputDir);
        try (Staged staged = stage(chartsRoot, outputDir, timestamp, build)) {
            return staged.commit();
        }
    }

    /**
     * The archives go to a directory of their own, apart from the charts: package replaces its output as a whole, and
     * an archive inside a chart would be packaged into it, and be a file generate did not write. Beside the charts in
     * the same directory (a module's {@code target/helm} when the charts are the module's own directory) is fine. A
     * plugin-level {@code <output>} in the pom is the usual cause: generate takes it as the charts directory, package as
     * the archives'.
     */
    public static void requireApart(Path chartsRoot, Path outputDir) {
        Path charts = chartsRoot.toAbsolutePath().normalize();
        Path output = outputDir.toAbsolutePath().normalize();
        // inside a chart is inside a top-level one: subcharts live in their umbrella
        Path first = output.startsWith(charts) && !output.equals(charts) ? charts.resolve(charts.relativize(output).getName(0)) : null;
        String where = output.equals(charts) ? " is the charts directory"
                : charts.startsWith(output) ? " holds the charts directory " + charts
                : output.startsWith(charts) && Files.isRegularFile(charts.resolve("Chart.yaml")) ? " is inside the chart " + charts
                : first != null && Files.isRegularFile(first.resolve("Chart.yaml")) ? " is inside the chart " + first : null;
        if (where != null) {
            throw new InputException("The package output " + output + where + ": the archives need a directory of their own"
                    + " (default target/helm): set <packageOutput> in the pom, or neotool.package.output.");
        }
    }

    /** A check the package set depends on (the lint): it passes by returning and fails by throwing. */
    @FunctionalInterface
    public interface Check {
        void run() throws IOException;
    }

    /**
     * As {@link #packageAll(Path, Path, Instant)}, but packaged on a thread of its own while {@code check} runs on the
     * calling one: the set is put in place only once the check passed and the packaging is complete. When the check
     * fails, the packaging is stopped and its staged set deleted, the output directory left as it was, and the check's
     * failure thrown; a kill at any moment leaves at most a staged set beside the output, which the next package
     * removes ({@link PackageSet}).
     */
    public List<PackagedChart> packageAllAfter(Check check, Path chartsRoot, Path outputDir, Instant timestamp) throws IOException {
        requireApart(chartsRoot, outputDir);
        Optional<String> build = InputsDigest.pluginBuild();
        BackgroundTask<Staged> staging = BackgroundTask.start("neotool-package", () -> stage(chartsRoot, outputDir, timestamp, build));
        try {
            check.run();
        } catch (IOException | RuntimeException | Error e) {
            staging.stop();
            try {
                staging.await().close();
            } catch (IOException | RuntimeException | Error stopped) {
                // the packaging stopped or failed, and deleted its own staged set; the check's failure is the one to say
            }
            throw e;
        }
        try (Staged staged = staging.await()) {
            return staged.commit();
        }
    }

    /**
     * The first half of {@link #packageAll(Path, Path, Instant, Optional)}: every archive written and loaded back
     * beside {@code outputDir}, which is left as it is until {@link Staged#commit()} (a package made while the charts
     * are linted is put in place only once the lint passed); closing a set not committed deletes it. A set already up
     * to date is not packaged again: its commit keeps it.
     */
    public Staged stage(Path chartsRoot, Path outputDir, Instant timestamp, Optional<String> build) throws IOException {
        List<Path> charts = ChartDirectories.find(chartsRoot);
        Optional<String> inputs = build.map(b -> {
            InputsDigest digest = new InputsDigest("package", b).text("timestamp", timestamp.toString())
                    .text("charts", chartsRoot.toAbsolutePath().normalize().toString());
            charts.forEach(digest::tree);
            return digest.hex();
        });
        Optional<List<PackagedChart>> current = inputs.flatMap(i -> PackageSet.packagedFrom(outputDir, i));
        if (current.isPresent()) {
            return new Staged(chartsRoot, outputDir, charts, inputs, null, current.get());
        }
        Map<String, Path> seen = new LinkedHashMap<>();
        List<PackagedChart> packaged = new ArrayList<>();
        PackageSet.Staging staging = PackageSet.stage(outputDir, chartsRoot);
        try {
            staging.packagingFrom(charts);
            Path work = Files.createDirectories(staging.dir().resolve(".work"));
            for (Path chart : charts) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("packaging " + chartsRoot + " was interrupted");
                }
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
                Path archive = staging.dir().resolve(fileName);
                Files.move(tmp, archive);
                verifyLoads(archive, meta);
                packaged.add(new PackagedChart(meta.name(), meta.version(), archive, sha256(archive)));
                log.debug("Staged " + archive);
            }
            FileTrees.deleteTree(work);
            return new Staged(chartsRoot, outputDir, charts, inputs, staging, packaged);
        } catch (IOException | RuntimeException | Error e) {
            staging.close();
            throw e;
        }
    }

    /** A package set written beside its output directory, or the set already there and up to date; see {@link #stage}. */
    public final class Staged implements AutoCloseable {
        private final Path chartsRoot;
        private final Path outputDir;
        private final List<Path> charts;
        private final Optional<String> inputs;
        private final PackageSet.Staging staging; // null: the set in place is kept
        private final List<PackagedChart> packaged;

        private Staged(Path chartsRoot, Path outputDir, List<Path> charts, Optional<String> inputs, PackageSet.Staging staging,
                       List<PackagedChart> packaged) {
            this.chartsRoot = chartsRoot;
            this.outputDir = outputDir;
            this.charts = charts;
            this.inputs = inputs;
            this.staging = staging;
            this.packaged = packaged;
        }

        /** Puts the set in place of the output directory ({@link PackageSet.Staging#commit}), or keeps the one there. */
        public List<PackagedChart> commit() throws IOException {
            if (staging == null) {
                log.info("The package set in " + outputDir + " is up to date: packaged by this plugin build with this timestamp from"
                        + " the same chart files (inputs sha256 " + InputsDigest.abbreviate(inputs.orElseThrow()) + ")");
                packaged.forEach(p -> log.info("Packaged " + p.archive() + " sha256:" + p.sha256()));
                return packaged;
            }
            List<PackagedChart> placed = staging.commit(chartsRoot, packaged, charts, inputs);
            placed.forEach(p -> log.info("Packaged " + p.archive() + " sha256:" + p.sha256()));
            return placed;
        }

        /** Deletes the staged set unless it was committed. */
        @Override
        public void close() throws IOException {
            if (staging != null) {
                staging.close();
            }
        }
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
}
