package dev.courier.support.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code python3-httpbin} (httpbin 0.7.0 on bookworm) as a child process on 127.0.0.1,
 * for endpoint-level interop tests: redirects, cookies, Basic/Bearer/Digest auth, content codings,
 * streaming. {@link #close()} stops it and deletes its temp directory (which holds its output).
 *
 * <pre>{@code
 * try (HttpbinServer httpbin = HttpbinServer.start()) {        // or builder().startTimeout(...).start()
 *     String url = httpbin.url("/redirect/2");                // http://127.0.0.1:PORT/redirect/2
 *     // ... point the client at url; on failure, httpbin.output() has the server's log
 * }
 * }</pre>
 *
 * <h2>How it runs</h2>
 * {@code /usr/bin/python3 -I -u -c SCRIPT}, where the script serves {@code httpbin.app} with
 * Werkzeug's threaded server ({@code werkzeug.serving.make_server("127.0.0.1", 0, app,
 * threaded=True)}, a thread per connection) and prints the port it bound. Debian's interpreter is
 * named explicitly because {@code python3} on PATH may be another Python (pyenv, a venv) that
 * cannot see the package; {@code -I} ignores {@code PYTHON*} variables and the user site. The child
 * binds port 0 itself, so there is no race for a free port. gunicorn is only a Recommends of the
 * package, which {@code .ci/run} skips ({@code --no-install-recommends}). The start waits (20 s by
 * default) for the port line, a TCP accept and a 200 from {@code GET /get}, and otherwise fails
 * with the process output. {@code close()} sends SIGTERM, waits 5 s, then SIGKILL.
 *
 * <p>When python3-httpbin is missing, {@link Builder#start()} skips the test (a JUnit assumption)
 * with install instructions, or fails if the environment variable {@code CI} is {@code true}
 * ({@code .ci/run} installs it).
 *
 * <h2>Server traits (Werkzeug 2.2.2 dev server)</h2>
 * <ul>
 *   <li>HTTP/1.1 only, no TLS. <b>Every response carries {@code Connection: close}</b>: Werkzeug
 *       never keeps a connection alive, so this server can't be used to test connection reuse.
 *       Bodies without a Content-Length are sent chunked.
 *   <li>Request bodies sent with {@code Transfer-Encoding: chunked} get 501 (httpbin refuses them
 *       outside gunicorn): send request bodies with a Content-Length.
 *   <li>Reason phrases are upper case ({@code 302 FOUND}, {@code 418 I'M A TEAPOT}). Every response
 *       has {@code Access-Control-Allow-Origin} and {@code Access-Control-Allow-Credentials: true}.
 * </ul>
 *
 * <h2>Redirects (302 unless said otherwise; {@code Location} exactly as shown)</h2>
 * <ul>
 *   <li>{@code /redirect/n}: {@code /relative-redirect/(n-1)}; for n = 1, {@code /get}. With
 *       {@code ?absolute=true}: {@code http://HOST/absolute-redirect/(n-1)}, or {@code http://HOST/get}.
 *       Small HTML body.
 *   <li>{@code /relative-redirect/n}: {@code /relative-redirect/(n-1)}, then {@code /get}; empty body.
 *   <li>{@code /absolute-redirect/n}: {@code http://HOST/absolute-redirect/(n-1)}, then
 *       {@code http://HOST/get}; HOST is the request's Host header (the server trusts it).
 *   <li>{@code /redirect-to?url=U&status_code=C} (GET, POST, PUT, DELETE, PATCH, TRACE): Location is
 *       U byte for byte (relative, other host, odd schemes alike); status C when 300 &le; C &lt; 400,
 *       else 302 (no status_code, or 200, gives 302); empty body. It never contacts U.
 * </ul>
 *
 * <h2>Cookies</h2>
 * <ul>
 *   <li>{@code /cookies/set?k=v&k2=v2} and {@code /cookies/set/k/v}: 302, {@code Location: /cookies},
 *       one {@code Set-Cookie: k=v; Path=/} per pair: no Domain, Expires, HttpOnly or SameSite, and
 *       {@code Secure} only over https (never here).
 *   <li>{@code /cookies/delete?k}: 302 to {@code /cookies} with
 *       {@code Set-Cookie: k=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/}.
 *   <li>{@code /cookies} (GET only): 200 {@code {"cookies":{"a":"1","b":"2"}}} from the request's
 *       Cookie header; tracking names ({@code _gauges_*}, {@code __utm*}) are hidden unless
 *       {@code ?show_env=1}.
 * </ul>
 *
 * <h2>Basic and Bearer</h2>
 * <ul>
 *   <li>{@code /basic-auth/u/p}: 401 with {@code WWW-Authenticate: Basic realm="Fake Realm"} without
 *       (or with wrong) credentials; 200 {@code {"authenticated":true,"user":"u"}} with them.
 *   <li>{@code /hidden-basic-auth/u/p}: 404 without credentials (no challenge); 200 with them.
 *   <li>{@code /bearer}: 401 with {@code WWW-Authenticate: Bearer} when there is no Authorization
 *       header; <em>any</em> Authorization header gives 200 {@code {"authenticated":true,"token":..}}
 *       (the token is the header minus leading characters of "Bearer "; a Basic header passes too).
 * </ul>
 *
 * <h2>Digest: {@code /digest-auth/QOP/USER/PASSWD[/ALGORITHM[/STALE_AFTER]]}</h2>
 * <ul>
 *   <li>GET (and HEAD) only: a POST gets 405. The challenge is 401 with
 *       {@code WWW-Authenticate: Digest realm="me@kennethreitz.com", nonce="..", qop="auth",
 *       opaque="..", algorithm=MD5, stale=FALSE} plus {@code Set-Cookie: stale_after=never; Path=/}
 *       and {@code Set-Cookie: fake=fake_value; Path=/}; success is 200
 *       {@code {"authenticated":true,"user":"USER"}} (and {@code Set-Cookie: fake=fake_value}).
 *   <li>Algorithms: {@code MD5}, {@code SHA-256}, {@code SHA-512}. Anything else (MD5-sess,
 *       SHA-256-sess, SHA-512-256) silently becomes MD5. No {@code -sess}, no {@code userhash}, no
 *       {@code charset}; a single challenge per response, so no "prefer SHA-256" choice to test.
 *   <li>QOP: {@code auth} offers {@code qop="auth"}, {@code auth-int} offers {@code qop="auth-int"},
 *       anything else offers {@code qop="auth, auth-int"} and also accepts an answer without qop
 *       (RFC 2069 style). With a qop the answer must carry {@code nc} and {@code cnonce}.
 *   <li>{@code auth-int} works, but only with the empty body of a GET:
 *       HA2 = H("GET:" + uri + ":" + H("")). No route takes a body, so auth-int with a body cannot
 *       be tested here.
 *   <li>The server hashes with the {@code algorithm} of the <em>Authorization header</em>, MD5 when
 *       it is absent: a client answering a SHA-256 challenge must echo {@code algorithm=SHA-256}.
 *   <li>It hashes the request's real path, not the {@code uri} parameter, so {@code uri} must equal
 *       the path. With any query string, checking the answer crashes (500: a Python 3 bytes/str
 *       bug in 0.7.0).
 *   <li>Stateless: nonce and opaque are not checked, only the response hash; a wrong answer gets a
 *       fresh challenge (401, stale=FALSE) plus {@code Set-Cookie: last_nonce=NONCE}.
 *   <li><b>Cookies: by default none are required.</b> A client just answers the challenge with
 *       {@code Authorization: Digest username, realm, nonce, uri (= path), response, opaque,
 *       algorithm, qop, nc, cnonce}. Sending back the cookies of the challenge is harmless, except
 *       {@code last_nonce}: a request whose Cookie has {@code last_nonce} equal to its nonce gets a
 *       401 with {@code stale=TRUE} and a new nonce. With STALE_AFTER = N, each success counts the
 *       {@code stale_after} cookie down and a request carrying {@code stale_after=0} gets
 *       {@code stale=TRUE}: both stale paths need a client that stores cookies.
 *   <li>The 'fake' cookie is only checked with {@code ?require-cookie=1}: no Cookie header gives
 *       the challenge again, a Cookie without {@code fake=fake_value} gives 403
 *       {@code {"errors":["missing cookie set on challenge"]}}, and with it the query-string bug
 *       gives 500: require-cookie can never succeed in 0.7.0.
 * </ul>
 *
 * <h2>Bodies</h2>
 * {@code /gzip}, {@code /deflate} (zlib-wrapped, RFC 1950) and {@code /brotli} answer JSON with
 * {@code Content-Encoding: gzip | deflate | br} and a Content-Length, whatever Accept-Encoding
 * says. {@code /stream/n} (n &le; 100): n JSON lines ({@code "id": 0..n-1}), chunked.
 * {@code /bytes/n} (&le; 100 KiB): n random bytes, {@code application/octet-stream}, Content-Length;
 * {@code ?seed=S} repeats them. {@code /delay/s}: answers after s seconds (at most 10).
 * {@code /status/418}: the teapot with {@code x-more-info}.
 */
public final class HttpbinServer implements AutoCloseable {
    /** Debian's Python, which sees {@code /usr/lib/python3/dist-packages}. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String PORT_LINE = "courier-httpbin port=";
    private static final Pattern PORT = Pattern.compile(Pattern.quote(PORT_LINE) + "(\\d+)");
    private static final String LAUNCHER = String.join("\n",
            "import sys",
            "from werkzeug.serving import make_server",
            "from httpbin import app",
            "server = make_server('127.0.0.1', 0, app, threaded=True)",
            "sys.stdout.write('" + PORT_LINE + "%d\\n' % server.port)",
            "sys.stdout.flush()",
            "server.serve_forever()",
            "");
    private static final Duration IMPORT_CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final Map<Path, Boolean> INSTALLED = new ConcurrentHashMap<>();

    private final Process process;
    private final Path dir;
    private final int port;

    private HttpbinServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts httpbin with the defaults; same as {@code builder().start()}. */
    public static HttpbinServer start() {
        return builder().start();
    }

    /** A builder (start timeout). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Skips the calling test when python3-httpbin is missing (with how to install it); fails
     * instead when {@code CI=true}, since CI must run every test.
     */
    public static void assumeInstalled() {
        checkInstalled(PYTHON, System.getenv("CI"));
    }

    static void checkInstalled(Path python, String ci) {
        boolean installed = INSTALLED.computeIfAbsent(python, HttpbinServer::importsHttpbin);
        DebianPackages.require(installed, "python3-httpbin",
                " (" + python + " cannot import httpbin)", "python3-httpbin", ci);
    }

    private static boolean importsHttpbin(Path python) {
        if (!Files.isExecutable(python)) {
            return false;
        }
        Process p = null;
        try {
            p = new ProcessBuilder(python.toString(), "-I", "-c", "import httpbin")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(IMPORT_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.stop(p);
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            ChildProcesses.stop(p);
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The port httpbin listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/path} ({@code path} may carry a query). */
    public String url(String path) {
        return "http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path);
    }

    /** The httpbin process. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** What httpbin printed so far (stdout and stderr: request log, tracebacks). */
    public String output() {
        return ChildProcesses.readText(dir.resolve("httpbin.log"));
    }

    /** Stops httpbin (SIGTERM, then SIGKILL after 5 s) and deletes its temp directory. */
    @Override
    public void close() {
        ChildProcesses.stop(process);
        ChildProcesses.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "HttpbinServer[" + url("/") + "]";
    }

    /** Builds and starts an {@link HttpbinServer}. */
    public static final class Builder {
        private Duration startTimeout = Duration.ofSeconds(20);
        private String launcher = LAUNCHER;

        private Builder() {}

        /** How long to wait for httpbin to answer {@code GET /get} (default 20 s). */
        public Builder startTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive");
            }
            this.startTimeout = timeout;
            return this;
        }

        /** Tests of the fixture: another Python source to run instead of the launcher. */
        Builder launcher(String pythonSource) {
            this.launcher = Objects.requireNonNull(pythonSource, "pythonSource");
            return this;
        }

        /** Starts httpbin and waits until it answers; see the class doc for a missing package. */
        public HttpbinServer start() {
            assumeInstalled();
            Path dir;
            try {
                dir = Files.createTempDirectory("courier-httpbin-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the httpbin directory", e);
            }
            Path log = dir.resolve("httpbin.log");
            Process process = null;
            try {
                ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-I", "-u", "-c", launcher)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                for (String variable : List.of("DEBUG", "BUGSNAG_API_KEY", "WERKZEUG_RUN_MAIN", "WERKZEUG_SERVER_FD")) {
                    builder.environment().remove(variable); // httpbin or Werkzeug would act on these
                }
                process = builder.start();
                long started = System.nanoTime();
                int port = awaitReady(process, log, started + startTimeout.toNanos());
                if (port > 0) {
                    return new HttpbinServer(process, dir, port);
                }
                String why = process.isAlive()
                        ? "did not answer GET /get within " + startTimeout.toMillis() + " ms"
                        : "exited with code " + process.exitValue() + " before answering";
                ChildProcesses.stop(process);
                throw new IllegalStateException("httpbin did not start: it " + why + "; its output:\n" + ChildProcesses.readText(log));
            } catch (IOException e) {
                ChildProcesses.stop(process);
                ChildProcesses.deleteTree(dir);
                throw new UncheckedIOException("cannot start httpbin with " + PYTHON, e);
            } catch (RuntimeException e) {
                ChildProcesses.stop(process);
                ChildProcesses.deleteTree(dir);
                throw e;
            }
        }

        /** The port once httpbin answers {@code GET /get} with 200; -1 if it dies or time runs out. */
        private static int awaitReady(Process process, Path log, long deadline) {
            int port = -1;
            while (System.nanoTime() - deadline < 0 && process.isAlive()) {
                if (port < 0) {
                    Matcher m = PORT.matcher(ChildProcesses.readText(log));
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
                if (port > 0 && answersGet(port, deadline)) {
                    return process.isAlive() ? port : -1;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            return -1;
        }

        /** One bounded {@code GET /get}: true on a 200 status line. */
        private static boolean answersGet(int port, long deadline) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMillis <= 0) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Math.min(leftMillis, 1_000));
                socket.setSoTimeout((int) Math.max(1, Math.min(leftMillis, 2_000)));
                OutputStream out = socket.getOutputStream();
                out.write(("GET /get HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                StringBuilder statusLine = new StringBuilder();
                for (int b; statusLine.length() < 200 && (b = in.read()) >= 0 && b != '\n'; ) {
                    statusLine.append((char) b);
                }
                return statusLine.toString().matches("HTTP/1\\.[01] 200 .*\\r?");
            } catch (IOException e) {
                return false;
            }
        }
    }
}
