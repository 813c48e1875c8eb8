package io.neotool.charts.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.shared.verifier.VerificationException;
import org.apache.maven.shared.verifier.Verifier;

/**
 * One sample project copied to a fresh directory and built with real Maven (maven-verifier), using the
 * plugin of this reactor from the IT repository that invoker:install filled.
 */
final class MavenProject {
    private final Path dir;
    private final Map<String, String> environment = new TreeMap<>();

    private MavenProject(Path dir) {
        this.dir = dir;
    }

    /** A fresh copy of {@code src/it/<sample>} for {@code test}. */
    static MavenProject copyOf(String sample, String test) throws IOException {
        Path from = Path.of(property("it.projects")).resolve(sample);
        Path to = Path.of(property("it.work")).resolve(test);
        deleteTree(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    String text = Files.readString(p).replace("@pluginVersion@", property("it.pluginVersion"));
                    Files.writeString(target, text);
                }
            }
        }
        // the project's root, as a checkout with a Maven wrapper has it: Maven (4 says so) would otherwise take this
        // repository, whose .mvn is above the work directory, for the root
        Files.createDirectories(to.resolve(".mvn"));
        return new MavenProject(to);
    }

    Path dir() {
        return dir;
    }

    /** Replaces the first {@code from} in the project's file {@code relative} with {@code to}; the file's path. */
    Path edit(String relative, String from, String to) throws IOException {
        Path file = dir.resolve(relative);
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(relative + " has no '" + from + "' to edit");
        }
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return file;
    }

    /** Makes the project a reactor: the root pom lists {@code modules}, each a pom-packaged child of it. */
    MavenProject withModules(String... modules) throws IOException {
        Path pom = dir.resolve("pom.xml");
        StringBuilder list = new StringBuilder("<modules>");
        for (String module : modules) {
            list.append("<module>").append(module).append("</module>");
            Files.createDirectories(dir.resolve(module));
            Files.writeString(dir.resolve(module + "/pom.xml"), """
                    <project xmlns="http://maven.apache.org/POM/4.0.0">
                      <modelVersion>4.0.0</modelVersion>
                      <parent><groupId>com.example</groupId><artifactId>shop-charts</artifactId><version>2.3.0</version></parent>
                      <artifactId>%s</artifactId>
                      <packaging>pom</packaging>
                    </project>
                    """.formatted(module));
        }
        Files.writeString(pom, Files.readString(pom).replace("<packaging>pom</packaging>",
                "<packaging>pom</packaging>\n  " + list.append("</modules>")));
        return this;
    }

    /** Sets an environment variable for every later Maven run of this project. */
    MavenProject env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs Maven with {@code args}; the result says whether it failed and what it logged. */
    Result run(String... args) throws IOException {
        return runWith(null, args);
    }

    /** Runs the Maven installed in {@code mavenHome} (this build's Maven when null), in a JVM of its own. */
    Result runWith(Path mavenHome, String... args) throws IOException {
        String log = "log-" + String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_") + ".txt";
        try {
            Verifier verifier = mavenHome == null ? new Verifier(dir.toString())
                    : new Verifier(dir.toString(), null, false, mavenHome.toString());
            if (mavenHome != null) {
                verifier.setForkJvm(true);
            }
            verifier.setAutoclean(false);
            verifier.setLocalRepo(property("it.repo"));
            verifier.setLogFileName(log);
            environment.forEach(verifier::setEnvironmentVariable);
            verifier.addCliArguments("-B", "--no-transfer-progress");
            verifier.addCliArguments(args);
            boolean failed = false;
            try {
                verifier.execute();
            } catch (VerificationException e) {
                failed = true;
            }
            return new Result(failed, Files.readString(dir.resolve(log), StandardCharsets.UTF_8));
        } catch (VerificationException e) {
            throw new IllegalStateException("cannot start Maven for " + dir, e);
        }
    }

    record Result(boolean failed, String log) {}

    /** Every file below {@code relative} with its text. */
    Map<String, String> snapshot(String relative) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path root = dir.resolve(relative);
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    files.put(root.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run the ITs through Maven (failsafe)");
        }
        return value;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
