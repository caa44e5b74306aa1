package dev.courier.support.servers;

import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}) as a child process, for interop tests against a real
 * server: static files (http and, optionally, https), keep-alive, and whatever extra directives a
 * test adds. Everything lives in a fresh temp directory (config, docroot, pid, error log, temp
 * paths), which {@link #close()} deletes after stopping nginx. nginx listens on 127.0.0.1 only, on
 * ports picked free just before it starts (retried if nginx loses the race for a port).
 *
 * <p>When nginx is not installed, {@link Builder#start()} skips the test (a JUnit assumption) with
 * install instructions, or fails if the environment variable {@code CI} is {@code true}.
 *
 * <p>Also served: {@code /echo-headers}, which answers 200 text with the request's method, URI,
 * Host, User-Agent, Accept-Encoding and Connection, one {@code name=value} per line.
 *
 * <pre>{@code
 * try (NginxServer nginx = NginxServer.builder()
 *         .file("/small", "hello".getBytes(UTF_8))
 *         .file("/big.bin", 64L << 20)                     // 64 MiB of zeros (sparse)
 *         .tls(TestCertificates.localhost().server())      // adds an https port
 *         .serverDirectives("location = /gone { return 410; }")
 *         .start()) {
 *     String http = nginx.url("/small");                   // http://127.0.0.1:P/small
 *     String https = nginx.httpsUrl("/big.bin");           // https://127.0.0.1:Q/big.bin
 * }
 * }</pre>
 */
public final class NginxServer implements AutoCloseable {
    /** Where Debian installs nginx. */
    public static final Path NGINX = Path.of("/usr/sbin/nginx");

    private static final Pattern VERSION = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Process process;
    private final Path dir;
    private final int port;
    private final int tlsPort;

    private NginxServer(Process process, Path dir, int port, int tlsPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
    }

    /** A builder: files, TLS, directives. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when nginx is missing (with how to install it); fails instead when
     * {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(NGINX, System.getenv("CI"));
    }

    static void checkInstalled(Path binary, String ci) {
        DebianPackages.requireExecutable(binary, "nginx", "nginx", ci);
    }

    /** The plain-http port. */
    public int port() {
        return port;
    }

    /** The https port, or -1 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + slash(path);
    }

    /** {@code https://127.0.0.1:TLSPORT/path}; only with TLS. */
    public String httpsUrl(String path) {
        if (tlsPort < 0) {
            throw new IllegalStateException("this nginx has no TLS port: use Builder.tls(...)");
        }
        return "https://127.0.0.1:" + tlsPort + slash(path);
    }

    /** The temp directory holding config, docroot ({@code www/}) and logs; gone after close. */
    public Path directory() {
        return dir;
    }

    /** The error log's content so far (empty if none). */
    public String errorLog() {
        return ChildProcesses.readText(dir.resolve("error.log"));
    }

    /** The nginx process (the master, or the only process). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops nginx (SIGTERM, then SIGKILL after 5 s) and deletes the temp directory. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "NginxServer[" + url("/") + (tlsPort < 0 ? "" : ", " + httpsUrl("/")) + "]";
    }

    private static String slash(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** The installed nginx's version as {major, minor, patch}. */
    static int[] version() {
        try {
            Process p = new ProcessBuilder(NGINX.toString(), "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IllegalStateException("cannot read the nginx version from: " + out);
            }
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds and starts an {@link NginxServer}. */
    public static final class Builder {
        private final Map<String, Object> files = new LinkedHashMap<>();
        private X509Bundle tls;
        private boolean http2;
        private boolean masterProcess;
        private int workerProcesses = 1;
        private Duration keepaliveTimeout = Duration.ofSeconds(75);
        private int keepaliveRequests = 10_000;
        private final List<String> httpDirectives = new ArrayList<>();
        private final List<String> serverDirectives = new ArrayList<>();
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

        /** Adds an https port using {@code serverBundle}'s key and chain. */
        public Builder tls(X509Bundle serverBundle) {
            this.tls = Objects.requireNonNull(serverBundle, "serverBundle");
            return this;
        }

        /** Adds an https port with the shared {@link TestCertificates#localhost()} certificate. */
        public Builder tls() {
            return tls(TestCertificates.localhost().server());
        }

        /**
         * Offers HTTP/2 (ALPN h2) on the https port: {@code http2 on;} on nginx 1.25.1+, the
         * {@code listen ... ssl http2} form before (Debian bookworm has 1.22).
         */
        public Builder http2(boolean enabled) {
            this.http2 = enabled;
            return this;
        }

        /** Runs a master process plus workers (default: off, one process). */
        public Builder masterProcess(boolean enabled) {
            this.masterProcess = enabled;
            return this;
        }

        /** Worker processes (1 or 2 suit a 2-core machine; default 1); needs the master process. */
        public Builder workerProcesses(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workerProcesses must be >= 1");
            }
            this.workerProcesses = count;
            return this;
        }

        /** {@code keepalive_timeout} (default 75 s). */
        public Builder keepaliveTimeout(Duration timeout) {
            this.keepaliveTimeout = timeout;
            return this;
        }

        /** {@code keepalive_requests} (default 10000; 1 makes nginx close after each response). */
        public Builder keepaliveRequests(int count) {
            this.keepaliveRequests = count;
            return this;
        }

        /** Extra directives inside {@code http { }} (e.g. {@code "gzip on; gzip_types *;"}). */
        public Builder httpDirectives(String directives) {
            httpDirectives.add(directives);
            return this;
        }

        /** Extra directives inside the {@code server { }} (e.g. locations). */
        public Builder serverDirectives(String directives) {
            serverDirectives.add(directives);
            return this;
        }

        /** How long to wait for the ports to accept connections (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the temp directory and starts nginx; see the class doc for a missing nginx. */
        public NginxServer start() {
            assumeInstalled();
            Path dir = ChildProcesses.tempDirectory("nginx", this::writeTree);
            Path conf = dir.resolve("nginx.conf");
            Path errorLog = dir.resolve("error.log");
            Path stdout = dir.resolve("stdout.log");
            return ChildProcesses.startOnFreePort("nginx", dir, "Address already in use",
                    () -> ChildProcesses.readText(errorLog) + ChildProcesses.readText(stdout), port -> {
                        int tlsPort = tls == null ? -1 : freePortOtherThan(port);
                        Files.writeString(conf, config(dir, port, tlsPort));
                        Files.deleteIfExists(errorLog);
                        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir + "/",
                                "-c", conf.toString(), "-e", errorLog.toString())
                                .redirectErrorStream(true)
                                .redirectOutput(stdout.toFile())
                                .start();
                        boolean up = tlsPort < 0
                                ? ChildProcesses.awaitPort(process, startTimeout, port)
                                : ChildProcesses.awaitPort(process, startTimeout, port, tlsPort);
                        if (up) {
                            return new NginxServer(process, dir, port, tlsPort);
                        }
                        ChildProcesses.stop(process);
                        return null;
                    });
        }

        private static int freePortOtherThan(int taken) throws IOException {
            while (true) {
                int port = ChildProcesses.freeLoopbackPort();
                if (port != taken) {
                    return port;
                }
            }
        }

        private void writeTree(Path dir) throws IOException {
            for (String sub : List.of("www", "tmp/client_body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi", "tls")) {
                Files.createDirectories(dir.resolve(sub));
            }
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
            if (tls != null) {
                Files.writeString(dir.resolve("tls/server.pem"), tls.getCertificatePathPEM());
                Files.writeString(dir.resolve("tls/server.key"), tls.getPrivateKeyPEM());
            }
        }

        String config(Path dir, int port, int tlsPort) {
            boolean http2Directive = http2 && atLeast(version(), 1, 25, 1);
            boolean root = "root".equals(System.getProperty("user.name"));
            StringBuilder c = new StringBuilder();
            c.append("daemon off;\n");
            c.append("master_process ").append(masterProcess ? "on" : "off").append(";\n");
            c.append("worker_processes ").append(workerProcesses).append(";\n");
            if (masterProcess && root) {
                c.append("user root;\n"); // workers must read the root-owned temp dir
            }
            c.append("pid ").append(q(dir.resolve("nginx.pid"))).append(";\n");
            c.append("error_log ").append(q(dir.resolve("error.log"))).append(" notice;\n");
            c.append("events { worker_connections 1024; }\n");
            c.append("http {\n");
            c.append("  access_log off;\n");
            c.append("  default_type application/octet-stream;\n");
            c.append("  types { text/plain txt; text/html html; application/json json; }\n");
            c.append("  sendfile on;\n");
            c.append("  keepalive_timeout ").append(keepaliveTimeout.toMillis()).append("ms;\n");
            c.append("  keepalive_requests ").append(keepaliveRequests).append(";\n");
            for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
                c.append("  ").append(temp).append("_temp_path ").append(q(dir.resolve("tmp/" + temp))).append(";\n");
            }
            c.append("  server {\n");
            c.append("    listen 127.0.0.1:").append(port).append(";\n");
            if (tlsPort >= 0) {
                c.append("    listen 127.0.0.1:").append(tlsPort).append(" ssl")
                        .append(http2 && !http2Directive ? " http2" : "").append(";\n");
                c.append("    ssl_certificate ").append(q(dir.resolve("tls/server.pem"))).append(";\n");
                c.append("    ssl_certificate_key ").append(q(dir.resolve("tls/server.key"))).append(";\n");
                if (http2Directive) {
                    c.append("    http2 on;\n");
                }
            }
            c.append("    server_name localhost;\n");
            c.append("    root ").append(q(dir.resolve("www"))).append(";\n");
            c.append("    location = /echo-headers {\n");
            c.append("      default_type text/plain;\n");
            c.append("      return 200 \"method=$request_method\\nuri=$request_uri\\nhost=$http_host\\n")
                    .append("user-agent=$http_user_agent\\naccept-encoding=$http_accept_encoding\\n")
                    .append("connection=$http_connection\\n\";\n");
            c.append("    }\n");
            serverDirectives.forEach(d -> c.append("    ").append(d).append('\n'));
            c.append("  }\n");
            httpDirectives.forEach(d -> c.append("  ").append(d).append('\n'));
            c.append("}\n");
            return c.toString();
        }

        private static boolean atLeast(int[] version, int major, int minor, int patch) {
            return Integer.compare(version[0], major) != 0 ? version[0] > major
                    : Integer.compare(version[1], minor) != 0 ? version[1] > minor
                    : version[2] >= patch;
        }

        private static String q(Path path) {
            return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        private static String checkPath(String path) {
            if (!path.startsWith("/") || path.endsWith("/") || path.contains("..") || path.contains("\\")) {
                throw new IllegalArgumentException("a file path is like /name or /dir/name: " + path);
            }
            return path;
        }
    }
}
