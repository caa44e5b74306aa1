package dev.courier.support.servers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's tinyproxy ({@code /usr/bin/tinyproxy}) as a child process: an HTTP forward proxy that
 * also tunnels CONNECT, for proxy interop tests. It listens on 127.0.0.1 only, on a port picked free
 * just before it starts (retried if tinyproxy loses the race for it), allows clients from 127.0.0.1
 * only, and tunnels CONNECT to any port (the config has no {@code ConnectPort} line, and with none
 * tinyproxy allows every port). {@link Builder#basicAuth} makes it demand
 * {@code Proxy-Authorization: Basic}, for CONNECT too: without one it answers 407 with
 * {@code Proxy-Authenticate: Basic realm="Tinyproxy"}, but with a wrong one (tinyproxy 1.11's
 * quirk) 401 with {@code WWW-Authenticate}; its own responses are HTTP/1.0. Everything lives in a fresh
 * temp directory (config, log, pid file), which {@link #close()} deletes after stopping tinyproxy.
 *
 * <p>It runs in the foreground ({@code -d}) as the user running the tests: the config has no
 * {@code User}/{@code Group} lines, so as root tinyproxy logs "You SHOULD set a UserName" and stays
 * root, and as anyone else it does not try to switch.
 *
 * <p>The log ({@code LogLevel Info}) has a {@code Request} line per request tinyproxy read, written
 * before it forwards the request, including those it then refused with 407: {@link #requests()},
 * {@link #sawRequest(String)}.
 *
 * <p>When tinyproxy is not installed, {@link Builder#start()} skips the test (a JUnit assumption)
 * with install instructions, or fails if the environment variable {@code CI} is {@code true}.
 *
 * <pre>{@code
 * try (TinyproxyServer proxy = TinyproxyServer.builder().basicAuth("alice", "s3cret").start()) {
 *     String url = proxy.urlWithCredentials();            // http://alice:s3cret@127.0.0.1:PORT
 *     // ... a request for http://127.0.0.1:8080/x through the proxy ...
 *     assertThat(proxy.sawRequest("http://127.0.0.1:8080/x")).isTrue();
 * }
 * }</pre>
 */
public final class TinyproxyServer implements AutoCloseable {
    /** Where Debian installs tinyproxy. */
    public static final Path TINYPROXY = Path.of("/usr/bin/tinyproxy");

    /** What tinyproxy's config grammar accepts for a {@code BasicAuth} user or password. */
    private static final Pattern CREDENTIAL = Pattern.compile("[-A-Za-z0-9._]+");
    private static final Pattern REQUEST = Pattern.compile("Request \\(file descriptor \\d+\\): (.*)$", Pattern.MULTILINE);

    private final Process process;
    private final Path dir;
    private final int port;
    private final String user;
    private final String password;

    private TinyproxyServer(Process process, Path dir, int port, String user, String password) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A builder: Basic auth, timeout, extra directives. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when tinyproxy is missing (with how to install it); fails instead when
     * {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(TINYPROXY, System.getenv("CI"));
    }

    static void checkInstalled(Path binary, String ci) {
        DebianPackages.requireExecutable(binary, "tinyproxy", "tinyproxy", ci);
    }

    /** The port (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** 127.0.0.1:PORT, for {@code ProxySelector.of(...)} or {@code new Proxy(HTTP, ...)}. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code http://USER:PASSWORD@127.0.0.1:PORT}; only with {@link Builder#basicAuth}. */
    public String urlWithCredentials() {
        requireAuth();
        return "http://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /** The Basic auth user, or null without auth. */
    public String user() {
        return user;
    }

    /** The Basic auth password, or null without auth. */
    public String password() {
        return password;
    }

    /** {@code Basic BASE64(user:password)}, the Proxy-Authorization value; only with auth. */
    public String proxyAuthorization() {
        requireAuth();
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The temp directory (config, log, pid file); gone after close. */
    public Path directory() {
        return dir;
    }

    /**
     * tinyproxy's log so far (empty if none). The start-up lines, which tinyproxy holds back until
     * its log file is open, may land a moment after the port accepts; request lines are written as
     * requests come.
     */
    public String log() {
        return ChildProcesses.readText(dir.resolve("tinyproxy.log"));
    }

    /**
     * The request lines tinyproxy read so far, in order, as the client sent them: {@code GET
     * http://127.0.0.1:8080/x HTTP/1.1}, {@code CONNECT 127.0.0.1:8443 HTTP/1.1}. Requests it
     * refused (407) are listed too.
     */
    public List<String> requests() {
        List<String> lines = new ArrayList<>();
        Matcher m = REQUEST.matcher(log());
        while (m.find()) {
            lines.add(m.group(1).strip());
        }
        return lines;
    }

    /**
     * Whether a request line so far had exactly {@code target} as its target: an absolute URL for
     * plain http ({@code http://127.0.0.1:8080/x}), {@code host:port} for CONNECT.
     */
    public boolean sawRequest(String target) {
        for (String line : requests()) {
            String[] parts = line.split(" ");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #sawRequest} polled until true or {@code timeout} has passed. */
    public boolean awaitRequest(String target, Duration timeout) {
        return ChildProcesses.poll(() -> sawRequest(target), timeout);
    }

    /** The tinyproxy process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops tinyproxy (SIGTERM, then SIGKILL after 5 s) and deletes the temp directory. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "TinyproxyServer[" + url() + (user == null ? "" : ", basic auth") + "]";
    }

    private void requireAuth() {
        if (user == null) {
            throw new IllegalStateException("this tinyproxy has no credentials: use Builder.basicAuth(...)");
        }
    }

    /** Builds and starts a {@link TinyproxyServer}. */
    public static final class Builder {
        private String user;
        private String password;
        private Duration timeout = Duration.ofSeconds(600);
        private final List<String> directives = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * Requires {@code Proxy-Authorization: Basic} with these credentials ({@code BasicAuth}).
         * tinyproxy's config takes only letters, digits, {@code -}, {@code _} and {@code .} in
         * either.
         */
        public Builder basicAuth(String user, String password) {
            this.user = checkCredential("user", user);
            this.password = checkCredential("password", password);
            return this;
        }

        /** How long an idle connection stays open ({@code Timeout}; default 600 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.toSeconds() < 1) {
                throw new IllegalArgumentException("timeout must be at least 1 s");
            }
            this.timeout = timeout;
            return this;
        }

        /** An extra config line (e.g. {@code "DisableViaHeader Yes"}). */
        public Builder directive(String line) {
            directives.add(line);
            return this;
        }

        /** How long to wait for the port to accept connections (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the temp directory and starts tinyproxy; see the class doc for a missing tinyproxy. */
        public TinyproxyServer start() {
            assumeInstalled();
            Path dir = ChildProcesses.tempDirectory("tinyproxy", d -> {});
            Path conf = dir.resolve("tinyproxy.conf");
            Path log = dir.resolve("tinyproxy.log");
            Path stdout = dir.resolve("stdout.log");
            // tinyproxy says only "Could not create listening sockets" when the port is taken (no errno)
            return ChildProcesses.startOnFreePort("tinyproxy", dir, "Could not create listening sockets",
                    () -> ChildProcesses.readText(log) + ChildProcesses.readText(stdout), port -> {
                        Files.writeString(conf, config(dir, port));
                        Files.deleteIfExists(log);
                        Process process = new ProcessBuilder(TINYPROXY.toString(), "-d", "-c", conf.toString())
                                .redirectErrorStream(true)
                                .redirectOutput(stdout.toFile())
                                .start();
                        if (ChildProcesses.awaitPort(process, port, startTimeout)) {
                            return new TinyproxyServer(process, dir, port, user, password);
                        }
                        ChildProcesses.stop(process);
                        return null;
                    });
        }

        String config(Path dir, int port) {
            StringBuilder c = new StringBuilder();
            c.append("# no User/Group: tinyproxy runs as whoever starts it (root on CI)\n");
            c.append("Port ").append(port).append('\n');
            c.append("Listen 127.0.0.1\n");
            c.append("Timeout ").append(timeout.toSeconds()).append('\n');
            c.append("LogFile ").append(q(dir.resolve("tinyproxy.log"))).append('\n');
            c.append("LogLevel Info\n");
            c.append("PidFile ").append(q(dir.resolve("tinyproxy.pid"))).append('\n');
            c.append("MaxClients 100\n");
            c.append("Allow 127.0.0.1\n");
            c.append("# no ConnectPort line: CONNECT may reach any port\n");
            if (user != null) {
                c.append("BasicAuth ").append(user).append(' ').append(password).append('\n');
            }
            directives.forEach(d -> c.append(d).append('\n'));
            return c.toString();
        }


        private static String checkCredential(String what, String value) {
            if (value == null || !CREDENTIAL.matcher(value).matches()) {
                throw new IllegalArgumentException(
                        "tinyproxy's BasicAuth " + what + " is letters, digits, '-', '_' and '.' only: " + value);
            }
            return value;
        }

        private static String q(Path path) {
            return "\"" + path + "\"";
        }
    }
}
