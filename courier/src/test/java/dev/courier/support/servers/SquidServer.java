package dev.courier.support.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's squid ({@code /usr/sbin/squid}) as a child process: a second HTTP forward proxy (with
 * CONNECT) beside {@link TinyproxyServer}, for proxy interop tests. It listens on 127.0.0.1 only
 * ({@code http_port 127.0.0.1:PORT}), on a port picked free just before it starts (retried if squid
 * loses the race for it), and serves clients from 127.0.0.0/8 only. CONNECT may reach any port (no
 * {@code SSL_ports} rule), nothing is cached ({@code cache deny all}, no {@code cache_dir}), and
 * DNS, should a test name a host, goes to 127.0.0.1 only, from a socket bound there (or names come
 * from a hosts file of the test's, {@link Builder#host}).
 * {@link Builder#basicAuth} makes it demand {@code Proxy-Authorization: Basic} (407 with
 * {@code Proxy-Authenticate: Basic realm="courier-squid"} otherwise, wrong credentials included),
 * checked by Debian's {@code basic_ncsa_auth} helper against a generated htpasswd file
 * ({@code $apr1$} hashes, {@link Md5Crypt}). Everything lives in a fresh temp directory (config,
 * htpasswd, cache.log, access.log, pid file, coredump dir), which {@link #close()} deletes after
 * stopping squid.
 *
 * <p>It runs in the foreground ({@code -N}: no daemon, one process plus its auth helpers). Squid
 * refuses to run as root, so when the tests run as root it switches to Debian's {@code proxy} user
 * ({@code cache_effective_user proxy}; {@code nobody} where there is no {@code proxy}) and the temp
 * directory is handed to that user; as anyone else it stays who it is (and logs a harmless "no_suid"
 * warning). Each instance has its own service name ({@code -n courierNNN}), which names the few
 * shared-memory segments squid makes in /dev/shm even without SMP: two squids never collide there,
 * and {@link #close()} removes the segments a killed squid would have left.
 *
 * <p>The access log has a line per transaction, written when it ends ({@code %Ss %>Hs %rm %ru %un}):
 * {@link #requests()}, {@link #awaitRequest(String, Duration)}. Squid typically starts in a fraction
 * of a second, but the wait is bounded at 30 s; stopping takes 1 to 3 s (squid's shutdown steps
 * run on a one-second clock even with {@code shutdown_lifetime 0}).
 *
 * <p>When squid is not installed, {@link Builder#start()} skips the test (a JUnit assumption) with
 * install instructions, or fails if the environment variable {@code CI} is {@code true}.
 *
 * <pre>{@code
 * try (SquidServer squid = SquidServer.builder().basicAuth("alice", "s3cret").start()) {
 *     String url = squid.urlWithCredentials();            // http://alice:s3cret@127.0.0.1:PORT
 *     // ... a request for http://127.0.0.1:8080/x through the proxy ...
 *     assertThat(squid.awaitRequest("http://127.0.0.1:8080/x", Duration.ofSeconds(5))).isTrue();
 * }
 * }</pre>
 */
public final class SquidServer implements AutoCloseable {
    /** Where Debian installs squid. */
    public static final Path SQUID = Path.of("/usr/sbin/squid");
    /** Debian's htpasswd-file checker for {@code auth_param basic}. */
    public static final Path BASIC_NCSA_AUTH = Path.of("/usr/lib/squid/basic_ncsa_auth");

    private static final Path SHM = Path.of("/dev/shm");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One access-log line: squid's result code ({@code TCP_MISS}, {@code TCP_DENIED},
     * {@code TCP_TUNNEL}), the status sent to the client (407, 200...; 0 when none), the method,
     * the target (an absolute URL, or {@code host:port} for CONNECT), the authenticated user
     * ({@code -} when none), and the Proxy-Authorization header as the client sent it, whether or
     * not this proxy asks for one ({@code -} when none): the user is only logged by a proxy that
     * checks credentials, so a client that leaks them to one that does not shows here alone.
     */
    public record Request(String result, int status, String method, String target, String user,
            String proxyAuthorization) {}

    private final Process process;
    private final Path dir;
    private final int port;
    private final String serviceName;
    private final String user;
    private final String password;

    private SquidServer(Process process, Path dir, int port, String serviceName, String user, String password) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.serviceName = serviceName;
        this.user = user;
        this.password = password;
    }

    /** A builder: Basic auth, extra directives. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when squid is missing (with how to install it); fails instead when
     * {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(SQUID, System.getenv("CI"));
    }

    static void checkInstalled(Path binary, String ci) {
        DebianPackages.requireExecutable(binary, "squid", "squid", ci);
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

    /** {@code http://USER:PASSWORD@127.0.0.1:PORT} (both percent-encoded); only with auth. */
    public String urlWithCredentials() {
        requireAuth();
        return "http://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port;
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

    /** The temp directory (config, htpasswd, logs); gone after close. */
    public Path directory() {
        return dir;
    }

    /** The access log so far (empty if none). */
    public String accessLog() {
        return ChildProcesses.readText(dir.resolve("access.log"));
    }

    /** cache.log, squid's own log (startup, warnings, errors), so far. */
    public String cacheLog() {
        return ChildProcesses.readText(dir.resolve("cache.log"));
    }

    /**
     * The transactions squid logged so far, in the order they ended; the start-up check's empty
     * connection (logged as {@code error:transaction-end-before-headers}) is left out.
     */
    public List<Request> requests() {
        List<Request> requests = new ArrayList<>();
        for (String line : accessLog().split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 6 || f[4].startsWith("error:")) {
                continue;
            }
            int status;
            try {
                status = Integer.parseInt(f[2]);
            } catch (NumberFormatException e) {
                status = 0;
            }
            String sent = f.length > 6 ? unescape(String.join(" ", Arrays.copyOfRange(f, 6, f.length))) : "-";
            requests.add(new Request(f[1], status, f[3], f[4], f[5], sent));
        }
        return requests;
    }

    /** Undoes squid's %XX escapes in a logged header (a space is %20); a '+' stays a '+', as in Base64. */
    private static String unescape(String logged) {
        StringBuilder b = new StringBuilder(logged.length());
        for (int i = 0; i < logged.length(); i++) {
            char c = logged.charAt(i);
            if (c == '%' && i + 2 < logged.length() && Character.digit(logged.charAt(i + 1), 16) >= 0
                    && Character.digit(logged.charAt(i + 2), 16) >= 0) {
                b.append((char) Integer.parseInt(logged.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Whether a logged transaction had exactly {@code target}: an absolute URL for plain http
     * ({@code http://127.0.0.1:8080/x}), {@code host:port} for CONNECT. Squid logs a transaction
     * when it ends, possibly just after the client saw the response: see {@link #awaitRequest}.
     */
    public boolean sawRequest(String target) {
        return requests().stream().anyMatch(r -> r.target().equals(target));
    }

    /** {@link #sawRequest} polled until true or {@code timeout} has passed. */
    public boolean awaitRequest(String target, Duration timeout) {
        return ChildProcesses.poll(() -> sawRequest(target), timeout);
    }

    /** The service name ({@code -n}), which prefixes squid's segments in /dev/shm. */
    String serviceName() {
        return serviceName;
    }

    /** The squid process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Stops squid (SIGTERM, then SIGKILL after 5 s; a clean stop takes 1 to 3 s), removes its
     * shared-memory segments if it left any, and deletes the temp directory.
     */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        removeSharedMemory(serviceName);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "SquidServer[" + url() + (user == null ? "" : ", basic auth") + "]";
    }

    private void requireAuth() {
        if (user == null) {
            throw new IllegalStateException("this squid has no credentials: use Builder.basicAuth(...)");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Deletes /dev/shm/SERVICE-* (squid names its segments after the service name). */
    static void removeSharedMemory(String serviceName) {
        if (!Files.isDirectory(SHM)) {
            return;
        }
        try (DirectoryStream<Path> segments = Files.newDirectoryStream(SHM, serviceName + "-*")) {
            for (Path segment : segments) {
                Files.deleteIfExists(segment);
            }
        } catch (IOException e) {
            // best effort: a few KiB left in /dev/shm, under a name no later squid uses
        }
    }

    /** Builds and starts a {@link SquidServer}. */
    public static final class Builder {
        private String user;
        private String password;
        private final List<String> directives = new ArrayList<>();
        private final StringBuilder hosts = new StringBuilder();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {}

        /**
         * Requires {@code Proxy-Authorization: Basic} with these credentials, checked by
         * {@code basic_ncsa_auth}. The user has no {@code :} or whitespace; the password any
         * characters but line breaks.
         */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isEmpty() || !user.chars().noneMatch(c -> c == ':' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("a squid user has no ':' or whitespace: " + user);
            }
            if (password == null || password.isEmpty() || password.contains("\n") || password.contains("\r")) {
                throw new IllegalArgumentException("a squid password is one line, not empty");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * An extra squid.conf line, placed before the fixture's {@code http_access} rules, so an
         * {@code acl} plus {@code http_access deny ...} here takes precedence over them.
         */
        public Builder directive(String line) {
            directives.add(line);
            return this;
        }

        /**
         * Makes squid resolve {@code name} to {@code address} (an IP literal) from a hosts file of its
         * own ({@code hosts_file}, which replaces /etc/hosts), so a test can name hosts such as
         * {@code good.test} that only the proxy resolves.
         */
        public Builder host(String name, String address) {
            if (!name.matches("[A-Za-z0-9.-]+") || !address.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("a hosts line is an IP literal and a host name: " + address + " " + name);
            }
            hosts.append(address).append(' ').append(name).append('\n');
            return this;
        }

        /** How long to wait for the port to accept connections (default 30 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the temp directory and starts squid; see the class doc for a missing squid. */
        public SquidServer start() {
            assumeInstalled();
            if (user != null) {
                DebianPackages.requireExecutable(BASIC_NCSA_AUTH, "squid's basic_ncsa_auth", "squid", System.getenv("CI"));
            }
            String effectiveUser = runningAsRoot() ? unprivilegedUser() : null;
            Path dir = ChildProcesses.tempDirectory("squid", d -> {
                if (user != null) {
                    Files.writeString(d.resolve("htpasswd"), user + ":" + Md5Crypt.apr1(password) + "\n");
                }
                if (!hosts.isEmpty()) {
                    Files.writeString(d.resolve("hosts"), hosts);
                }
            });
            Path conf = dir.resolve("squid.conf");
            Path cacheLog = dir.resolve("cache.log");
            Path stdout = dir.resolve("stdout.log");
            return ChildProcesses.startOnFreePort("squid", dir, "Address already in use",
                    () -> ChildProcesses.readText(cacheLog) + ChildProcesses.readText(stdout), port -> {
                        String serviceName = "courier" + Long.toUnsignedString(RANDOM.nextLong(), 36);
                        Files.writeString(conf, config(dir, port, effectiveUser));
                        Files.deleteIfExists(cacheLog);
                        Files.deleteIfExists(dir.resolve("access.log"));
                        if (effectiveUser != null) {
                            chownTree(dir, effectiveUser);
                        }
                        Process process = new ProcessBuilder(SQUID.toString(), "-N", "-n", serviceName, "-f", conf.toString())
                                .redirectErrorStream(true)
                                .redirectOutput(stdout.toFile())
                                .start();
                        if (ChildProcesses.awaitPort(process, port, startTimeout)) {
                            return new SquidServer(process, dir, port, serviceName, user, password);
                        }
                        ChildProcesses.stop(process);
                        removeSharedMemory(serviceName);
                        return null;
                    });
        }

        String config(Path dir, int port, String effectiveUser) {
            StringBuilder c = new StringBuilder();
            c.append("http_port 127.0.0.1:").append(port).append('\n');
            c.append("visible_hostname localhost\n");
            if (effectiveUser != null) {
                c.append("# squid refuses to run as root\n");
                c.append("cache_effective_user ").append(effectiveUser).append('\n');
            }
            c.append("pid_filename ").append(dir.resolve("squid.pid")).append('\n');
            c.append("cache_log ").append(dir.resolve("cache.log")).append('\n');
            c.append("logformat courier %ts.%03tu %Ss %03>Hs %rm %ru %un %{Proxy-Authorization}>h\n");
            c.append("access_log stdio:").append(dir.resolve("access.log")).append(" courier\n");
            c.append("buffered_logs off\n");
            c.append("cache_store_log none\n");
            c.append("logfile_rotate 0\n");
            c.append("coredump_dir ").append(dir).append('\n');
            c.append("# no cache_dir: memory only, and nothing cached at all\n");
            c.append("cache deny all\n");
            c.append("cache_mem 8 MB\n");
            c.append("max_filedescriptors 1024\n");
            c.append("shutdown_lifetime 0 seconds\n");
            c.append("netdb_filename none\n");
            c.append("pinger_enable off\n");
            c.append("digest_generation off\n");
            c.append("dns_nameservers 127.0.0.1\n");
            if (!hosts.isEmpty()) {
                c.append("hosts_file ").append(dir.resolve("hosts")).append('\n');
            }
            c.append("udp_incoming_address 127.0.0.1\n");
            c.append("udp_outgoing_address 127.0.0.1\n");
            c.append("acl courier_loopback src 127.0.0.0/8\n");
            if (user != null) {
                c.append("auth_param basic program ").append(BASIC_NCSA_AUTH).append(' ').append(dir.resolve("htpasswd")).append('\n');
                c.append("auth_param basic children 2 startup=1 idle=1\n");
                c.append("auth_param basic realm courier-squid\n");
                c.append("acl courier_auth proxy_auth REQUIRED\n");
            }
            directives.forEach(d -> c.append(d).append('\n'));
            c.append("# no Safe_ports/SSL_ports rules: CONNECT may reach any port\n");
            c.append("http_access deny !courier_loopback\n");
            c.append(user != null ? "http_access allow courier_auth\n" : "http_access allow courier_loopback\n");
            c.append("http_access deny all\n");
            return c.toString();
        }


        private static boolean runningAsRoot() {
            return "root".equals(System.getProperty("user.name"));
        }

        /** Debian's {@code proxy} (squid's own default user), else {@code nobody}. */
        private static String unprivilegedUser() {
            UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
            for (String name : List.of("proxy", "nobody")) {
                try {
                    users.lookupPrincipalByName(name);
                    return name;
                } catch (UserPrincipalNotFoundException e) {
                    // try the next
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            throw new IllegalStateException("squid will not run as root, and there is neither a 'proxy' nor a 'nobody' user");
        }

        /** Gives the temp directory to squid's user: it writes logs and pid there, its helper reads htpasswd. */
        private static void chownTree(Path dir, String owner) throws IOException {
            UserPrincipal principal = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner);
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.toList()) {
                    Files.setOwner(p, principal);
                }
            }
        }
    }
}
