package dev.courier.support.servers;

import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Debian's nghttpd ({@code /usr/sbin/nghttpd}, package nghttp2-server), nghttp2's HTTP/2-only
 * server, as a child process: static files from a docroot over h2 (TLS, ALPN h2) or h2c (prior
 * knowledge, {@link Builder#cleartext()}). Everything lives in a fresh temp directory (docroot
 * {@code www/}, key and certificate, the server's output), which {@link #close()} deletes after
 * stopping nghttpd. It listens on 127.0.0.1 only, on a port picked free just before it starts
 * (retried if nghttpd loses the race for it).
 *
 * <p>When nghttpd is not installed, {@link Builder#start()} skips the test (a JUnit assumption) with
 * install instructions, or fails if the environment variable {@code CI} is {@code true}.
 *
 * <pre>{@code
 * try (NghttpdServer nghttpd = NghttpdServer.builder()
 *         .file("/hello.txt", "hello".getBytes(UTF_8))
 *         .file("/big.bin", 8L << 20)                     // 8 MiB of zeros (sparse)
 *         .maxConcurrentStreams(50)                       // SETTINGS_MAX_CONCURRENT_STREAMS (default 100)
 *         .echoUpload(true)                               // POST/PUT bodies come back
 *         .start()) {                                     // TLS with TestCertificates.localhost()
 *     String url = nghttpd.url("/hello.txt");             // https://127.0.0.1:PORT/hello.txt
 * }
 * }</pre>
 */
public final class NghttpdServer implements AutoCloseable {
    /** Where Debian installs nghttpd. */
    public static final Path NGHTTPD = Path.of("/usr/sbin/nghttpd");

    private final Process process;
    private final Path dir;
    private final int port;
    private final boolean tls;

    private NghttpdServer(Process process, Path dir, int port, boolean tls) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    /** A builder: files, TLS or cleartext, stream limit. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when nghttpd is missing (with how to install it); fails instead when
     * {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(NGHTTPD, System.getenv("CI"));
    }

    static void checkInstalled(Path binary, String ci) {
        DebianPackages.requireExecutable(binary, "nghttpd", "nghttp2-server", ci);
    }

    /** The port (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** Whether it speaks TLS (h2) rather than cleartext h2c. */
    public boolean isTls() {
        return tls;
    }

    /** {@code https://127.0.0.1:PORT/path} ({@code http://} when cleartext). */
    public String url(String path) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path);
    }

    /** The temp directory (docroot {@code www/}, TLS files, output); gone after close. */
    public Path directory() {
        return dir;
    }

    /** What nghttpd printed so far (empty unless it complained). */
    public String log() {
        return ChildProcesses.readText(dir.resolve("nghttpd.log"));
    }

    /** The nghttpd process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops nghttpd (SIGTERM, then SIGKILL after 5 s) and deletes the temp directory. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "NghttpdServer[" + url("/") + "]";
    }

    /** Builds and starts an {@link NghttpdServer}. */
    public static final class Builder {
        private final Map<String, Object> files = new LinkedHashMap<>();
        private X509Bundle tls;
        private boolean cleartext;
        private int maxConcurrentStreams = -1;
        private int workers = 1;
        private boolean echoUpload;
        private final List<String> trailers = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /** Serves {@code content} at {@code path} (like {@code /small} or {@code /dir/a.txt}). */
        public Builder file(String path, byte[] content) {
            files.put(checkPath(path), content.clone());
            return this;
        }

        /** Serves {@code size} zero bytes at {@code path}, written as a sparse file. */
        public Builder file(String path, long size) {
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0");
            }
            files.put(checkPath(path), size);
            return this;
        }

        /** TLS with {@code serverBundle}'s key and chain (default: {@link TestCertificates#localhost()}). */
        public Builder tls(X509Bundle serverBundle) {
            this.tls = Objects.requireNonNull(serverBundle, "serverBundle");
            this.cleartext = false;
            return this;
        }

        /** No TLS: h2c with prior knowledge ({@code --no-tls}); the client must start with the preface. */
        public Builder cleartext() {
            this.cleartext = true;
            this.tls = null;
            return this;
        }

        /** SETTINGS_MAX_CONCURRENT_STREAMS ({@code -m}; nghttpd's default: 100). */
        public Builder maxConcurrentStreams(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("maxConcurrentStreams must be >= 1");
            }
            this.maxConcurrentStreams = streams;
            return this;
        }

        /** Worker threads ({@code -n}; default 1, which suits a 2-core machine). */
        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workers must be >= 1");
            }
            this.workers = count;
            return this;
        }

        /** POST and PUT bodies are sent back as the response ({@code --echo-upload}). */
        public Builder echoUpload(boolean enabled) {
            this.echoUpload = enabled;
            return this;
        }

        /** A trailer field sent after every response body ({@code --trailer 'name: value'}). */
        public Builder trailer(String name, String value) {
            trailers.add(name + ": " + value);
            return this;
        }

        /** How long to wait for the port to accept connections (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the temp directory and starts nghttpd; see the class doc for a missing nghttpd. */
        public NghttpdServer start() {
            assumeInstalled();
            Path dir = ChildProcesses.tempDirectory("nghttpd", this::writeTree);
            Path log = dir.resolve("nghttpd.log");
            return ChildProcesses.startOnFreePort("nghttpd", dir, "Address already in use",
                    () -> ChildProcesses.readText(log), port -> {
                        Files.deleteIfExists(log);
                        Process process = new ProcessBuilder(command(dir, port))
                                .redirectErrorStream(true)
                                .redirectOutput(log.toFile())
                                .start();
                        if (ChildProcesses.awaitPort(process, port, startTimeout)) {
                            return new NghttpdServer(process, dir, port, !cleartext);
                        }
                        ChildProcesses.stop(process);
                        return null;
                    });
        }

        List<String> command(Path dir, int port) {
            List<String> command = new ArrayList<>(List.of(NGHTTPD.toString(), "--address=127.0.0.1",
                    "--htdocs=" + dir.resolve("www"), "--workers=" + workers));
            if (maxConcurrentStreams > 0) {
                command.add("--max-concurrent-streams=" + maxConcurrentStreams);
            }
            if (echoUpload) {
                command.add("--echo-upload");
            }
            for (String trailer : trailers) {
                command.add("--trailer=" + trailer);
            }
            if (cleartext) {
                command.add("--no-tls");
                command.add(Integer.toString(port));
            } else {
                command.add(Integer.toString(port));
                command.add(dir.resolve("tls/server.key").toString());
                command.add(dir.resolve("tls/server.pem").toString());
            }
            return command;
        }


        private void writeTree(Path dir) throws IOException {
            Files.createDirectories(dir.resolve("www"));
            Files.createDirectories(dir.resolve("tls"));
            for (Map.Entry<String, Object> file : files.entrySet()) {
                Path target = dir.resolve("www").resolve(file.getKey().substring(1));
                Files.createDirectories(target.getParent());
                if (file.getValue() instanceof byte[] bytes) {
                    Files.write(target, bytes);
                } else {
                    try (RandomAccessFile raf = new RandomAccessFile(target.toFile(), "rw")) {
                        raf.setLength((Long) file.getValue());
                    }
                }
            }
            if (!cleartext) {
                X509Bundle bundle = tls != null ? tls : TestCertificates.localhost().server();
                Files.writeString(dir.resolve("tls/server.pem"), bundle.getCertificatePathPEM());
                Files.writeString(dir.resolve("tls/server.key"), bundle.getPrivateKeyPEM());
            }
        }

        private static String checkPath(String path) {
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("a file path is like /name or /dir/name: " + path);
            }
            return path;
        }
    }
}
