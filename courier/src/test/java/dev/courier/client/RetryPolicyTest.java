package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Client;
import dev.courier.ConnectFailedException;
import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.RequestException;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.support.RecordingTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The retry stage through a recording transport: what each attempt carries, events, executors, values. */
class RetryPolicyTest {
    private static final Retry QUICK = Retry.of(3).withBackoff(Duration.ofMillis(1), 2.0, Duration.ofMillis(5));

    /** Answers 503 (with a cookie) {@code failures} times per path, then 200. */
    private static RecordingTransport flaky(int failures) {
        Map<String, AtomicInteger> hits = new java.util.concurrent.ConcurrentHashMap<>();
        return new RecordingTransport(r -> {
            int hit = hits.computeIfAbsent(r.url().path(), p -> new AtomicInteger()).incrementAndGet();
            if (hit <= failures) {
                return Response.builder().status(503).header("Set-Cookie", "try=" + hit).content("busy").build();
            }
            if (r.url().path().equals("/moved")) {
                return Response.builder().status(302).header("Location", "/final").build();
            }
            return Response.builder().content("ok").build();
        });
    }

    @Test
    void eachAttemptRunsTheHooksAndCarriesTheCookiesOfTheOneBefore() {
        RecordingTransport transport = flaky(2);
        AtomicInteger attempt = new AtomicInteger();
        try (AsyncClient client = AsyncClient.builder().transport(transport).retry(QUICK)
                .onRequest(r -> r.withHeader("X-Attempt", Integer.toString(attempt.incrementAndGet())))
                .build()) {
            Response r = client.get("https://api.test/flaky").join();

            assertThat(r.attempts()).isEqualTo(3);
            assertThat(transport.requests()).extracting(q -> q.headers().get("X-Attempt")).containsExactly("1", "2", "3");
            assertThat(transport.requests()).extracting(q -> q.headers().get("Cookie")).containsExactly(null, "try=1", "try=2");
        }
    }

    @Test
    void eventsNestPerAttempt() throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        EventListener recorder = new EventListener() {
            @Override public void sendStart(Request request) { events.add("sendStart"); }
            @Override public void sendEnd(Request request, Response response) { events.add("sendEnd " + response.statusCode()); }
            @Override public void retryDecision(Request request, int attempt, Duration delay) {
                events.add("retryDecision " + attempt + (delay == null ? " stop" : " wait"));
            }
            @Override public void callEnd(Request request, Response response) {
                events.add("callEnd " + response.attempts());
                ended.countDown();
            }
        };
        try (AsyncClient client = AsyncClient.builder().transport(flaky(1)).retry(QUICK).eventListener(recorder).build()) {
            client.get("https://api.test/flaky").join();
        }
        // callEnd follows the completion of the caller's future, possibly on another thread.
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("sendStart", "sendEnd 503", "retryDecision 1 wait", "sendStart", "sendEnd 200",
                "callEnd 2");
    }

    @Test
    void everyRedirectHopHasItsOwnAttempts() {
        try (AsyncClient client = AsyncClient.builder().transport(flaky(1)).retry(QUICK).followRedirects(true).build()) {
            Response r = client.get("https://api.test/moved").join();

            assertThat(r.url().path()).isEqualTo("/final");
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.history()).hasSize(1);
            assertThat(r.history().get(0).attempts()).isEqualTo(2);
        }
    }

    @Test
    void afterAWaitTheNextAttemptRunsOnTheClientsExecutor() {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-executor"));
        List<String> threads = new CopyOnWriteArrayList<>();
        try (AsyncClient client = AsyncClient.builder().transport(flaky(1)).retry(QUICK).executor(executor)
                .onRequest(r -> {
                    threads.add(Thread.currentThread().getName());
                    return r;
                }).build()) {
            client.get("https://api.test/flaky").join();
            assertThat(threads).hasSize(2);
            assertThat(threads.get(1)).isEqualTo("app-executor");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theBlockingClientRetriesAndThrowsTheLastFailureWithItsCount() {
        RecordingTransport refusing = new RecordingTransport(r -> {
            throw new ConnectFailedException("Could not connect to api.test:443: Connection refused", r);
        });
        try (Client client = Client.builder().transport(refusing).retry(QUICK.withDeadline(Duration.ofSeconds(30))).build()) {
            assertThatThrownBy(() -> client.post("https://api.test/orders", o -> o.content("x")))
                    .isInstanceOf(ConnectFailedException.class)
                    .hasMessage("Could not connect to api.test:443: Connection refused (after 4 attempts)")
                    .satisfies(e -> assertThat(((RequestException) e).attempts()).isEqualTo(4));
            assertThat(refusing.requests()).hasSize(4);
        }
    }

    @Test
    void retryValues() {
        Retry r = Retry.of(2).withDeadline(Duration.ofSeconds(9));
        assertThat(r.deadline()).isEqualTo(Duration.ofSeconds(9));
        assertThat(Retry.of(2).deadline()).isNull();
        assertThat(r).isEqualTo(Retry.of(2).withDeadline(Duration.ofSeconds(9))).isNotEqualTo(Retry.of(2));
        assertThat(r.hashCode()).isEqualTo(Retry.of(2).withDeadline(Duration.ofSeconds(9)).hashCode());
        assertThat(r.toString()).contains("deadline=PT9S");
        assertThat(r.withDeadline(null).deadline()).isNull();
        assertThatThrownBy(() -> Retry.of(1).withDeadline(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        try (AsyncClient client = AsyncClient.builder().transport(flaky(0)).build()) {
            assertThat(client.retry()).isEqualTo(Retry.none());
        }
    }

    @Test
    void idempotenceByMethodHeaderOrMark() {
        for (String method : List.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE")) {
            assertThat(Request.builder(method, "https://a.test/").build().isIdempotent()).as(method).isTrue();
        }
        Request post = Request.builder("POST", "https://a.test/").build();
        assertThat(post.isIdempotent()).isFalse();
        assertThat(Request.builder("PATCH", "https://a.test/").build().isIdempotent()).isFalse();
        assertThat(post.withHeader("Idempotency-Key", "k1").isIdempotent()).isTrue();
        assertThat(post.withHeader("X-Idempotency-Key", "k1").isIdempotent()).isTrue();
        Request marked = post.toBuilder().idempotent(true).build();
        assertThat(marked.isIdempotent()).isTrue();
        assertThat(marked.withHeader("X", "y").isIdempotent()).isTrue();
        assertThat(Request.builder("GET", "https://a.test/").idempotent(false).build().isIdempotent()).isFalse();
        try (AsyncClient client = AsyncClient.builder().transport(flaky(0)).build()) {
            assertThat(client.buildRequest("POST", "https://a.test/", o -> o.idempotent(true)).isIdempotent()).isTrue();
        }
    }

    @Test
    void attemptsDefaultToOne() {
        Response r = Response.builder().build();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.toBuilder().attempts(3).build().attempts()).isEqualTo(3);
        assertThat(r.toBuilder().attempts(3).build().toBuilder().build().attempts()).isEqualTo(3);
        assertThatThrownBy(() -> Response.builder().attempts(0)).isInstanceOf(IllegalArgumentException.class);
        RequestException e = new RequestException("failed", null);
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).isEqualTo("failed");
    }
}
