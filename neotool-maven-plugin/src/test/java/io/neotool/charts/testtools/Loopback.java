package io.neotool.charts.testtools;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** The loopback interface the tests' real servers listen on, each on a port of its own. */
public final class Loopback {
    private Loopback() {}

    /** A TCP port free on the loopback interface at the moment of asking (the server started next binds it). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
