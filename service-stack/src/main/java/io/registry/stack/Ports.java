package io.registry.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Free loopback ports for the native servers. A persistent stack remembers its ports in {@code ports.properties}
 * and takes the same ones again while they are free, so URLs stay stable across restarts.
 */
final class Ports {

    private final Path file;
    private final Properties remembered = new Properties();
    private final Set<Integer> taken = new HashSet<>();

    Ports(StateDir state) {
        this.file = state.persistent() ? state.root().resolve("ports.properties") : null;
        if (file != null && Files.isReadable(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                remembered.load(in);
            } catch (IOException e) {
                remembered.clear();
            }
        }
    }

    synchronized int port(String name) {
        String previous = remembered.getProperty(name);
        if (previous != null) {
            int port = Integer.parseInt(previous.trim());
            if (!taken.contains(port) && isFree(port)) {
                taken.add(port);
                return port;
            }
        }
        int port;
        do {
            port = anyFree();
        } while (!taken.add(port));
        remembered.setProperty(name, Integer.toString(port));
        save();
        return port;
    }

    private void save() {
        if (file == null) {
            return;
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            remembered.store(out, "ports of the native service stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
