package dev.courier.support.servers;

import java.io.IOException;
import java.net.Authenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Dante SOCKS server ({@code /usr/sbin/danted}, package dante-server) as a child process: a
 * SOCKS5 proxy for proxy interop tests, without authentication ({@code socksmethod: none}, the
 * default) or with a username and password ({@link Builder#usernameAuth}, RFC 1929). It listens on
 * 127.0.0.1 only ({@code internal: 127.0.0.1 port = PORT}, {@code external: 127.0.0.1}), on a port
 * picked free just before it starts (retried if danted loses the race for it), takes clients from
 * 127.0.0.0/8 only and connects them to 127.0.0.0/8 only (a host name is resolved, then must be a
 * loopback address). Everything lives in a fresh temp directory (config, log, pid file), which
 * {@link #close()} deletes after stopping danted and its children.
 *
 * <p>It runs in the foreground (no {@code -D}) as the user running the tests: the config has no
 * {@code user.privileged}/{@code user.unprivileged} lines, so nothing is switched (as root danted
 * logs "setting the unprivileged uid to 0 is not recommended", harmless here).
 *
 * <p><b>Username auth.</b> Dante checks a SOCKS username and password against the system accounts
 * only: {@code socksmethod: username} is getpwnam + getspnam + crypt, and {@code pam.username}
 * reads its PAM service from /etc/pam.d (dante's config grammar refuses a path there; and
 * {@code pam_exec} fails in dante's children, which ignore SIGCHLD, so pam_exec's waitpid gets
 * ECHILD). Rather than add a user to the machine, the fixture starts danted in a private mount
 * namespace ({@code unshare --mount}, util-linux) where a generated /etc/passwd (the real one plus
 * the test user) and an /etc/shadow holding only the test user's {@code $1$} hash
 * ({@link Md5Crypt}) are bind-mounted over the real files. Only danted sees them; the machine is not
 * changed, and no real account can authenticate through the fixture (their hashes are not in the
 * shadow it sees). That needs root (CI, and the tests here, run as root) or, for anyone else,
 * unprivileged user namespaces ({@code unshare --user --map-root-user --mount}); where neither
 * works, {@link Builder#start()} skips (a JUnit assumption) saying so, or fails on CI.
 *
 * <p>The log ({@code logoutput}) has the clients' sessions: {@link #connections()},
 * {@link #awaitConnection(String, int, Duration)}; refused logins show as {@code block(...)} lines
 * naming the user ({@link #log()}).
 *
 * <p>When danted is not installed, {@link Builder#start()} skips the test (a JUnit assumption) with
 * install instructions, or fails if the environment variable {@code CI} is {@code true}.
 *
 * <pre>{@code
 * try (DanteServer socks = DanteServer.builder().usernameAuth("alice", "s3cret").start();
 *      Socket s = new Socket(socks.proxy())) {                 // + socks.authenticator() as default
 *     s.connect(new InetSocketAddress("127.0.0.1", 8080));
 *     assertThat(socks.awaitConnection("127.0.0.1", 8080, Duration.ofSeconds(5))).isTrue();
 * }
 * }</pre>
 */
public final class DanteServer implements AutoCloseable {
    /** Where Debian installs danted. */
    public static final Path DANTED = Path.of("/usr/sbin/danted");

    /** A user name that is safe in passwd and shadow lines. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][-A-Za-z0-9._]*");
    /** {@code tcp/connect [: [username%USER@]CLIENT.PORT PROXY.PORT -> EXTERNAL.PORT TARGET.PORT}. */
    private static final Pattern CONNECT = Pattern.compile(
            "tcp/connect \\[: (?:username%(\\S+)@)?\\S+ \\S+ -> \\S+ (\\S+)\\.(\\d+)\\s*$", Pattern.MULTILINE);
    /** Printed by the namespace wrapper when it cannot bind-mount the account files. */
    private static final String NO_MOUNT = "courier-dante: cannot bind-mount the test account files";

    /**
     * One SOCKS session dante opened: the user (null without auth) and the target it connected
     * to, as an address (a host name the client sent appears resolved).
     */
    public record Connection(String user, String host, int port) {}

    private final Process process;
    private final Path dir;
    private final int port;
    private final String user;
    private final String password;

    private DanteServer(Process process, Path dir, int port, String user, String password) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A builder: no auth (default) or username auth. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when danted is missing (with how to install it); fails instead when
     * {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(DANTED, System.getenv("CI"));
    }

    static void checkInstalled(Path binary, String ci) {
        DebianPackages.requireExecutable(binary, "danted", "dante-server", ci);
    }

    /** The port (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** 127.0.0.1:PORT. */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** {@code new Proxy(Proxy.Type.SOCKS, address())}, for {@code new Socket(proxy)}. */
    public Proxy proxy() {
        return new Proxy(Proxy.Type.SOCKS, address());
    }

    /** {@code socks5://127.0.0.1:PORT}. */
    public String url() {
        return "socks5://127.0.0.1:" + port;
    }

    /** {@code socks5://USER:PASSWORD@127.0.0.1:PORT} (both percent-encoded); only with auth. */
    public String urlWithCredentials() {
        requireAuth();
        return "socks5://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port;
    }

    /** The SOCKS user, or null without auth. */
    public String user() {
        return user;
    }

    /** The SOCKS password, or null without auth. */
    public String password() {
        return password;
    }

    /**
     * An {@link Authenticator} that gives this server's credentials to the JDK's SOCKS client
     * (which asks only the default authenticator) when it asks for SOCKS5 on this port, and
     * nothing to anyone else. Set it with {@link Authenticator#setDefault} and put the previous
     * one ({@link Authenticator#getDefault()}) back afterwards; only with auth.
     */
    public Authenticator authenticator() {
        requireAuth();
        String u = user;
        char[] p = password.toCharArray();
        int socksPort = port;
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if ("SOCKS5".equals(getRequestingProtocol()) && getRequestingPort() == socksPort) {
                    return new PasswordAuthentication(u, p.clone());
                }
                return null;
            }
        };
    }

    /** The temp directory (config, log, pid file, account files); gone after close. */
    public Path directory() {
        return dir;
    }

    /** danted's log so far (empty if none). */
    public String log() {
        return ChildProcesses.readText(dir.resolve("danted.log"));
    }

    /** The TCP sessions dante opened so far for its clients, in order. */
    public List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        Matcher m = CONNECT.matcher(log());
        while (m.find()) {
            connections.add(new Connection(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
        }
        return connections;
    }

    /** Whether dante connected a client to {@code host:port} so far ({@code host} an address). */
    public boolean sawConnection(String host, int port) {
        return connections().stream().anyMatch(c -> c.host().equals(host) && c.port() == port);
    }

    /** {@link #sawConnection} polled until true or {@code timeout} has passed. */
    public boolean awaitConnection(String host, int port, Duration timeout) {
        return ChildProcesses.poll(() -> sawConnection(host, port), timeout);
    }

    /** The danted process (the mother; its children are stopped with it). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Stops danted and its children (SIGTERM, then SIGKILL after 5 s) and deletes the temp directory. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "DanteServer[" + url() + (user == null ? "" : ", username auth") + "]";
    }

    private void requireAuth() {
        if (user == null) {
            throw new IllegalStateException("this dante has no credentials: use Builder.usernameAuth(...)");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Returns when the mount namespace could be made; otherwise fails on CI ({@code ci} is
     * {@code "true"}) or aborts the calling test.
     */
    static void requireNamespace(boolean made, String output, String ci) {
        if (made) {
            return;
        }
        String what = "DanteServer's username auth needs a private mount namespace (root, or unprivileged user "
                + "namespaces) to show danted a test /etc/passwd and /etc/shadow";
        if ("true".equals(ci)) {
            throw new IllegalStateException(what + "; CI runs as root, so this should work: " + output.strip());
        }
        Assumptions.assumeTrue(false, what + "; here: " + output.strip());
    }

    /** Builds and starts a {@link DanteServer}. */
    public static final class Builder {
        private String user;
        private String password;
        private Duration startTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /** No authentication ({@code socksmethod: none}); the default. */
        public Builder noAuth() {
            this.user = null;
            this.password = null;
            return this;
        }

        /**
         * SOCKS5 username/password authentication ({@code socksmethod: username}) with these
         * credentials only; see the class doc for how. The user is letters, digits, {@code -},
         * {@code _} and {@code .}; the password any 1 to 255 bytes (UTF-8) without NUL or line
         * breaks.
         */
        public Builder usernameAuth(String user, String password) {
            if (user == null || user.length() > 32 || !USER.matcher(user).matches()) {
                throw new IllegalArgumentException("a SOCKS user here is 1-32 of [-A-Za-z0-9._], not starting with '-' or '.': " + user);
            }
            if (password == null || password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > 255
                    || password.contains("\0") || password.contains("\n") || password.contains("\r")) {
                throw new IllegalArgumentException("a SOCKS password is 1-255 bytes without NUL or line breaks");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /** How long to wait for the port to accept connections (default 10 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the temp directory and starts danted; see the class doc for a missing danted. */
        public DanteServer start() {
            assumeInstalled();
            Path dir = ChildProcesses.tempDirectory("dante", d -> {
                if (user != null) {
                    writeAccounts(d);
                }
            });
            Path conf = dir.resolve("danted.conf");
            Path log = dir.resolve("danted.log");
            Path stdout = dir.resolve("stdout.log");
            return ChildProcesses.startOnFreePort("danted", dir, "Address already in use",
                    () -> ChildProcesses.readText(log) + ChildProcesses.readText(stdout), port -> {
                        Files.writeString(conf, config(dir, port));
                        Files.deleteIfExists(log);
                        Process process = new ProcessBuilder(command(dir))
                                .redirectErrorStream(true)
                                .redirectOutput(stdout.toFile())
                                .start();
                        if (ChildProcesses.awaitPort(process, port, startTimeout)) {
                            return new DanteServer(process, dir, port, user, password);
                        }
                        ChildProcesses.stop(process);
                        String output = ChildProcesses.readText(stdout);
                        if (user != null && (output.contains(NO_MOUNT) || output.startsWith("unshare:"))) {
                            requireNamespace(false, output, System.getenv("CI"));
                        }
                        return null;
                    });
        }

        List<String> command(Path dir) {
            List<String> danted = List.of(DANTED.toString(), "-f", dir.resolve("danted.conf").toString(),
                    "-p", dir.resolve("danted.pid").toString());
            if (user == null) {
                return danted;
            }
            // unshare and sh exec in place, so the process the JVM started is danted itself; the
            // namespace, and its mounts, go away with it
            List<String> command = new ArrayList<>(List.of("unshare"));
            if (!"root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("--user", "--map-root-user"));
            }
            command.addAll(List.of("--mount", "--propagation", "private", "/bin/sh", "-c",
                    "mount --bind \"$1\" /etc/passwd && mount --bind \"$2\" /etc/shadow"
                            + " || { echo '" + NO_MOUNT + "' >&2; exit 97; }; shift 2; exec \"$@\"",
                    "sh", dir.resolve("passwd").toString(), dir.resolve("shadow").toString()));
            command.addAll(danted);
            return command;
        }

        String config(Path dir, int port) {
            String method = user == null ? "none" : "username";
            StringBuilder c = new StringBuilder();
            c.append("# no user.privileged/user.unprivileged: danted runs as whoever starts it (root on CI)\n");
            c.append("logoutput: ").append(dir.resolve("danted.log")).append('\n');
            c.append("internal: 127.0.0.1 port = ").append(port).append('\n');
            c.append("external: 127.0.0.1\n");
            c.append("clientmethod: none\n");
            c.append("socksmethod: ").append(method).append('\n');
            c.append("client pass {\n");
            c.append("  from: 127.0.0.0/8 to: 0.0.0.0/0\n");
            c.append("  log: connect disconnect error\n");
            c.append("}\n");
            c.append("socks pass {\n");
            c.append("  from: 127.0.0.0/8 to: 127.0.0.0/8\n");
            c.append("  socksmethod: ").append(method).append('\n');
            c.append("  log: connect disconnect error\n");
            c.append("}\n");
            return c.toString();
        }

        /**
         * passwd: the real one without any line for the test user, plus the test user; shadow: the
         * test user only, with a {@code $1$} hash libcrypt checks.
         */
        private void writeAccounts(Path dir) throws IOException {
            StringBuilder passwd = new StringBuilder();
            Path real = Path.of("/etc/passwd");
            if (Files.isReadable(real)) {
                for (String line : Files.readAllLines(real, StandardCharsets.ISO_8859_1)) {
                    if (!line.startsWith(user + ":")) {
                        passwd.append(line).append('\n');
                    }
                }
            }
            passwd.append(user).append(":x:64999:64999:courier SOCKS test user:/nonexistent:/usr/sbin/nologin\n");
            Files.writeString(dir.resolve("passwd"), passwd, StandardCharsets.ISO_8859_1);
            Files.writeString(dir.resolve("shadow"), user + ":" + Md5Crypt.md5(password) + ":19000:0:99999:7:::\n");
        }

    }
}
