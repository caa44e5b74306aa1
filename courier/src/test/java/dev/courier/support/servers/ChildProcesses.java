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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What the fixtures that run Debian daemons as child processes (nginx, nghttpd, tinyproxy, squid,
 * dante, httpbin) do the same way: make the temp directory they run in, start the daemon on a port
 * picked free just before (retried when it lost the race for the port), wait for it with a bounded
 * poll, read its logs, stop it (SIGTERM, a bounded wait, then SIGKILL for the process and anything
 * it spawned) and remove the directory.
 *
 * <pre>{@code
 * Path dir = ChildProcesses.tempDirectory("tinyproxy", d -> {});
 * return ChildProcesses.startOnFreePort("tinyproxy", dir, "Could not create listening sockets",
 *         () -> ChildProcesses.readText(log), port -> {
 *             Process process = ...;                        // config for port, then start
 *             if (ChildProcesses.awaitPort(process, port, startTimeout)) {
 *                 return new TinyproxyServer(process, dir, port);
 *             }
 *             ChildProcesses.stop(process);
 *             return null;                                  // retried if the log says the port was taken
 *         });
 * ...
 * ChildProcesses.stop(process);
 * ChildProcesses.deleteTree(dir);
 * }</pre>
 */
final class ChildProcesses {
    /** How many ports {@link #startOnFreePort} tries while the daemon keeps losing the race. */
    static final int BIND_ATTEMPTS = 5;

    private ChildProcesses() {}

    /** Something done with a temp directory that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface DirectoryWriter {
        void write(Path dir) throws IOException;
    }

    /** One try at starting a daemon on a given port. */
    @FunctionalInterface
    interface Attempt<T> {
        /**
         * Writes the config for {@code port}, starts the daemon and waits until it serves: returns
         * the fixture, or null when it did not come up, after stopping it (and removing whatever
         * the attempt left behind). May throw to give up at once.
         */
        T start(int port) throws IOException;
    }

    /**
     * A fresh temp directory {@code courier-NAME-...} filled by {@code contents}; an
     * {@link UncheckedIOException} ("cannot prepare the NAME directory") when that fails.
     */
    static Path tempDirectory(String name, DirectoryWriter contents) {
        Path dir;
        try {
            dir = Files.createTempDirectory("courier-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the " + name + " directory", e);
        }
        try {
            contents.write(dir);
            return dir;
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot prepare the " + name + " directory", e);
        }
    }

    /**
     * Runs {@code attempt} on a port free on 127.0.0.1 just now, and again on another (up to
     * {@link #BIND_ATTEMPTS} in all) while the failed attempt's {@code log} contains
     * {@code portTaken}, the daemon's word for a lost race. Returns the first fixture started.
     * Otherwise, or when anything throws, deletes {@code dir} and throws: an
     * {@link IllegalStateException} "DAEMON did not start; its log:" with the last log when it
     * would not come up, an {@link UncheckedIOException} "cannot start DAEMON" on an I/O error.
     */
    static <T> T startOnFreePort(String daemon, Path dir, String portTaken, Supplier<String> log, Attempt<T> attempt) {
        try {
            String lastLog = "";
            for (int i = 1; i <= BIND_ATTEMPTS; i++) {
                T started = attempt.start(freeLoopbackPort());
                if (started != null) {
                    return started;
                }
                lastLog = log.get();
                if (!lastLog.contains(portTaken)) {
                    break;
                }
            }
            throw new IllegalStateException(daemon + " did not start; its log:\n" + lastLog);
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start " + daemon, e);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * Checks {@code condition} every 20 ms until it holds (true) or {@code timeout} has passed
     * (false, after one last check); false at once when the thread is interrupted (which stays
     * set). It is checked at least once, even with a zero timeout.
     */
    static boolean poll(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

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
     * Waits, up to {@code timeout}, until {@code process} accepts on every one of {@code ports};
     * false when it died or the time ran out.
     */
    static boolean awaitPort(Process process, Duration timeout, int... ports) {
        return poll(() -> !process.isAlive() || acceptsOnLoopback(ports), timeout) && process.isAlive();
    }

    /**
     * Waits, up to {@code timeout}, until {@code process} accepts on {@code port}; false when it
     * died or the time ran out.
     */
    static boolean awaitPort(Process process, int port, Duration timeout) {
        return awaitPort(process, timeout, port);
    }

    private static boolean acceptsOnLoopback(int... ports) {
        for (int port : ports) {
            if (!acceptsOnLoopback(port)) {
                return false;
            }
        }
        return true;
    }
}
