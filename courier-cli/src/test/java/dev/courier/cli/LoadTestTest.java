package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.Headers;
import dev.courier.Response;
import dev.courier.testing.TestServer;
import dev.courier.transport.App;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load-test engine in this process: its bounds, its concurrency, what it counts. */
@Timeout(60)
class LoadTestTest {
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static LoadTest.Settings settings(String url, int concurrency, Duration duration, long requests) {
        return new LoadTest.Settings(url, "GET", Headers.empty(), null, concurrency, duration, requests,
                LoadTest.Settings.DEFAULT_TIMEOUT, false, true, null);
    }

    @Test
    void sendsExactlyTheCountOverTheNetwork() {
        LoadTest.Result r = new LoadTest(settings(server.url("/get"), 8, null, 300)).run(null);

        assertThat(r.requests()).isEqualTo(300);
        assertThat(r.errors()).isZero();
        assertThat(r.statusCodes()).isEqualTo(Map.of(200, 300L));
        assertThat(r.latency().getTotalCount()).isEqualTo(300);
        assertThat(r.bytesReceived()).isPositive();
        assertThat(r.httpVersions()).containsExactly("HTTP/1.1");
        assertThat(r.stopped()).isFalse();
    }

    @Test
    void theServerSeesExactlyTheCountAndNeverMoreThanTheConcurrency() {
        int concurrency = 8;
        int count = 20 * concurrency;
        Gate gate = new Gate(concurrency);
        try (AsyncClient client = AsyncClient.builder().app(gate).build()) {
            LoadTest.Result r = new LoadTest(settings("http://testserver/x", concurrency, null, count)).run(client, null);

            assertThat(gate.received.get()).isEqualTo(count);
            assertThat(gate.maxInFlight.get()).isEqualTo(concurrency);
            assertThat(r.requests()).isEqualTo(count);
            assertThat(r.statusCodes()).isEqualTo(Map.of(200, (long) count));
            assertThat(r.bytesReceived()).isEqualTo(2L * count);
        } finally {
            gate.close();
        }
    }

    @Test
    void fewerRequestsThanSlotsUseFewerSlots() {
        Gate gate = new Gate(3);
        try (AsyncClient client = AsyncClient.builder().app(gate).build()) {
            LoadTest.Result r = new LoadTest(settings("http://testserver/x", 50, null, 3)).run(client, null);

            assertThat(gate.received.get()).isEqualTo(3);
            assertThat(r.requests()).isEqualTo(3);
        } finally {
            gate.close();
        }
    }

    @Test
    void everyRequestCarriesTheMethodHeadersAndBody() {
        List<String> seen = new CopyOnWriteArrayList<>();
        App app = App.sync(request -> {
            seen.add(request.method() + " " + request.headers().get("X-Bench") + " " + request.headers().get("User-Agent")
                    + " " + new String(request.content(), java.nio.charset.StandardCharsets.UTF_8));
            return Response.builder().status(201).build();
        });
        LoadTest.Settings s = new LoadTest.Settings("http://testserver/x", "PUT",
                Headers.of("X-Bench", "1", "User-Agent", "bench/1"), "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                2, null, 6, LoadTest.Settings.DEFAULT_TIMEOUT, false, true, null);
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            LoadTest.Result r = new LoadTest(s).run(client, null);

            assertThat(r.statusCodes()).isEqualTo(Map.of(201, 6L));
            assertThat(seen).hasSize(6).containsOnly("PUT 1 bench/1 {\"a\":1}");
        }
    }

