package dev.courier.support.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stopping the daemons the fixtures start (nginx, httpbin), reading their logs and removing the
 * temporary directories they ran in, the same way for each: SIGTERM, a bounded wait, then SIGKILL
 * for the process and anything it spawned.
 *
 * <pre>{@code
 * ChildProcesses.stop(process);
 * String log = ChildProcesses.readText(errorLog);
 * ChildProcesses.deleteTree(workDir);
 * }</pre>
 */
final class ChildProcesses {
    private ChildProcesses() {}

    /** Stops {@code process} and its descendants; bounded, never throws. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** A log file's text for a failure message; empty when absent, a note when unreadable. */
    static String readText(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Deletes {@code root} and everything under it; nothing when it does not exist. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    /** A port free on 127.0.0.1 just now (a child process may still lose it to a race: retry). */
    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean acceptsOnLoopback(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Waits, up to {@code timeout}, until {@code process} accepts on {@code port}; false when it
     * died or the time ran out.
     */
    static boolean awaitPort(Process process, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                return false;
            }
            if (acceptsOnLoopback(port)) {
                return process.isAlive();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
