package dev.courier.cli;

import dev.courier.AsyncClient;
import dev.courier.Client;
import dev.courier.CookieJar;
import dev.courier.Request;
import dev.courier.Proxy;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.Url;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier [METHOD] URL [ITEM...]}: sends one request, httpie style, and prints the answer
 * (or saves it, with {@code --download}).
 *
 * <p>The steps, in {@link #call()}: parse the request line and items; load the session; build one
 * blocking {@link Client} from the options; build the request ({@link RequestAssembler}); stream
 * the response into the {@link OutputPrinter} or a {@link Download}; save the
 * session; print timings; pick the exit code. Failures go to {@link FailureReporter} as one line.
 *
 * <pre>
 * courier :8080/get q==1                  GET http://localhost:8080/get?q=1
 * courier POST example.org/post a=1 b:=2  POST {"a": "1", "b": 2}
 * courier -f PUT example.org/put a=1      PUT a=1 (urlencoded)
 * courier -d -o big.iso example.org/big.iso
 * </pre>
 */
@Command(name = "courier", versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = "courier [METHOD] URL [ITEM...] [OPTIONS]",
        description = {
            "Send an HTTP request and print the response: headers and formatted JSON on a",
            "terminal, the exact body when piped. METHOD is GET, or POST when there is data.",
            "URL may be short: :8080/path and localhost:8080 mean http://localhost:8080.",
            "",
            "Request items (escape a separator with a backslash: 'a\\:b=c' is the field a:b):",
            "  Header:Value   a header; Header: removes a default one, Header; sends it empty",
            "  name==value    a query parameter",
            "  name=value     a JSON string field (a form field with --form)",
            "  name:=json     a raw JSON field: n:=5, tags:='[\"a\"]', on:=true",
            "  name@path      a file, sent as multipart/form-data; @path alone is the body",
            "  name=@file  name:=@file.json  Header:@file  name==@file   values from files"},
        optionListHeading = "%nOptions:%n",
        footer = {"",
            "Examples:",
            "  courier httpbin.org/get q==search X-Trace:1",
            "  courier POST :8080/post name=courier stars:=5",
            "  courier -f POST :8080/post title=Holiday photo@beach.jpg",
            "  courier -a alice -A digest example.org/private",
            "  courier -d -c -o big.iso example.org/big.iso",
            "",
            "Exit codes: 0 ok, 1 request failed, 2 usage error or timeout, 3/4/5 a 3xx, 4xx",
            "or 5xx response with --check-status (and with --download), 6 too many redirects."})
final class RequestCommand implements Callable<Integer> {
    /** The {@code SCOPE:} prefixes of {@code --proxy SCOPE:URL}; any other prefix is part of the URL. */
    private static final Set<String> PROXY_SCOPES = Set.of("http", "https", "all");

    @Parameters(arity = "1..*", paramLabel = "[METHOD] URL [ITEM...]", hidden = true,
            description = "The request line and items (shown in the synopsis and the description).")
    List<String> positionals;

    @Option(names = {"-j", "--json"}, description = "Send data items as a JSON object (the default).")
    boolean json;

    @Option(names = {"-f", "--form"}, description = "Send data items as a form: urlencoded, or multipart with files.")
    boolean form;

    @Option(names = {"-I", "--ignore-stdin"}, description = "Do not read a request body from a piped stdin.")
    boolean ignoreStdin;

    @Option(names = {"-F", "--follow"}, description = "Follow redirects.")
    boolean follow;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "30",
            description = "The most redirects --follow takes (default: ${DEFAULT-VALUE}); more is exit code 6.")
    int maxRedirects;

    @Option(names = {"-a", "--auth"}, paramLabel = "USER[:PASS]|TOKEN",
            description = "Credentials; without a password it is asked for on the terminal.")
    String auth;

    @Option(names = {"-A", "--auth-type"}, paramLabel = "basic|digest|bearer",
            description = "The auth scheme for --auth (default: basic).")
    String authType;

    @Option(names = "--http1", description = "Speak HTTP/1.1 only.")
    boolean http1;

    @Option(names = "--http2", description = "Speak HTTP/2 only (h2 by ALPN on https, prior knowledge on http).")
    boolean http2;

    @Option(names = "--verify", paramLabel = "yes|no|PATH",
            description = "Verify TLS certificates (yes, the default), not at all (no), or against a PEM CA bundle.")
    String verify;

    @Option(names = "--cert", paramLabel = "PATH", description = "A client certificate (PEM) for mutual TLS.")
    Path cert;

    @Option(names = "--cert-key", paramLabel = "PATH", description = "The private key (PEM) for --cert, when not in its file.")
    Path certKey;

    @Option(names = "--proxy", paramLabel = "[SCHEME:]URL",
            description = "A proxy (http, https, socks5); SCHEME: limits it to URLs of that scheme, as in httpie.")
    List<String> proxies;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up when connecting, or waiting for data, takes longer (decimal). Default: 30 s to connect, no read limit.")
    BigDecimal timeout;

    @Option(names = {"-v", "--verbose"}, description = "Print the request and the response (--print HBhb).")
    boolean verbose;

    @Option(names = {"-p", "--print"}, paramLabel = "HBhb",
            description = "What to print: H request headers, B request body, h response headers, b response body.")
    String print;

    @Option(names = {"-h", "--headers"}, description = "Print the response headers only (--print h).")
    boolean headersOnly;

    @Option(names = {"-b", "--body"}, description = "Print the response body only (--print b).")
    boolean bodyOnly;

    @Option(names = "--pretty", paramLabel = "all|colors|format|none",
            description = "Colours and JSON formatting (default: all on a terminal, none when piped).")
    String pretty;

    @Option(names = "--check-status", description = "Exit with 3, 4 or 5 for a 3xx, 4xx or 5xx response.")
    boolean checkStatus;

    @Option(names = "--session", paramLabel = "NAME|PATH", description = "Keep cookies, auth and headers in a session between runs.")
    String session;

    @Option(names = "--session-read-only", paramLabel = "NAME|PATH", description = "Use a session without saving changes to it.")
    String sessionReadOnly;

    @Option(names = "--timings", description = "Print the time to DNS, connect, TLS, first byte and total on stderr.")
    boolean timings;

    @Option(names = {"-d", "--download"}, description = "Save the body to a file, with a progress bar.")
    boolean download;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The file for --download (or for the printed output).")
    Path output;

    @Option(names = {"-c", "--continue"}, description = "Resume a partial --download into --output.")
    boolean resume;

    @Option(names = "--debug", description = "Show stack traces of failures.")
    boolean debug;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Show the version.")
    boolean version;

    private final Map<String, String> env;
    private final PrintStream stdout;
    private final PrintStream stderr;

    RequestCommand() {
        this(System.getenv(), System.out, System.err);
    }

    RequestCommand(Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        this.env = env;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        RequestLine line = RequestLine.parse(positionals);
        Url url = Url.parse(line.url());
        boolean stdoutTerminal = Terminal.stdoutIsTerminal();
        boolean stderrTerminal = Terminal.stderrIsTerminal();

        String sessionName = session != null ? session : sessionReadOnly;
        Session saved = sessionName == null ? null : Session.load(Session.fileFor(sessionName, url, env));
        Credentials credentials = credentials(saved);
        CookieJar jar = CookieJar.inMemory();
        if (saved != null) {
            saved.loadInto(jar);
        }
        byte[] piped = readsStdin(line) ? StdinBody.read(System.in, stderr, 10) : null;
        Timings clock = timings ? new Timings() : null;

        try (Client client = Client.of(client(url, jar, credentials, clock))) {
            Request request = new RequestAssembler(json, form).assemble(client, line, url, piped, saved, jar);
            int exit;
            if (download) {
                PrintOptions shown = printOptions(stderrTerminal ? PrintOptions.HEADERS : PrintOptions.NOTHING);
                OutputPrinter heads = printer(stderr, stderrTerminal);
                Download saving = new Download(output, resume, stderr, stderrTerminal, !stdoutTerminal);
                exit = saving.run(client, request, response -> printHeads(heads, shown, response));
            } else {
                exit = exchange(client, request, stdoutTerminal);
            }
            if (clock != null) {
                clock.bodyEnd();
                stderr.println(clock.line());
            }
            if (saved != null && session != null) {
                if (credentials != null) {
                    saved.auth(credentials);
                }
                saved.cookiesFrom(jar);
                saved.save();
            }
            return exit;
        }
    }

    /**
     * Sends the request and prints what {@code --print} asks for; returns the exit code. The {@code
     * --output} file is opened only once the response head has arrived, so a failed request leaves
     * an existing file as it was.
     */
    private int exchange(Client client, Request request, boolean terminal) throws IOException {
        if (output != null) {
            // httpie's --output without --download: the printed output goes to the file, as into a pipe.
            terminal = false;
        }
        PrintOptions shown = printOptions(terminal ? PrintOptions.HEADERS_AND_BODY : PrintOptions.BODY);
        Response response;
        try {
            response = client.stream(request);
        } catch (RuntimeException failure) {
            // The request was never answered; still show what was about to be sent (not into --output,
            // which is left untouched).
            if (shown.requestHeaders() && output == null) {
                printer(CheckedOutput.of(stdout, "stdout"), terminal).requestHead(request, "HTTP/1.1");
            }
            throw failure;
        }
        try (response; OutputStream target = output != null ? CheckedOutput.open(output)
                : CheckedOutput.of(stdout, "stdout")) {
            OutputPrinter printer = printer(target, terminal);
            printHeads(printer, shown, response);
            if (shown.responseBody()) {
                printer.responseBody(response);
            }
        }
        int exit = checkStatus ? ExitCodes.forStatus(response.statusCode()) : ExitCodes.OK;
        if (exit != ExitCodes.OK && !terminal) {
            // The status line was not seen: say why the exit code is not 0.
            stderr.println("courier: warning: HTTP " + response.statusCode() + " " + response.reasonPhrase());
        }
        return exit;
    }

    private static void printHeads(OutputPrinter printer, PrintOptions shown, Response response) {
        try {
            Request sent = response.request();
            if (shown.requestHeaders()) {
                printer.requestHead(sent, response.httpVersion());
            }
            if (shown.requestBody()) {
                printer.requestBody(sent);
            }
            if (shown.responseHeaders()) {
                printer.responseHead(response);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OutputPrinter printer(OutputStream out, boolean terminal) {
        String style = pretty != null ? pretty.toLowerCase(Locale.ROOT)
                : !terminal ? "none" : Terminal.coloursAllowed(env) ? "all" : "format";
        return switch (style) {
            case "all" -> new OutputPrinter(out, true, true, terminal);
            case "colors", "colours" -> new OutputPrinter(out, true, false, terminal);
            case "format" -> new OutputPrinter(out, false, true, terminal);
            case "none" -> new OutputPrinter(out, false, false, terminal);
            default -> throw new UsageException("--pretty takes all, colors, format or none, not '" + pretty + "'");
        };
    }

    /** --print wins, then --headers/--body, then --verbose, then the default for where output goes. */
    private PrintOptions printOptions(PrintOptions fallback) {
        if (print != null) {
            return PrintOptions.parse(print);
        }
        if (headersOnly || bodyOnly) {
            return new PrintOptions(false, false, headersOnly, bodyOnly);
        }
        return verbose ? PrintOptions.VERBOSE : fallback;
    }

    private void checkOptions() {
        if (http1 && http2) {
            throw new UsageException("--http1 and --http2 exclude each other");
        }
        if (json && form) {
            throw new UsageException("--json and --form exclude each other");
        }
        if (session != null && sessionReadOnly != null) {
            throw new UsageException("--session and --session-read-only exclude each other");
        }
        if (resume && !download) {
            throw new UsageException("--continue works with --download");
        }
        if (maxRedirects < 0) {
            throw new UsageException("--max-redirects must not be negative");
        }
        if (timeout != null && timeout.signum() <= 0) {
            throw new UsageException("--timeout must be more than 0 seconds");
        }
        if (print != null) {
            PrintOptions.parse(print);
        }
        if (pretty != null) {
            printer(stdout, false); // rejects an unknown --pretty before anything is sent
        }
    }

    /** --auth (asking for a missing password), else the session's. */
    private Credentials credentials(Session saved) {
        if (auth == null) {
            if (authType != null) {
                throw new UsageException("--auth-type needs --auth");
            }
            return saved == null ? null : saved.auth();
        }
        Credentials given = Credentials.of(authType, auth);
        return given.needsPassword() ? given.withPrompt() : given;
    }

    /** httpie's rule: a piped stdin is the body, unless --ignore-stdin or data items are given. */
    private boolean readsStdin(RequestLine line) {
        return !ignoreStdin && !line.items().hasData() && !Terminal.stdinIsTerminal();
    }

    private AsyncClient client(Url url, CookieJar jar, Credentials credentials, Timings clock) {
        AsyncClient.Builder b = AsyncClient.builder()
                .cookieJar(jar)
                .followRedirects(follow || download)
                .maxRedirects(maxRedirects)
                .timeout(timeout == null ? Timeout.none().withConnect(Duration.ofSeconds(30))
                        : Timeout.of(Duration.ofNanos(timeout.movePointRight(9).longValue())));
        if (credentials != null) {
            b.auth(credentials.toAuth());
        }
        if (http1) {
            b.http2(false);
        }
        if (http2) {
            b.http1(false);
        }
        if (verify != null) {
            TlsVerification tls = TlsVerification.parse(verify);
            if (tls.caBundle() != null) {
                b.verify(tls.caBundle());
            } else {
                b.verify(tls.verify());
            }
        }
        if (cert != null) {
            b.cert(existing(cert, "--cert"), existing(certKey != null ? certKey : cert, "--cert-key"), null);
        } else if (certKey != null) {
            throw new UsageException("--cert-key needs --cert");
        }
        String proxy = proxyFor(proxies, url.scheme());
        if (proxy != null) {
            b.proxy(proxy);
        }
        if (clock != null) {
            b.eventListener(clock);
        }
        return b.build();
    }

    /**
     * The {@code --proxy} for URLs of {@code scheme}, as a URL: {@code http:URL}, {@code https:URL}
     * (httpie's scoped forms) and {@code all:URL} for that scheme first, then a plain URL for all.
     * Any other prefix is part of the proxy URL ({@code localhost:3128}), and a proxy without a
     * scheme is an http one. One request goes to one scheme, so one proxy suffices; a redirect to
     * the other scheme keeps it.
     *
     * @throws UsageException for a proxy that is not a URL
     */
    static String proxyFor(List<String> proxies, String scheme) {
        if (proxies == null) {
            return null;
        }
        String scopedMatch = null;
        String any = null;
        for (String p : proxies) {
            int colon = p.indexOf(':');
            String prefix = colon < 0 ? "" : p.substring(0, colon).toLowerCase(Locale.ROOT);
            boolean scoped = PROXY_SCOPES.contains(prefix) && !p.startsWith("//", colon + 1);
            if (scoped && prefix.equalsIgnoreCase(scheme) && scopedMatch == null) {
                scopedMatch = p.substring(colon + 1);
            } else if ((!scoped || prefix.equals("all")) && any == null) {
                any = scoped ? p.substring(colon + 1) : p;
            }
        }
        String chosen = scopedMatch != null ? scopedMatch : any;
        return chosen == null ? null : proxyUrl(chosen);
    }

    /** {@code host:port} gets {@code http://}; what is still not a proxy URL is a usage error. */
    private static String proxyUrl(String proxy) {
        String url = proxy.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") ? proxy : "http://" + proxy;
        try {
            Proxy.of(url);
        } catch (RuntimeException e) {
            throw new UsageException("--proxy: not a proxy URL: '" + proxy + "' (" + e.getMessage() + ")");
        }
        return url;
    }

    private static Path existing(Path path, String option) {
        if (!Files.isReadable(path)) {
            throw new UsageException(option + ": cannot read " + path);
        }
        return path;
    }
}