    @Test
    void aDurationEndsTheRunAndProgressIsReported() {
        List<LoadTest.Progress> seen = new CopyOnWriteArrayList<>();
        App app = App.sync(request -> Response.builder().content("ok").build());
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            LoadTest.Result r = new LoadTest(settings("http://testserver/x", 4, Duration.ofMillis(600), 0))
                    .run(client, seen::add);

            assertThat(r.requests()).isPositive();
            assertThat(r.errors()).isZero();
            assertThat(seen).isNotEmpty();
            assertThat(seen.get(seen.size() - 1).requests()).isLessThanOrEqualTo(r.requests());
        }
    }

    @Test
    void nonSuccessStatusesAreCountedNotErrors() {
        LoadTest.Result r = new LoadTest(settings(server.url("/status/503"), 4, null, 40)).run(null);

        assertThat(r.errors()).isZero();
        assertThat(r.statusCodes()).isEqualTo(Map.of(503, 40L));
    }

    @Test
    void failuresAreCountedByKind() {
        App app = request -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            LoadTest.Result r = new LoadTest(settings("http://testserver/x", 4, null, 25)).run(client, null);

            assertThat(r.requests()).isEqualTo(25);
            assertThat(r.errors()).isEqualTo(25);
            assertThat(r.responses()).isZero();
            assertThat(r.errorCounts()).containsOnlyKeys("IllegalStateException");
            assertThat(r.errorCounts().get("IllegalStateException").count()).isEqualTo(25);
            assertThat(r.errorCounts().get("IllegalStateException").example()).contains("boom");
            assertThat(r.latency().getTotalCount()).isZero();
        }
    }

    @Test
    void requestsThatNeverEndAreCancelledSoTheRunStillEnds() {
        // An app that never answers, and takes no notice of timeouts: the engine's own bound ends the run.
        App app = request -> new CompletableFuture<>();
        LoadTest.Settings s = new LoadTest.Settings("http://testserver/x", "GET", Headers.empty(), null, 3,
                Duration.ofMillis(100), 0, Duration.ofMillis(100), false, true, null);
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            LoadTest.Result r = new LoadTest(s).run(client, null);

            assertThat(r.requests()).isEqualTo(3);
            assertThat(r.errors()).isEqualTo(3);
            assertThat(r.errorCounts().keySet()).containsAnyOf("cancelled", "timeout");
        }
    }

    @Test
    void stopEndsARunEarly() throws Exception {
        App app = App.sync(request -> Response.builder().content("ok").build());
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            LoadTest test = new LoadTest(settings("http://testserver/x", 2, Duration.ofHours(1), 0));
            java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
            CompletableFuture<LoadTest.Result> run = CompletableFuture.supplyAsync(() -> test.run(client, p -> {
                if (p.requests() > 0) {
                    running.countDown();
                }
            }));
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            test.stop();
            LoadTest.Result r = run.get(30, TimeUnit.SECONDS);

            assertThat(r.stopped()).isTrue();
            assertThat(r.requests()).isPositive();
        }
    }

    @Test
    void http2BothWays() throws Exception {
        LoadTest.Result h2c = new LoadTest(new LoadTest.Settings(server.url("/get"), "GET", Headers.empty(), null, 8,
                null, 100, LoadTest.Settings.DEFAULT_TIMEOUT, true, true, null)).run(null);
        assertThat(h2c.httpVersions()).containsExactly("HTTP/2");
        assertThat(h2c.statusCodes()).isEqualTo(Map.of(200, 100L));

        java.nio.file.Path ca = java.nio.file.Files.createTempFile("courier-ca", ".pem");
        try {
            java.nio.file.Files.write(ca, server.caCertificatePem());
            LoadTest.Result h2 = new LoadTest(new LoadTest.Settings(server.httpsUrl("/get"), "GET", Headers.empty(),
                    null, 8, null, 100, LoadTest.Settings.DEFAULT_TIMEOUT, true, true, ca)).run(null);
            assertThat(h2.httpVersions()).containsExactly("HTTP/2");
            assertThat(h2.statusCodes()).isEqualTo(Map.of(200, 100L));
        } finally {
            java.nio.file.Files.deleteIfExists(ca);
        }
    }

    @Test
    void settingsRejectWhatCannotRun() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings("http://x/", 0, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings("http://x/", 1, Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(settings("http://x/", 10, null, 4).workers()).isEqualTo(4);
        assertThat(settings("http://x/", 10, Duration.ofSeconds(1), 0).workers()).isEqualTo(10);
    }

    /**
     * An app that holds its answers until {@code batch} requests are waiting (or a second has
     * passed), then answers them all: every batch fills the slots, so the most requests in flight
     * is exactly the concurrency, and any request past it would show.
     */
    private static final class Gate implements App {
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final int batch;
        private final List<CompletableFuture<Response>> parked = new ArrayList<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Gate(int batch) {
            this.batch = batch;
            timer.scheduleWithFixedDelay(this::releaseStale, 1, 1, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<Response> handle(dev.courier.Request request) {
            received.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<Response> answer = new CompletableFuture<>();
            List<CompletableFuture<Response>> release = null;
            synchronized (this) {
                parked.add(answer);
                if (parked.size() >= batch) {
                    release = takeAll();
                }
            }
            if (release != null) {
                // Answered off this thread, as a server would: the engine's next request comes from there.
                List<CompletableFuture<Response>> toAnswer = release;
                timer.execute(() -> answer(toAnswer));
            }
            return answer;
        }

        private synchronized List<CompletableFuture<Response>> takeAll() {
            List<CompletableFuture<Response>> all = new ArrayList<>(parked);
            parked.clear();
            return all;
        }

        private void releaseStale() {
            answer(takeAll());
        }

        private void answer(List<CompletableFuture<Response>> answers) {
            for (CompletableFuture<Response> a : answers) {
                // Out of flight before the answer: completing it may start the next request at once.
                inFlight.decrementAndGet();
                a.complete(Response.builder().content("ok").build());
            }
        }

        void close() {
            timer.shutdownNow();
        }
    }
}
