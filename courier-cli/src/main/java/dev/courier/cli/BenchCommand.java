package dev.courier.cli;

import dev.courier.Headers;
import dev.courier.InvalidUrlException;
import dev.courier.Url;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code courier bench URL}: a load test of one URL through Courier's own client, reporting
 * throughput, latency percentiles and histogram, status codes and errors by kind (see
 * {@link LoadTest} for how it loads, {@link BenchReport} for what it prints).
 *
 * <pre>
 * courier bench http://127.0.0.1:8080/get -c 64 -d 30s
 * courier bench https://localhost:8443/get --http2 --verify ca.pem -n 100000 --json
 * courier bench http://127.0.0.1:8080/post --body @payload.json -H 'Content-Type: application/json'
 * </pre>
 *
 * <p>A run is always bounded: by {@code -n}, by {@code -d} (10 s when neither is given), by
 * whichever comes first when both are, and never past {@link LoadTest#MAX_DURATION}. A live line
 * on stderr shows progress when stderr is a terminal. Ctrl-C stops the run, and the report of
 * what was measured is still printed.
 *
 * <p>Exit codes: 0 when the run completed and at least one response came back (whatever its
 * status: a 503 is the server's answer, counted, not a failure of the test); 1 when every request
 * failed (nothing listening, TLS refused, all timed out), since the numbers then describe no
 * server; 2 for a usage error.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Load-tests URL: keeps N requests in flight for a duration or a count, then reports requests/s, "
                    + "latency percentiles and histogram, status codes, errors by kind and bytes received. "
                    + "A live progress line goes to stderr when it is a terminal; Ctrl-C stops early and still "
                    + "reports."},
        footer = {"", "Runs 10s when neither -d nor -n is given; with both, whichever ends first.",
            "Exit codes: 0 done (non-2xx statuses are counted, not failures), 1 every request failed, 2 usage."})
final class BenchCommand implements Callable<Integer> {
    /** The most concurrent requests (and connections) one run may ask for. */
    static final int MAX_CONCURRENCY = 10_000;
    private static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The URL to load (http:// is assumed without a scheme; :8080/path is localhost).")
    String url;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "10",
            description = "Requests kept in flight, and connections in the pool (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationArgument.class,
            description = "How long to send requests: 500ms, 10s, 2m, 1h (default: 10s unless -n is given).")
    Duration duration;

    @Option(names = {"-n", "--requests"}, paramLabel = "COUNT",
            description = "Send exactly this many requests, never more.")
    Long requests;

    @Option(names = "--http2", description = "HTTP/2 only: h2 by ALPN on https, h2c by prior knowledge on http.")
    boolean http2;

    @Option(names = {"-m", "--method"}, paramLabel = "METHOD",
            description = "The request method (default: GET, or POST with --body).")
    String method;

    @Option(names = {"-H", "--header"}, paramLabel = "HEADER",
            description = "A header sent with every request, as 'Name: value'; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT|@FILE",
            description = "The request body: text, or @ and a file's path (read once; write --body=@FILE).")
    String body;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationArgument.class, defaultValue = "10s",
            description = "The most one request may take, body included (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--verify", paramLabel = "yes|no|PATH", defaultValue = "yes",
            description = "Verify TLS certificates (yes), don't (no), or against the CAs in a PEM file.")
    String verify;

    @Option(names = "--json", description = "Print the report as one JSON object (nothing else goes to stdout).")
    boolean json;

    @Option(names = "--debug", description = "Print stack traces of unexpected failures.")
    boolean debug;

    @Override
    public Integer call() {
        LoadTest.Settings settings = settings();
        LoadTest test = new LoadTest(settings);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchProgressLine line = Terminal.stderrIsTerminal() ? new BenchProgressLine(err, Terminal.width()) : null;

        // Ctrl-C: stop the run and let this thread print what it measured before the JVM exits.
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            test.stop();
            try {
                reported.await(LoadTest.GRACE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "courier-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LoadTest.Result result = test.run(line);
            if (line != null) {
                line.clear();
            }
            if (json) {
                out.println(Terminal.stdoutIsTerminal() ? BenchReport.json(result).toPrettyString()
                        : BenchReport.json(result).toString());
                out.flush();
            } else {
                BenchReport.text(result, out);
            }
            return result.requests() > 0 && result.responses() == 0 ? ExitCodes.FAILED : ExitCodes.OK;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the report is out
            }
        }
    }

    /** The settings the options spell, or a usage error (exit 2) saying what is wrong. */
    LoadTest.Settings settings() {
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw usage("-c must be between 1 and " + MAX_CONCURRENCY + ": " + concurrency);
        }
        if (requests != null && requests < 1) {
            throw usage("-n must be at least 1: " + requests);
        }
        if (duration != null && (duration.isZero() || duration.isNegative()
                || duration.compareTo(LoadTest.MAX_DURATION) > 0)) {
            throw usage("-d must be above 0 and at most " + LoadTest.MAX_DURATION.toHours() + "h: " + duration);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw usage("--timeout must be above 0");
        }
        Duration runFor = duration == null && requests == null ? DEFAULT_DURATION : duration;
        byte[] content = body();
        String verb = method != null ? method.toUpperCase(Locale.ROOT) : content != null ? "POST" : "GET";
        if (!TOKEN.matcher(verb).matches()) {
            throw usage("not a method: '" + method + "'");
        }
        TlsVerification tls;
        try {
            tls = TlsVerification.parse(verify);
        } catch (UsageException e) {
            throw usage(e.getMessage());
        }
        return new LoadTest.Settings(target(), verb, headers(), content, concurrency, runFor,
                requests == null ? 0 : requests, timeout, http2, tls.verify(), tls.caBundle());
    }

    private String target() {
        String withScheme = RequestLine.expandUrl(url);
        try {
            Url parsed = Url.parse(withScheme);
            if (!parsed.scheme().equals("http") && !parsed.scheme().equals("https")) {
                throw usage("bench loads http:// and https:// URLs, not " + parsed.scheme() + "://");
            }
            return parsed.toString();
        } catch (InvalidUrlException | IllegalArgumentException e) {
            throw usage("not a URL: '" + url + "' (" + e.getMessage() + ")");
        }
    }

    private Headers headers() {
        Headers result = Headers.empty();
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim();
            if (name.isEmpty()) {
                throw usage("-H wants 'Name: value', not '" + header + "'");
            }
            try {
                result = result.with(name, header.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw usage("-H '" + header + "': " + e.getMessage());
            }
        }
        return result;
    }

    private byte[] body() {
        if (body == null) {
            return null;
        }
        if (!body.startsWith("@")) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        // Read once: every request sends the same bytes from memory, so the disk is not in the measurement.
        Path file = Path.of(body.substring(1));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw usage("--body: cannot read " + file + ": " + e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
