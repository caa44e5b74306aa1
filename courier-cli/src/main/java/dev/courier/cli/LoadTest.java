package dev.courier.cli;

import dev.courier.AsyncClient;
import dev.courier.CookieJar;
import dev.courier.Headers;
import dev.courier.Limits;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Timeout;
import dev.courier.transport.HttpTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load test: {@code concurrency} requests are kept in flight, each completion
 * sending the next, until a request count or a duration is reached; it measures every exchange
 * (latency to the last body byte, status, body bytes, or the kind of failure). The engine behind
 * {@code courier bench}, and what {@code courier demo} runs for its short bench.
 *
 * <pre>{@code
 * LoadTest.Result result = new LoadTest(LoadTest.Settings.of(url, 8, Duration.ofSeconds(3))).run(null);
 * BenchReport.text(result, new PrintWriter(System.out));
 * }</pre>
 *
 * <p><b>How it loads.</b> No thread per request: each in-flight slot is a chain of futures, and the
 * next request starts on the I/O thread that completed the previous one. Bodies are drained and
 * counted, never kept. The one {@link Request} is built once and sent again and again. The client
 * built from the settings has a pool of exactly {@code concurrency} connections (over HTTP/2, the
 * streams share as few as the server's stream limit allows), no cookie jar and no decompression,
 * so bytes are the body bytes on the wire and every request is the same.
 *
 * <p><b>Always bounded.</b> At most {@link Settings#requests()} requests are ever sent (the count
 * is claimed before each send), nothing new starts after {@link Settings#duration()} or
 * {@link #MAX_DURATION}, and each request has {@link Settings#timeout()} for the whole exchange.
 * Requests still running {@code timeout} plus {@link #GRACE} after the end ({@code GRACE} after
 * {@link #stop()}) are cancelled and counted as {@code cancelled}; {@link #run} returns within a
 * further {@code GRACE} whatever the transport does.
 *
 * <p><b>What counts.</b> A request is done when its body ends (a response, counted by status
 * whatever the status: a 503 is an answer, not an error) or when it fails (counted by
 * {@link ErrorKind}). Latencies are recorded for responses only, so that instant refusals do not
 * pass for fast answers.
 *
 * <p><b>Threads.</b> {@link #run} blocks its caller and calls the progress callback on that thread
 * every {@link #PROGRESS_INTERVAL}; the slots start on a thread of the run's own and go on on the
 * threads that complete their requests (a synchronous in-process app runs them on that starting
 * thread, one after another). {@link #stop()} may be called from any thread (a shutdown hook, say).
 * An instance runs once.
 */
final class LoadTest {
    /** The longest any run may last, whatever its settings. */
    static final Duration MAX_DURATION = Duration.ofHours(24);
    /** How often {@link #run} reports progress. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);
    /** The margin past a request's timeout before it is cancelled, and past cancelling before giving up. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final Settings settings;
    private final Recorder latencies = new Recorder(3);
    private final LongAdder bytes = new LongAdder();
    // Indexed by status code: one array slot beats a map lookup on every completion.
    private final AtomicLongArray statuses = new AtomicLongArray(1000);
    private final ConcurrentHashMap<String, LongAdder> errorCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> errorExamples = new ConcurrentHashMap<>();
    private final Set<String> versions = ConcurrentHashMap.newKeySet();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong remaining = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicReferenceArray<InFlightRequest> slots;
    private volatile boolean stopping;
    private volatile boolean stoppedEarly;
    private volatile boolean stopRequested;
    private volatile long endNanos;
    private volatile long deadlineNanos;
    private AsyncClient client;
    private Request request;

    /** A load test with these settings; {@link #run} starts it. */
    LoadTest(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.slots = new AtomicReferenceArray<>(settings.workers());
    }

    /**
     * Runs the test on a client built from the settings (pool sized to the concurrency, TLS and
     * HTTP version options applied), closes that client, and returns what was measured.
     *
     * @param progress called every {@link #PROGRESS_INTERVAL} on this thread, or null
     */
    Result run(Consumer<Progress> progress) {
        try (HttpTransport transport = transport(settings);
             AsyncClient own = AsyncClient.builder().transport(transport).cookieJar(CookieJar.none()).build()) {
            return run(own, progress);
        }
    }

    /**
     * Runs the test through {@code client}, which stays open: for a client with a transport or app
     * of your own. The settings' TLS and HTTP version options are then the client's business; the
     * method, headers, body and timeout still apply to each request.
     */
    Result run(AsyncClient client, Consumer<Progress> progress) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a LoadTest runs once");
        }
        this.client = client;
        this.request = client.buildRequest(settings.method(), settings.url(), o -> {
            o.headers(settings.headers());
            if (settings.body() != null) {
                o.body(RequestBody.wrap(settings.body(), null));
            }
            o.timeout(Timeout.of(settings.timeout()).withTotal(settings.timeout()));
        });
        int workers = settings.workers();
        remaining.set(settings.requests() > 0 ? settings.requests() : Long.MAX_VALUE);
        active.set(workers);
        long start = System.nanoTime();
        Duration limit = settings.duration() == null || settings.duration().compareTo(MAX_DURATION) > 0
                ? MAX_DURATION : settings.duration();
        deadlineNanos = start + limit.toNanos();
        // Slots start on a thread of the run's own: a transport that answers synchronously (an app
        // in this process) runs its loop there, and this thread stays free to report progress.
        Thread starter = new Thread(() -> {
            for (int slot = 0; slot < workers; slot++) {
                next(slot);
            }
        }, "courier-bench-start");
        starter.setDaemon(true);
        starter.start();
        boolean interrupted = await(start, progress);
        long end = finished.isDone() ? endNanos : System.nanoTime();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result(Duration.ofNanos(end - start));
    }

    /**
     * Ends the run early, from any thread (Ctrl-C): no request starts after this, those in flight get
     * {@link #GRACE} to finish and are then cancelled, and {@link #run} returns what was measured.
     */
    void stop() {
        if (started.get() && !deadlinePassed() && remaining.get() > 0) {
            stoppedEarly = true;
        }
        stopRequested = true;
        stopping = true;
    }

    /** Waits until every slot is done, reporting progress; true if this thread was interrupted. */
    private boolean await(long start, Consumer<Progress> progress) {
        long interval = PROGRESS_INTERVAL.toNanos();
        long endedAt = 0;
        long abortedAt = 0;
        long lastCount = 0;
        long lastTime = start;
        boolean interrupted = false;
        while (!finished.isDone()) {
            long now = System.nanoTime();
            if (endedAt == 0 && (stopping || now - deadlineNanos >= 0)) {
                endedAt = now;
            }
            long wait = endedAt == 0 ? Math.min(interval, deadlineNanos - now) : interval;
            try {
                finished.get(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                break;
            } catch (TimeoutException e) {
                // time for progress, or for the end
            } catch (InterruptedException e) {
                interrupted = true;
                stop();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // never: finished only completes normally
            }
            now = System.nanoTime();
            if (progress != null && !finished.isDone()) {
                long count = completed.sum();
                double rate = (count - lastCount) / Math.max((now - lastTime) / 1e9, 1e-9);
                progress.accept(new Progress(Duration.ofNanos(now - start), count, failed.sum(), rate));
                lastCount = count;
                lastTime = now;
            }
            // Someone waiting for a stop wants it soon; at a bound reached, requests get their timeout.
            long drainLimit = (stopRequested ? GRACE : settings.timeout().plus(GRACE)).toNanos();
            if (endedAt != 0 && now - endedAt > drainLimit) {
                // Repeated while waiting: a slot may have started a request just as the end came.
                stopping = true;
                abortAll();
                if (abortedAt == 0) {
                    abortedAt = now;
                } else if (now - abortedAt > GRACE.toNanos()) {
                    break; // a transport that ignores cancellation does not hold the run hostage
                }
            }
        }
        return interrupted;
    }

    /** Starts slot's next request, and the ones after it as long as they complete at once. */
    private void next(int slot) {
        while (claim()) {
            InFlightRequest call = new InFlightRequest(System.nanoTime());
            slots.set(slot, call);
            call.start(client, request);
            if (call.outcome.isDone()) {
                // Completed on this thread (an in-process app, an instant failure): loop rather than recurse.
                call.outcome.whenComplete((size, failure) -> record(call, size, failure));
                continue;
            }
            call.outcome.whenComplete((size, failure) -> {
                try {
                    record(call, size, failure);
                } finally {
                    next(slot); // whatever happened, the slot goes on: a lost slot would stall the run
                }
            });
            return;
        }
        if (active.decrementAndGet() == 0) {
            endNanos = System.nanoTime();
            finished.complete(null);
        }
    }

    /** Whether another request may start; taking one from the count if there is one. */
    private boolean claim() {
        if (stopping || System.nanoTime() - deadlineNanos >= 0) {
            return false;
        }
        return remaining.getAndDecrement() > 0;
    }

    private void record(InFlightRequest call, Long size, Throwable failure) {
        long micros = (System.nanoTime() - call.startNanos) / 1000;
        if (failure != null) {
            String kind = ErrorKind.of(failure);
            errorCounts.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (!errorExamples.containsKey(kind)) {
                Throwable cause = FailureReporter.unwrap(failure);
                errorExamples.putIfAbsent(kind, FailureReporter.describe(cause));
            }
            failed.increment();
        } else {
            latencies.recordValue(Math.max(micros, 0));
            bytes.add(size);
            int status = call.status;
            statuses.incrementAndGet(status >= 0 && status < 1000 ? status : 0);
            if (call.version != null && !versions.contains(call.version)) {
                versions.add(call.version);
            }
        }
        completed.increment();
    }

    private void abortAll() {
        for (int i = 0; i < slots.length(); i++) {
            InFlightRequest call = slots.get(i);
            if (call != null) {
                call.abort();
            }
        }
    }

    private Result result(Duration elapsed) {
        Histogram histogram = latencies.getIntervalHistogram();
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (int status = 0; status < statuses.length(); status++) {
            long n = statuses.get(status);
            if (n > 0) {
                byStatus.put(status, n);
            }
        }
        Map<String, ErrorCount> byKind = new TreeMap<>();
        errorCounts.forEach((kind, n) -> byKind.put(kind, new ErrorCount(n.sum(), errorExamples.get(kind))));
        return new Result(settings, completed.sum(), failed.sum(), elapsed, bytes.sum(), histogram,
                Collections.unmodifiableMap(byStatus), Collections.unmodifiableMap(byKind),
                Collections.unmodifiableSet(new TreeSet<>(versions)), stoppedEarly);
    }

    private boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** The network transport for a run: the pool, TLS and HTTP version the settings ask for. */
    static HttpTransport transport(Settings settings) {
        int connections = settings.workers();
        HttpTransport.Builder b = HttpTransport.builder()
                .limits(Limits.of(connections, connections))
                // The body bytes as sent, and no decoder in the measurement (a -H Accept-Encoding
                // still asks the server to compress; the compressed bytes are counted).
                .gzip(false)
                .brotli(false)
                .zstd(false);
        if (settings.http2()) {
            b.http1(false).http2(true); // h2 by ALPN on https, h2c by prior knowledge on http
        }
        if (!settings.verify()) {
            b.verify(false);
        } else if (settings.caBundle() != null) {
            b.verify(settings.caBundle());
        }
        return b.build();
    }

    /**
     * What to load and how hard.
     *
     * @param url        an absolute http or https URL
     * @param method     the request method, such as GET
     * @param headers    headers sent with every request (replacing the client's defaults of the same name)
     * @param body       the request body sent with every request, or null
     * @param concurrency requests kept in flight (and connections in the pool), at least 1
     * @param duration   how long new requests are started, or null for no limit but {@link #MAX_DURATION}
     * @param requests   how many requests are sent at most, or 0 for no count; with a duration, the
     *                   first bound reached ends the run
     * @param timeout    the most one request may take, body included
     * @param http2      HTTP/2 only: h2 by ALPN on https, h2c by prior knowledge on http
     * @param verify     whether TLS certificates are verified
     * @param caBundle   a PEM file of CA certificates to verify against instead of the system's, or null
     */
    record Settings(String url, String method, Headers headers, byte[] body, int concurrency, Duration duration,
                    long requests, Duration timeout, boolean http2, boolean verify, Path caBundle) {
        /** The timeout when none is given. */
        static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(timeout, "timeout");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
            if (requests < 0) {
                throw new IllegalArgumentException("requests must not be negative: " + requests);
            }
            if (duration != null && (duration.isNegative() || duration.isZero())) {
                throw new IllegalArgumentException("duration must be positive: " + duration);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
        }

        /** GETs of {@code url} by {@code concurrency} slots for {@code duration}, with the other defaults. */
        static Settings of(String url, int concurrency, Duration duration) {
            return new Settings(url, "GET", Headers.empty(), null, concurrency, duration, 0, DEFAULT_TIMEOUT,
                    false, true, null);
        }

        /** The slots actually used: no more than the requests there are to send. */
        int workers() {
            return requests > 0 ? (int) Math.min(concurrency, requests) : concurrency;
        }
    }

    /**
     * A snapshot while the test runs.
     *
     * @param elapsed           time since the start
     * @param requests          requests done (answered or failed)
     * @param errors            requests failed
     * @param requestsPerSecond completions per second since the previous snapshot
     */
    record Progress(Duration elapsed, long requests, long errors, double requestsPerSecond) {}

    /**
     * The failures of one kind.
     *
     * @param count   how many
     * @param example the first one's message, as {@code courier} prints failures
     */
    record ErrorCount(long count, String example) {}

    /**
     * What a run measured.
     *
     * @param settings      what was run
     * @param requests      requests done: responses plus errors
     * @param errors        requests that failed without a complete response
     * @param elapsed       from the first request sent to the last one done
     * @param bytesReceived response body bytes
     * @param latency       latencies of responses, in microseconds (request sent to last body byte)
     * @param statusCodes   responses by status code, in order
     * @param errorCounts   failures by {@link ErrorKind}, in order of kind
     * @param httpVersions  the protocols responses came over ({@code HTTP/1.1}, {@code HTTP/2})
     * @param stopped       true when {@link #stop()} ended the run before its bounds
     */
    record Result(Settings settings, long requests, long errors, Duration elapsed, long bytesReceived,
                  Histogram latency, Map<Integer, Long> statusCodes, Map<String, ErrorCount> errorCounts,
                  Set<String> httpVersions, boolean stopped) {
        /** Requests answered with a complete response, whatever the status. */
        long responses() {
            return requests - errors;
        }

        /** Requests done per second over the run. */
        double requestsPerSecond() {
            return perSecond(requests);
        }

        /** Body bytes received per second over the run. */
        double bytesPerSecond() {
            return perSecond(bytesReceived);
        }

        private double perSecond(long n) {
            double seconds = elapsed.toNanos() / 1e9;
            return seconds > 0 ? n / seconds : 0;
        }
    }
}
