package io.neotool.charts.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neotool.charts.docs.DocBlocks;
import io.neotool.charts.docs.DocBlocks.Block;
import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every command block of README.md and docs/ marked {@code <!-- doc-test: runs -->} (docs/doc-tests.md) runs for real,
 * with bash, in a throwaway copy of the repository (it/target/doc-commands/repo; the checkout is never touched):
 * README.md first, then docs/ by path, each block in the state the earlier ones left, as a reader following them.
 * Maven runs offline on a fresh local repository backed by the build's, with -DskipTests (the tests a command names
 * are the suite's, which CI runs anyway); {@code mvn} is the copy's ./mvnw. A command an earlier block ran already is
 * not run again.
 */
class DocCommandsIT {
    private static final Path ROOT = Path.of(System.getProperty("it.root")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(System.getProperty("it.work")).resolveSibling("doc-commands");

    @Test
    void everyRunnableBlockRunsInACopyOfTheRepository() throws Exception {
        ExternalTools.require(ExternalTool.JQ, ExternalTool.OPENSSL);
        Path copy = WORK.resolve("repo");
        Path repo = WORK.resolve("m2");
        Path bin = WORK.resolve("bin");
        MavenProject.deleteTree(WORK);
        copyRepository(ROOT, copy);
        Files.createDirectories(bin);
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nexec \"" + copy.resolve("mvnw") + "\" \"$@\"\n");
        mvn.toFile().setExecutable(true);

        List<String> failures = new ArrayList<>();
        Set<String> ran = new HashSet<>();
        int blocks = 0;
        for (Block block : DocBlocks.all(ROOT)) {
            if (!block.marking().equals(DocBlocks.RUNS)) {
                continue;
            }
            blocks++;
            List<String> commands = DocBlocks.commands(block.text());
            boolean simple = block.text().lines().noneMatch(l -> l.endsWith("\\") || l.matches("\\s*(for|while|if|do|done|then|fi)\\b.*"));
            List<String> scripts = new ArrayList<>();
            if (simple) {
                for (String c : commands) {
                    if (ran.add(normalised(c))) {
                        scripts.add(c);
                    }
                }
            } else if (ran.add(normalised(block.text()))) {
                scripts.add(block.text());
            }
            for (String script : scripts) {
                String mavenArgs = "-o -Dmaven.repo.local=" + repo + " -Dmaven.repo.local.tail=" + System.getProperty("it.repo") + ","
                        + System.getProperty("it.buildRepo") + " -DskipTests";
                Path log = WORK.resolve("log-" + block.file().toString().replaceAll("[^A-Za-z0-9.-]", "_") + "-" + block.line() + ".txt");
                ProcessBuilder pb = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script).directory(copy.toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
                pb.environment().put("MAVEN_ARGS", mavenArgs);
                pb.environment().remove("MAVEN_OPTS");
                Process p = pb.start();
                if (!p.waitFor(20, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    failures.add(block.where() + ": timed out: " + script);
                } else if (p.exitValue() != 0) {
                    List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
                    failures.add(block.where() + ": exit " + p.exitValue() + ": " + script.strip() + "\n    "
                            + String.join("\n    ", out.subList(Math.max(0, out.size() - 30), out.size())) + "\n    (whole output: " + log + ")");
                }
            }
        }
        assertTrue(blocks >= 3, "runnable blocks: " + blocks);
        assertTrue(failures.isEmpty(), () -> failures.size() + " runnable command block(s) of the docs failed (run in " + copy + "):\n"
                + String.join("\n", failures));
    }

    /** A command as the test compares them: {@code mvn} is ./mvnw, -B and spacing do not matter. */
    private static String normalised(String command) {
        return (" " + command.strip().replaceAll("\\s+", " ") + " ").replaceAll("(?<=[ ;(])mvn ", "./mvnw ").replace(" -B ", " ").strip();
    }

    /** The repository without build output (target/) or git metadata, executables kept executable. */
    private static void copyRepository(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName().toString();
                if (!dir.equals(from) && (name.equals("target") || name.equals(".git"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().equals(".git")) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
