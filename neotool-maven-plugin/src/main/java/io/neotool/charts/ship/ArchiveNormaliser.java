package io.neotool.charts.ship;

import io.neotool.charts.InputException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Rewrites a chart archive written by {@code helm package} (Helm 3 stamps the current time into every
 * entry) into one whose bytes depend only on its content and a given timestamp: entries sorted by name,
 * every mtime the timestamp, uid/gid 0 without user or group names, mode 0644, and a gzip header with
 * no time, no name and a fixed OS byte. The chart's own Chart.yaml gets the OCI annotation
 * {@value #CREATED} (if the source does not set it) so that the manifest Helm pushes is reproducible too.
 */
public final class ArchiveNormaliser {
    /** Helm copies this Chart.yaml annotation into the pushed manifest instead of the file's time. */
    public static final String CREATED = "org.opencontainers.image.created";

    private static final int FILE_MODE = 0100644;
    /** gzip header: magic, deflate, no flags, mtime 0, no extra flags, OS 255 (unknown). */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    /** Name and version read from the archive's Chart.yaml. */
    public record ChartMeta(String name, String version) {}

    /** Reads Helm's archive {@code source}, writes the normalised one to {@code target}; returns the chart's name and version. */
    public ChartMeta normalise(Path source, Path target, Instant timestamp) throws IOException {
        Map<String, byte[]> entries = read(source);
        String chartYaml = topLevelChartYaml(entries, source);
        Map<String, Object> chart = loadYaml(entries.get(chartYaml), source);
        entries.put(chartYaml, withCreatedAnnotation(entries.get(chartYaml), chart, timestamp));
        write(entries, target, timestamp);
        return new ChartMeta(String.valueOf(chart.get("name")), String.valueOf(chart.get("version")));
    }

    /** The name and version of a chart archive. */
    public ChartMeta describe(Path archive) throws IOException {
        Map<String, Object> chart = chartYaml(archive);
        return new ChartMeta(String.valueOf(chart.get("name")), String.valueOf(chart.get("version")));
    }

    /** The chart's own Chart.yaml in an archive, as YAML maps and lists. */
    public Map<String, Object> chartYaml(Path archive) throws IOException {
        Map<String, byte[]> entries = read(archive);
        return loadYaml(entries.get(topLevelChartYaml(entries, archive)), archive);
    }

    private static Map<String, byte[]> read(Path source) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(source);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue; // Helm writes files only; directories are implied by the paths
                }
                if (entries.put(entry.getName(), tar.readAllBytes()) != null) {
                    throw new InputException("Chart archive " + source + " holds " + entry.getName() + " twice");
                }
            }
        }
        return entries;
    }

    private static String topLevelChartYaml(Map<String, byte[]> entries, Path source) {
        return entries.keySet().stream()
                .filter(name -> name.endsWith("/Chart.yaml") && name.indexOf('/') == name.length() - "/Chart.yaml".length())
                .findFirst()
                .orElseThrow(() -> new InputException("Chart archive " + source + " has no <chart>/Chart.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> loadYaml(byte[] yaml, Path source) {
        LoaderOptions options = new LoaderOptions();
        Object doc = new Yaml(new Constructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
                new TimestampsAsText()).load(new String(yaml, StandardCharsets.UTF_8));
        if (!(doc instanceof Map<?, ?> map) || map.get("name") == null || map.get("version") == null) {
            throw new InputException("Chart.yaml in " + source + " has no name or version");
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static byte[] withCreatedAnnotation(byte[] original, Map<String, Object> chart, Instant timestamp) {
        Object annotations = chart.get("annotations");
        if (annotations instanceof Map<?, ?> map && map.get(CREATED) != null) {
            return original; // the source pins it: keep the user's value
        }
        Map<String, Object> updated = new LinkedHashMap<>();
        if (annotations instanceof Map<?, ?> map) {
            updated.putAll((Map<String, Object>) map);
        }
        updated.put(CREATED, DateTimeFormatter.ISO_INSTANT.format(timestamp));
        chart.put("annotations", new TreeMap<>(updated));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(chart).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * YAML as SnakeYAML reads it, but for text shaped like a YAML 1.1 timestamp, which stays text. Every Chart.yaml
     * field that takes one is a string in Helm's {@code chart.Metadata}, and Helm's YAML library leaves some of them
     * plain when it writes Chart.yaml into the archive ({@code 2024-01-02 10:00:00 +01:00}): read as a date, such a
     * value was written back in another form and pushed as Java's text of a date.
     */
    private static final class TimestampsAsText extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            Tag tag = super.resolve(kind, value, implicit);
            return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
        }
    }

    private static void write(Map<String, byte[]> entries, Path target, Instant timestamp) throws IOException {
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) { // TreeMap: sorted by name
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                entry.setMode(FILE_MODE);
                entry.setModTime(Date.from(timestamp));
                entry.setIds(0, 0);
                entry.setNames("", "");
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        byte[] data = tarBytes.toByteArray();
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
            out.write(GZIP_HEADER);
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            try {
                DeflaterOutputStream deflate = new DeflaterOutputStream(new NonClosing(out), deflater, 64 * 1024);
                deflate.write(data);
                deflate.finish();
            } finally {
                deflater.end();
            }
            CRC32 crc = new CRC32();
            crc.update(data);
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, data.length);
        }
    }

    private static void writeIntLe(OutputStream out, int value) throws IOException {
        out.write(value & 0xff);
        out.write((value >>> 8) & 0xff);
        out.write((value >>> 16) & 0xff);
        out.write((value >>> 24) & 0xff);
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
