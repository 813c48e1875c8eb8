package io.neotool.charts.ship;

import io.neotool.charts.testtools.ExternalTool;
import io.neotool.charts.testtools.Loopback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP proxy (Debian's tinyproxy) on a free loopback port: plain HTTP requests and CONNECT tunnels to the one
 * port given, with a Basic login when one is given. Its log holds every request it forwarded.
 */
final class HttpProxyServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private HttpProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static HttpProxyServer start(Path dir, int tunnelPort, String user, String password) throws Exception {
        Path binary = ExternalTool.TINYPROXY.require();
        Files.createDirectories(dir);
        int port = Loopback.freePort();
        Path log = dir.resolve("tinyproxy.log");
        String config = "Port " + port + "\nListen 127.0.0.1\nTimeout 60\nLogFile \"" + log + "\"\nLogLevel Connect\n"
                + "MaxClients 20\nAllow 127.0.0.1\nConnectPort " + tunnelPort + "\n"
                + (user == null ? "" : "BasicAuth " + user + " " + password + "\n");
        Path file = Files.writeString(dir.resolve("tinyproxy.conf"), config);
        Process process = new ProcessBuilder(binary.toString(), "-d", "-c", file.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tinyproxy.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new HttpProxyServer(process, port, log);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("tinyproxy did not listen on " + port + ": "
                            + Files.readString(dir.resolve("tinyproxy.out")));
                }
                Thread.sleep(50);
            }
        }
    }

    int port() {
        return port;
    }

    /** What it logged so far: each request it took ("CONNECT 127.0.0.1:5443", "GET http://..."). */
    String log() throws IOException {
        return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
