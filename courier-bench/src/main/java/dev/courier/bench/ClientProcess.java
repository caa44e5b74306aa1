package dev.courier.bench;

import dev.courier.bench.peers.BenchClient;
import dev.courier.bench.peers.BenchClients;
import dev.courier.bench.peers.ClientConfig;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One client in one scenario, in a JVM of its own (started by {@link PeerComparison}): creates the
 * {@link BenchClient}, warms it up, runs the timed window, and prints one JSON {@link Result} line
 * to stdout. Any error (a failed request, an unexpected status or length, a request still pending
 * long after the window, a failed close) ends the run early with exit status 1 and the first
 * error in the result line.
 *
 * <pre>
 * java -cp ... dev.courier.bench.ClientProcess --client courier --scenario S2 \
 *     --http-port 8080 --tls-port 8443 --h2c-port 8081 --ca ca.pem --warmup-ms 10000 --duration-ms 10000
 * </pre>
 *
 * <p>Before and after the window it prints {@code {"type":"event","event":"window-start"}} and
 * {@code ...window-end}, so that the runner can read the server's CPU time over the same window.
 * In S1 to S5 halfway through a warm-up that has not failed, and in S6 before and after each
 * throwaway burst, it prints {@code ...rehearsal}, which the runner ignores (see {@code Snapshot}).
 *
 * <p>Self-test of the error path: {@code -Dcourier.bench.faultPath=/missing} sends every request
 * to that path instead (nginx answers 404, which fails the run).
 *
 * <p>A client that cannot speak the scenario's protocol ({@link BenchClients#create} throws
 * UnsupportedOperationException) prints a result with {@code "unsupported":true} and exits 0.
 */
public final class ClientProcess {
    /** The most requests left pending after a phase ends before the run fails, in seconds. */
    private static final long DRAIN_TIMEOUT_SECONDS = 60;
    /** S6: requests in flight on /small before each burst (the measured client's baseline keeps those connections). */
    private static final int IDLE_WARMUP_CONCURRENCY = 8;
    /** How long the JVM's shutdown may take once the result is printed before the process is halted. */
    private static final long EXIT_GRACE_MILLIS = 5_000;

    private ClientProcess() {}

