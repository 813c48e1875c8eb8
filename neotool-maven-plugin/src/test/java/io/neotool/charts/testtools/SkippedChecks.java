package io.neotool.charts.testtools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the test JVMs of one build report: checks skipped or failed for missing tools, and the versions the
 * real-server tests ran against. Each JVM appends to one file under the root {@code target/} (system property
 * {@value #FILE}), tagged with the build (system property {@value #BUILD}: Maven's build timestamp, the same
 * for every module of a reactor build; an earlier build's lines are dropped), so the last test JVM of the build
 * prints the summary of all of them.
 * Without those properties (a test run from an IDE) a JVM summarises only itself.
 */
final class SkippedChecks {
    static final String FILE = "neotool.checks.file";
    static final String BUILD = "neotool.checks.build";
    static final String SUMMARY = "neotool.checks.summary";

    enum Kind { SKIPPED, FAILED, VERSION }

    record Entry(Kind kind, String name, String detail) {
        String line(String build) {
            return String.join("\t", build, kind.name(), clean(name), clean(detail));
        }

        static Entry parse(String line, String build) {
            String[] f = line.split("\t", -1);
            return f.length == 4 && f[0].equals(build) ? new Entry(Kind.valueOf(f[1]), f[2], f[3]) : null;
        }

        private static String clean(String s) {
            return s.replace('\t', ' ').replace('\n', ' ');
        }
    }

    private static final List<Entry> OWN = new ArrayList<>();

    private SkippedChecks() {}

    static synchronized void record(Entry entry) {
        OWN.add(entry);
        Path file = file();
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            String build = System.getProperty(BUILD);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                // keeps this build's lines only: an earlier build's records are dropped, not summed up again
                StringBuilder kept = new StringBuilder();
                for (String line : readAll(channel).split("\n")) {
                    if (Entry.parse(line, build) != null) {
                        kept.append(line).append('\n');
                    }
                }
                kept.append(entry.line(build)).append('\n');
                channel.truncate(0);
                channel.write(StandardCharsets.UTF_8.encode(kept.toString()), 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a skipped check in " + file, e);
        }
    }

    private static String readAll(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
        int read = 0;
        while (read >= 0 && buffer.hasRemaining()) {
            read = channel.read(buffer);
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** This build's entries: from the shared file when there is one, else this JVM's own. */
    static synchronized List<Entry> ofThisBuild() {
        Path file = file();
        if (file == null || !Files.isRegularFile(file)) {
            return List.copyOf(OWN);
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Entry e = Entry.parse(line, System.getProperty(BUILD));
                if (e != null) {
                    entries.add(e);
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path file() {
        String file = System.getProperty(FILE);
        String build = System.getProperty(BUILD);
        return file == null || file.isBlank() || build == null || build.isBlank() ? null : Path.of(file);
    }

    /** The loud summary: every skipped (or, under CI, failed) check, what installs the tools, and the versions. */
    static void print(List<Entry> entries, PrintStream out) {
        Set<String> skipped = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> packages = new TreeSet<>();
        Set<String> versions = new TreeSet<>();
        for (Entry e : entries) {
            switch (e.kind()) {
                case SKIPPED -> skipped.add(e.name() + "  (needs " + e.detail() + ")");
                case FAILED -> failed.add(e.name() + "  (needs " + e.detail() + ")");
                case VERSION -> versions.add(e.name() + ": " + e.detail());
            }
            if (e.kind() != Kind.VERSION) {
                for (String command : e.detail().split(", ")) {
                    for (ExternalTool tool : ExternalTool.values()) {
                        if (tool.command().equals(command)) {
                            packages.add(tool.debianPackage());
                        }
                    }
                }
            }
        }
        String rule = "=".repeat(100);
        out.println(rule);
        if (skipped.isEmpty() && failed.isEmpty()) {
            out.println("EXTERNAL TOOLS: every check that needs a tool from the machine ran.");
        }
        if (!skipped.isEmpty()) {
            out.println("SKIPPED CHECKS: " + skipped.size() + " check(s) did NOT run because tools are missing on this"
                    + " machine (under CI=true they fail instead):");
            skipped.forEach(s -> out.println("  - " + s));
        }
        if (!failed.isEmpty()) {
            out.println("FAILED CHECKS (CI=true): " + failed.size() + " check(s) failed because tools are missing:");
            failed.forEach(s -> out.println("  - " + s));
        }
        if (!packages.isEmpty()) {
            out.println("Install what they need (Debian/Ubuntu, as root), then run the build again:");
            out.println("  apt-get install " + String.join(" ", packages));
        }
        if (!versions.isEmpty()) {
            out.println("Tested against:");
            versions.forEach(v -> out.println("  " + v));
        }
        out.println(rule);
    }
}
