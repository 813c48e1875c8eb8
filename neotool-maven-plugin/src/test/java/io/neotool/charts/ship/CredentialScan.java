package io.neotool.charts.ship;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Looks for a password on disk: its bytes, and base64 of it and of {@code user:password} (as auth headers and Docker/Helm configs hold it). */
final class CredentialScan {
    private final List<byte[]> needles = new ArrayList<>();

    CredentialScan(String user, String password) {
        needles.add(password.getBytes(StandardCharsets.UTF_8));
        needles.add(password.getBytes(StandardCharsets.UTF_16LE));
        needles.add(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)).replace("=", "").getBytes(StandardCharsets.US_ASCII));
        needles.add(Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)).replace("=", "")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** Files under {@code roots} (modified since {@code since}, when given) that hold the password in any form. */
    List<Path> find(List<Path> roots, Instant since) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!attrs.isRegularFile() || attrs.size() > 64L << 20
                            || (since != null && attrs.lastModifiedTime().compareTo(FileTime.from(since)) < 0)) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        byte[] bytes = Files.readAllBytes(file);
                        for (byte[] needle : needles) {
                            if (indexOf(bytes, needle) >= 0) {
                                found.add(file);
                                break;
                            }
                        }
                    } catch (IOException e) {
                        // unreadable (another user's, or gone): not ours
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