    public static void main(String[] args) {
        Result r = new Result();
        int exit;
        try {
            exit = run(Args.parse(args), r);
        } catch (Throwable t) {
            fail(r, t);
            exit = 1;
        }
        System.out.println(r.toJson());
        System.out.flush();
        // Whatever threads a client left behind, the process ends here. exit, not halt: the JVM's
        // own clean-up must run (brotli4j unpacks its native library into a fresh /tmp directory
        // in every process and deletes it only on a normal exit: one MiB left per run otherwise).
        // A client's shutdown hook that hangs does not hold the run up for long.
        int status = exit;
        try {
            Thread stuck = new Thread(() -> {
                try {
                    Thread.sleep(EXIT_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(status);
            }, "exit-grace");
            stuck.setDaemon(true);
            stuck.start();
        } finally {
            // Even when no thread can be started (out of memory after a failed run).
            System.exit(status);
        }
    }

    private static int run(Args a, Result r) throws Exception {
        Scenario s = Scenario.parse(a.scenario);
        r.client = a.client;
        r.scenario = s.name();
        r.errors = 0L;
        r.jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
        String host = "127.0.0.1";
        String base = switch (s.protocol) {
            case HTTP1 -> "http://" + host + ":" + a.httpPort;
            case H2_TLS -> "https://" + host + ":" + a.tlsPort;
            case H2C -> "http://" + host + ":" + a.h2cPort;
        };
        String fault = System.getProperty("courier.bench.faultPath");
        String url = base + (fault != null ? fault : s.path);
        ClientConfig config = new ClientConfig(s.protocol, s.maxConnections, s.concurrency,
                s.protocol == ClientConfig.Protocol.H2_TLS ? a.ca : null);

        BenchClient client;
        try {
            if (s.kind == Scenario.Kind.IDLE && !idleWarmup(a, config, base, url, r)) {
                return 1;
            }
            client = create(a, config);
        } catch (Unsupported e) {
            r.unsupported = true;
            r.error = e.getMessage();
            return 0;
        }
        try {
            if (s.kind == Scenario.Kind.IDLE) {
                idle(client, base, url, a, r);
            } else {
                load(client, s, url, a, r);
            }
        } finally {
            close(client, r);
        }
        return r.errors > 0 ? 1 : 0;
    }

    /** S1–S5: warm up, then keep {@code concurrency} requests in flight for the window. */
    private static void load(BenchClient client, Scenario s, String url, Args a, Result r) throws Exception {
        Load load = switch (s.kind) {
            case GET -> new Load(() -> client.get(url), ClientProcess::checkStatus, 0);
            case UPLOAD -> {
                byte[] body = new byte[Scenario.UPLOAD_BYTES];
                Arrays.fill(body, (byte) 'a');
                yield new Load(() -> client.post(url, body), ClientProcess::checkStatus, Scenario.UPLOAD_BYTES);
            }
            case DOWNLOAD -> new Load(() -> client.download(url), ClientProcess::checkLength, -1);
            case IDLE -> throw new AssertionError();
        };
        // One closed loop from the first warm-up request to the end of the window: the window is
        // cut out of a steady state (as wrk and h2load measure), not started from a drained,
        // idle client whose first seconds would re-run the JIT's rare paths.
        load.start(s.concurrency);
        // Halfway through the warm-up, everything the window's start does is done once, with a
        // rehearsal event line instead of window-start: first runs of those paths (the histogram's
        // flip, reading /proc, the first output line) made the JIT throw away the compiled request
        // loop at the real start, or compile JDK code inside the window.
        boolean warm = load.await(a.warmupMs / 2);
        if (warm) {
            Snapshot.rehearse();
            load.markWindowStart();
            warm = load.await(a.warmupMs - a.warmupMs / 2);
        }
        if (!warm) {
            load.stop();
            load.failed(r);
            return;
        }
        WindowProfiler profiler = WindowProfiler.fromSystemProperties();
        if (profiler != null) {
            profiler.start();
        }
        Snapshot start = Snapshot.take();
        load.markWindowStart();
        load.await(a.durationMs);
        load.markWindowEnd();
        Snapshot end = Snapshot.end();
        if (profiler != null) {
            profiler.stop();
        }
        load.stop();
        if (load.failed(r)) {
            return;
        }
        window(load, start, end, r);
        if (s.kind == Scenario.Kind.DOWNLOAD) {
            double mib = r.bodyBytes / (double) (1 << 20);
            r.cpuUsPerMiB = (r.cpuUserUs + r.cpuSysUs) / mib;
            r.allocBytesPerReq = null;
            Long alloc = Allocation.delta(start.alloc, end.alloc);
            r.allocBytesPerMiB = alloc == null ? null : alloc / mib;
        }
        r.peakRssKiB = Proc.statusKiB("VmHWM");
    }

    /**
     * S6: memory per idle keep-alive connection. The heap is pre-touched (-XX:+AlwaysPreTouch, set
     * by the runner), so RSS grows only by native memory. After {@link #idleWarmup}: 1 s on /small
     * with a few connections; settle ({@link #quiesce}); baseline (RSS, live heap, connections
     * open); a burst of 1,000 concurrent GETs of /slow, which nginx trickles out over 4-5 s, so all
     * are in flight at once and each needs a connection of its own; 1 s idle; full GC; measure
     * again, within ~2 s of the burst (a pool may close idle connections after 5 s). Per
     * connection: RSS delta and live-heap delta over the connections the burst added (counted in
     * /proc/self/net, not trusted from the pool size).
     */
    private static void idle(BenchClient client, String base, String url, Args a, Result r) throws Exception {
        if (!warmConnections(client, base, url, r)) {
            return;
        }
        quiesce();
        IdleReadings before = IdleReadings.take(a);

        // The burst is S6's window. The profiler writes its files only after the readings below, which must
        // come soon after the burst; its own native memory shows in RSS, not in the NMT figure.
        WindowProfiler profiler = WindowProfiler.fromSystemProperties();
        if (profiler != null) {
            profiler.start();
        }
        IdleReadings after;
        try {
            if (!burst(client, url, r, r, false)) {
                return;
            }

            // Soon: a pool may close idle connections after a few seconds (Courier's default: 5 s).
            Thread.sleep(1000);
            System.gc();
            System.gc();
            Thread.sleep(500);
            after = IdleReadings.take(a);
        } finally {
            if (profiler != null) {
                profiler.stop();
            }
        }
        r.idleConnections = after.connections - before.connections;
        r.rssDeltaKiB = after.rssKiB - before.rssKiB;
        if (r.idleConnections > 0) {
            r.rssKiBPerConn = r.rssDeltaKiB / (double) r.idleConnections;
            r.heapKiBPerConn = (after.heapBytes - before.heapBytes) / 1024.0 / r.idleConnections;
            Long n0 = NativeMemory.connectionKiB(before.nativeKiB);
            Long n1 = NativeMemory.connectionKiB(after.nativeKiB);
            if (n0 != null && n1 != null) {
                r.nativeKiBPerConn = (n1 - n0) / (double) r.idleConnections;
            }
        }
        r.peakRssKiB = Proc.statusKiB("VmHWM");
        System.err.printf("S6: connections %d -> %d, RSS %d -> %d KiB, live heap %d -> %d KiB%n",
                before.connections, after.connections, before.rssKiB, after.rssKiB, before.heapBytes >> 10,
                after.heapBytes >> 10);
        System.err.printf("S6: native memory committed, KiB by category: %s -> %s%n", before.nativeKiB,
                after.nativeKiB);
    }

    /**
     * S6's burst, between the window's edges: 1,000 concurrent GETs of {@code url}, its figures
     * summed into {@code figures}. The same code measures the burst and rehearses it in the warm-up
     * ({@code rehearsal}: the edges print the rehearsal event, and the caller drops the figures).
     *
     * @return false if a request failed, recorded in {@code r}
     */
    private static boolean burst(BenchClient client, String url, Result r, Result figures, boolean rehearsal)
            throws InterruptedException {
        Load burst = new Load(() -> client.get(url), ClientProcess::checkStatus, 0);
        Snapshot start = rehearsal ? Snapshot.rehearse() : Snapshot.take();
        burst.run(Scenario.IDLE_CONNECTIONS, 30_000, Scenario.IDLE_CONNECTIONS);
        Snapshot end = rehearsal ? Snapshot.rehearseEnd() : Snapshot.end();
        if (burst.failed(r)) {
            return false;
        }
        window(burst, start, end, figures);
        return true;
    }

    /** What S6 reads before and after its burst: RSS, live heap, native memory by category, connections open. */
    private record IdleReadings(long rssKiB, long heapBytes, Map<String, Long> nativeKiB, int connections) {
        static IdleReadings take(Args a) {
            return new IdleReadings(Proc.statusKiB("VmRSS"), heapUsed(), NativeMemory.committedKiB(),
                    Proc.establishedConnections(a.httpPort));
        }
    }

    /** S6's first step, in the warm-up as in the measured round: 1 s of GETs of /small on a few connections. */
    private static boolean warmConnections(BenchClient client, String base, String url, Result r)
            throws InterruptedException {
        String small = System.getProperty("courier.bench.faultPath") != null ? url : base + "/small";
        Load warm = new Load(() -> client.get(small), ClientProcess::checkStatus, 0);
        warm.run(IDLE_WARMUP_CONCURRENCY, 1000, Long.MAX_VALUE);
        return !warm.failed(r);
    }

    /**
     * S6's warm-up: rounds by throwaway clients of the same configuration, each closed after its
     * round (at least one round, until the warm-up time is over). A round repeats the measured
     * client's work, without its settling, sleeps and collections: 1 s on /small, the readings, a
     * burst of 1,000 concurrent GETs of /slow, the readings again. So the measured client runs more
     * of its code compiled, and less of the compiler's CPU and native memory lands in the window's
     * readings (some still does: FINDINGS items 28 and 29). With bursts alone, a pooled connection's request
     * path first ran at rate in the measured client's 1 s on /small, and C2 compiled it inside the
     * burst (Courier's, 2026-11-23: 390 ms of the burst's 500 ms of CPU were the compiler threads').
     * The NMT reading's regular expressions were compiled inside the burst too. The throwaway burst
     * is the measured one's code ({@link #burst}), edges and figures included: their first runs load and link the code that reads /proc and the allocation
     * counters (and may compile its loop over the threads), which would otherwise happen during
     * or just after the measured burst.
     */
    private static boolean idleWarmup(Args a, ClientConfig config, String base, String url, Result r)
            throws Unsupported {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(a.warmupMs);
        do {
            BenchClient throwaway = create(a, config);
            try {
                if (!warmConnections(throwaway, base, url, r)) {
                    return false;
                }
                IdleReadings.take(a);
                if (!burst(throwaway, url, r, new Result(), true)) {
                    return false;
                }
                IdleReadings.take(a);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(r, e);
                return false;
            } finally {
                close(throwaway, r);
            }
            if (r.errors > 0) {
                return false;
            }
        } while (System.nanoTime() - deadline < 0);
        return true;
    }

    /** The client, or Unsupported if it cannot speak the scenario's protocol. */
    private static BenchClient create(Args a, ClientConfig config) throws Unsupported {
        try {
            return BenchClients.create(a.client, config);
        } catch (UnsupportedOperationException e) {
            throw new Unsupported(e.getMessage() != null ? e.getMessage()
                    : a.client + " does not support " + config.protocol());
        }
    }

    /** BenchClients.create refused the scenario's protocol: not an error, the combination is skipped. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** Fills the window's figures of {@code r}. */
    private static void window(Load load, Snapshot start, Snapshot end, Result r) {
        Histogram h = load.windowLatencies();
        long n = load.windowCompleted();
        r.requests = n;
        r.seconds = (end.nanos - start.nanos) / 1e9;
        r.reqPerSec = n / r.seconds;
        if (load.bytesPerRequest != 0) {
            r.bodyBytes = load.windowBodyBytes();
            r.mibPerSec = r.bodyBytes / (double) (1 << 20) / r.seconds;
        }
        r.p50Us = h.getValueAtPercentile(50) / 1000.0;
        r.p99Us = h.getValueAtPercentile(99) / 1000.0;
        r.p999Us = h.getValueAtPercentile(99.9) / 1000.0;
        r.meanUs = h.getMean() / 1000.0;
        Proc.Cpu cpu = end.cpu.minus(start.cpu);
        r.cpuUserUs = (double) cpu.userUs();
        r.cpuSysUs = (double) cpu.sysUs();
        r.cpuUsPerReq = cpu.totalUs() / (double) n;
        Long alloc = Allocation.delta(start.alloc, end.alloc);
        r.allocBytesPerReq = alloc == null ? null : alloc / (double) n;
        r.allocMethod = Allocation.method();
        r.jitMsInWindow = start.jitMs < 0 || end.jitMs < 0 ? null : end.jitMs - start.jitMs;
        r.jitCpuUsInWindow = end.jitCpuUs - start.jitCpuUs;
        r.errors = 0L;
    }

    private static String checkStatus(Object status) {
        int code = (Integer) status;
        return code == 200 ? null : "HTTP status " + code;
    }

    private static String checkLength(Object length) {
        long n = (Long) length;
        return n == Scenario.BIG_BYTES ? null : "downloaded " + n + " bytes, expected " + Scenario.BIG_BYTES;
    }

    private static void close(BenchClient client, Result r) {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            try {
                client.close();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        try {
            closed.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (r.errors == 0) {
                r.errors = 1L;
                r.error = "close failed: " + describe(e);
            }
        }
    }

    /**
     * Lets the process settle before an RSS reading: waits (up to 15 s) until the JIT has compiled
     * nothing for a second, since the compiler's transient native memory moves RSS by megabytes,
     * then for HotSpot to free the compiler's spare arena chunks, then two full GCs.
     */
    private static void quiesce() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            long last = jit.getTotalCompilationTime();
            while (System.nanoTime() < deadline) {
                Thread.sleep(1000);
                long now = jit.getTotalCompilationTime();
                if (now == last) {
                    break;
                }
                last = now;
            }
        }
        // HotSpot's ChunkPool returns the compiler's spare arena chunks every 5 s.
        Thread.sleep(5500);
        System.gc();
        System.gc();
        Thread.sleep(500);
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void fail(Result r, Throwable t) {
        r.errors = Math.max(1, r.errors == null ? 0 : r.errors);
        r.unsupported = null;
        r.error = describe(t);
        t.printStackTrace();
    }

    static String describe(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        StringBuilder b = new StringBuilder(t.toString());
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString();
    }

    /** Time, CPU, allocation, JIT compilation time and the compilers' CPU at one edge of the window. */
    private record Snapshot(long nanos, Proc.Cpu cpu, long alloc, long jitMs, long jitCpuUs) {
        // Whole lines, not built from the name: the first string concatenation of a kind spins its
        // method handles at run time, and doing that at the window's start made C2 compile the
        // JDK's bytecode generator (~0.6 s of the client's one CPU) inside the window.
        private static final String WINDOW_START = "{\"type\":\"event\",\"event\":\"window-start\"}";
        private static final String WINDOW_END = "{\"type\":\"event\",\"event\":\"window-end\"}";
        private static final String REHEARSAL = "{\"type\":\"event\",\"event\":\"rehearsal\"}";

        /** The window's start: prints the window-start event, then samples. */
        static Snapshot take() {
            event(WINDOW_START);
            return sample(true);
        }

        /** The window's end: samples, then prints the window-end event. */
        static Snapshot end() {
            Snapshot s = sample(false);
            event(WINDOW_END);
            return s;
        }

        /** The warm-up's rehearsal of {@link #take}: the same steps, with an event the runner ignores. */
        static Snapshot rehearse() {
            event(REHEARSAL);
            return sample(true);
        }

        /** The warm-up's rehearsal of {@link #end}: the same steps, with an event the runner ignores. */
        static Snapshot rehearseEnd() {
            Snapshot s = sample(false);
            event(REHEARSAL);
            return s;
        }

        /**
         * Time, CPU, allocation and JIT time now. The compilers' CPU is read outside the process's
         * CPU readings (before them at the start, after them at the end): with a thousand threads
         * (a client with a thread per call) reading /proc for each takes milliseconds.
         */
        private static Snapshot sample(boolean atStart) {
            long jitCpuAtStart = atStart ? Proc.compilerThreadsCpuUs() : 0;
            long alloc = Allocation.sample();
            long nanos = System.nanoTime();
            Proc.Cpu cpu = Proc.cpu("self");
            long jitMs = jitMillis();
            long jitCpu = atStart ? jitCpuAtStart : Proc.compilerThreadsCpuUs();
            return new Snapshot(nanos, cpu, alloc, jitMs, jitCpu);
        }

        /** Milliseconds the JIT has spent compiling so far, or -1 when the JVM does not say. */
        private static long jitMillis() {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        }

        private static void event(String line) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * A closed loop: {@code concurrency} workers, each starting its next request when the last
     * completes (from the client's completion thread; no thread of the harness per request), until
     * the phase's time or request budget runs out or a request fails. {@link #run} returns when
     * every worker has stopped, so phases never overlap.
     */
    private static final class Load {
        /** The longest latency recorded as itself; longer ones count as this (no request takes a minute). */
        private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

        /**
         * Fixed range (1 ns to a minute), so recording never resizes: a resize taken for the first
         * time deoptimizes the request loop (the window's first flip used to do that).
         */
        final Recorder latencies = new Recorder(1, MAX_LATENCY_NANOS, 3);
        final AtomicLong completed = new AtomicLong();
        final AtomicLong bodyBytes = new AtomicLong();
        /** Bytes each completion adds to {@link #bodyBytes}: 0 none, -1 the operation's result. */
        final long bytesPerRequest;
        private final Supplier<CompletableFuture<?>> op;
        private final Function<Object, String> check;
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicInteger active = new AtomicInteger();
        private final AtomicLong budget = new AtomicLong();
        private volatile long deadline;
        private volatile CompletableFuture<Void> stopped;
        private long completedAtStart;
        private long bodyBytesAtStart;
        private long completedAtEnd;
        private long bodyBytesAtEnd;
        private Histogram windowHistogram;
        /** The histogram the last flip handed back, given to the next one to refill. */
        private Histogram spare;

        Load(Supplier<CompletableFuture<?>> op, Function<Object, String> check, long bytesPerRequest) {
            this.op = op;
            this.check = check;
            this.bytesPerRequest = bytesPerRequest;
        }

        void run(int concurrency, long millis, long maxRequests) throws InterruptedException {
            stopped = new CompletableFuture<>();
            budget.set(maxRequests);
            active.set(concurrency);
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (int i = 0; i < concurrency; i++) {
                next();
            }
            try {
                stopped.get(millis + TimeUnit.SECONDS.toMillis(DRAIN_TIMEOUT_SECONDS), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                error(active.get() + " requests still pending " + DRAIN_TIMEOUT_SECONDS + " s after the phase ended");
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
        }

        /** Starts {@code concurrency} workers that run until {@link #stop} (or the first error). */
        void start(int concurrency) {
            stopped = new CompletableFuture<>();
            budget.set(Long.MAX_VALUE);
            active.set(concurrency);
            deadline = System.nanoTime() + TimeUnit.DAYS.toNanos(1);
            for (int i = 0; i < concurrency; i++) {
                next();
            }
        }

        /** Waits {@code millis} while the load runs; false if a request failed (or every worker stopped). */
        boolean await(long millis) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long left;
            while ((left = end - System.nanoTime()) > 0) {
                if (errors.get() > 0 || stopped.isDone()) {
                    return false;
                }
                Thread.sleep(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
            return errors.get() == 0;
        }

        /** Ends a {@link #start}ed load: no new requests, and waits for those in flight. */
        void stop() throws InterruptedException {
            deadline = System.nanoTime();
            try {
                stopped.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                error(active.get() + " requests still pending " + DRAIN_TIMEOUT_SECONDS + " s after the window ended");
            } catch (ExecutionException e) {
                throw new AssertionError(e);
            }
        }

        /** The window starts now: latencies recorded so far are dropped, counts taken as the base. */
        void markWindowStart() {
            // The recycled histogram comes from the rehearsal: the flip allocates nothing then.
            spare = latencies.getIntervalHistogram(spare);
            completedAtStart = completed.get();
            bodyBytesAtStart = bodyBytes.get();
        }

        /** The window ends now: its latencies and counts are fixed. */
        void markWindowEnd() {
            windowHistogram = latencies.getIntervalHistogram(spare);
            spare = null;
            completedAtEnd = completed.get();
            bodyBytesAtEnd = bodyBytes.get();
        }

        /** Latencies of the window (or, after {@link #run}, of the whole run). */
        Histogram windowLatencies() {
            return windowHistogram != null ? windowHistogram : latencies.getIntervalHistogram();
        }

        long windowCompleted() {
            return windowHistogram != null ? completedAtEnd - completedAtStart : completed.get();
        }

        long windowBodyBytes() {
            return windowHistogram != null ? bodyBytesAtEnd - bodyBytesAtStart : bodyBytes.get();
        }

        /** True (and the error copied into {@code r}) if a request failed. */
        boolean failed(Result r) {
            if (errors.get() == 0) {
                return false;
            }
            r.errors = errors.get();
            r.error = firstError.get();
            return true;
        }

        private void next() {
            while (true) {
                if (errors.get() > 0 || System.nanoTime() - deadline >= 0 || budget.getAndDecrement() <= 0) {
                    if (active.decrementAndGet() == 0) {
                        stopped.complete(null);
                    }
                    return;
                }
                long start = System.nanoTime();
                CompletableFuture<?> f;
                try {
                    f = op.get();
                } catch (Throwable t) {
                    error(describe(t));
                    continue;
                }
                if (f.isDone()) {
                    complete(f.handle((v, t) -> t != null ? t : v).join(), start);
                    continue;
                }
                f.whenComplete((v, t) -> {
                    complete(t != null ? t : v, start);
                    next();
                });
                return;
            }
        }

        private void complete(Object outcome, long start) {
            long nanos = System.nanoTime() - start;
            if (outcome instanceof Throwable t) {
                error(describe(t));
                return;
            }
            String problem;
            try {
                problem = check.apply(outcome);
            } catch (RuntimeException e) {
                problem = "unexpected result " + outcome + ": " + e;
            }
            if (problem != null) {
                error(problem);
                return;
            }
            latencies.recordValue(Math.min(nanos, MAX_LATENCY_NANOS));
            completed.incrementAndGet();
            if (bytesPerRequest > 0) {
                bodyBytes.addAndGet(bytesPerRequest);
            } else if (bytesPerRequest < 0) {
                bodyBytes.addAndGet((Long) outcome);
            }
        }

        private void error(String message) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, message);
        }
    }

    /**
     * Java heap bytes allocated by the process so far: the JVM's running total over all threads,
     * exited ones included (com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes, JDK 14+).
     * Heap only: off-heap (direct) buffers are not counted.
     */
    static final class Allocation {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        static {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }

        private Allocation() {}

        static String method() {
            return "ThreadMXBean.getTotalThreadAllocatedBytes";
        }

        /** The total so far, or -1 if the JVM cannot tell. */
        static long sample() {
            return THREADS.getTotalThreadAllocatedBytes();
        }

        static Long delta(long start, long end) {
            return start < 0 || end < 0 ? null : end - start;
        }
    }

    /** The options, all required but --ca. */
    private record Args(String client, String scenario, int httpPort, int tlsPort, int h2cPort, Path ca,
            long warmupMs, long durationMs) {
        static Args parse(String[] args) {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("Expected --name value pairs, got " + Arrays.toString(args));
                }
                m.put(args[i].substring(2), args[++i]);
            }
            for (String k : new String[] {"client", "scenario", "http-port", "tls-port", "h2c-port",
                    "warmup-ms", "duration-ms"}) {
                if (!m.containsKey(k)) {
                    throw new IllegalArgumentException("Missing --" + k);
                }
            }
            return new Args(m.get("client"), m.get("scenario"), Integer.parseInt(m.get("http-port")),
                    Integer.parseInt(m.get("tls-port")), Integer.parseInt(m.get("h2c-port")),
                    m.containsKey("ca") ? Path.of(m.get("ca")) : null,
                    Long.parseLong(m.get("warmup-ms")), Long.parseLong(m.get("duration-ms")));
        }
    }
}
