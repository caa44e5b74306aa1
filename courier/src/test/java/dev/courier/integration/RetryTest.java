package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.EventListener;
import dev.courier.ReadTimeoutException;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.RequestException;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.Timeout;
import dev.courier.TransportException;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.support.servers.JettyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Transport;

/** The retry policy against real servers on loopback: what is retried, how often, after what wait. */
class RetryTest {
    /** Quick backoff for tests that are not about the wait. */
    private static final Retry QUICK = Retry.of(3).withBackoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20));
    /** A backoff far longer than the deadline: a retry that happens at all was timed by Retry-After. */
    private static final Retry ONLY_RETRY_AFTER = Retry.of(2)
            .withBackoff(Duration.ofHours(1), 2.0, Duration.ofHours(1))
            .withDeadline(Duration.ofSeconds(30));

    private final HttpTransport transport = HttpTransport.builder().build();
    /** The transport, left open when a client closes, so that one test can use several clients. */
    private final Transport shared = new Transport() {
        @Override
        public CompletableFuture<Response> send(Request request) {
            return transport.send(request);
        }

        @Override
        public void close() {}
    };
    private final Decisions decisions = new Decisions();

    @AfterEach
    void tearDown() {
        try {
            assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        } finally {
            transport.close();
        }
    }

    private AsyncClient client(Retry retry) {
        return AsyncClient.builder().transport(shared).retry(retry).eventListener(decisions).build();
    }

    /** Records sends and retry decisions. */
    static final class Decisions implements EventListener {
        final AtomicInteger sends = new AtomicInteger();
        final List<Duration> delays = new CopyOnWriteArrayList<>();
        final CountDownLatch firstDecision = new CountDownLatch(1);
        volatile Runnable onFirstDecision = () -> {};

        @Override
        public void sendStart(Request request) {
            sends.incrementAndGet();
        }

        @Override
        public void retryDecision(Request request, int attempt, Duration delay) {
            delays.add(delay);
            if (firstDecision.getCount() > 0) {
                onFirstDecision.run();
                firstDecision.countDown();
            }
        }
    }

    /** A server whose {@code /flaky} answers {@code failures} times with {@code status} (and headers), then 200 "ok". */
    private static JettyServer flaky(AtomicInteger hits, int failures, int status, String... headers) {
        return JettyServer.builder().route("/flaky", (request, response, callback) -> {
            if (hits.incrementAndGet() <= failures) {
                response.setStatus(status);
                for (int i = 0; i < headers.length; i += 2) {
                    response.getHeaders().put(headers[i], headers[i + 1]);
                }
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 4L);
                response.write(true, StandardCharsets.US_ASCII.encode("busy"), callback);
            } else {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 2L);
                response.write(true, StandardCharsets.US_ASCII.encode("ok"), callback);
            }
        }).start();
    }

    private static Throwable failureOf(CompletableFuture<Response> call) {
        try {
            call.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void aFlakyEndpointIsRetriedUntilItAnswersAndTheAttemptsAreCounted() {
        AtomicInteger hits = new AtomicInteger();
        List<Integer> hookStatuses = new CopyOnWriteArrayList<>();
        AtomicInteger requestHooks = new AtomicInteger();
        try (JettyServer server = flaky(hits, 2, 503);
             AsyncClient client = AsyncClient.builder().transport(shared).retry(QUICK).eventListener(decisions)
                     .onRequest(r -> {
                         requestHooks.incrementAndGet();
                         return r;
                     })
                     .onResponse(r -> hookStatuses.add(r.statusCode()))
                     .build()) {
            Response r = client.get(server.url("/flaky")).join();

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.text()).isEqualTo("ok");
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(hits.get()).isEqualTo(3);
            assertThat(decisions.sends.get()).isEqualTo(3);
            assertThat(decisions.delays).hasSize(2).doesNotContainNull();
            // Every attempt is a whole hop: the hooks ran for each.
            assertThat(requestHooks.get()).isEqualTo(3);
            assertThat(hookStatuses).containsExactly(503, 503, 200);
        }
    }

    @Test
    void whenTheRetriesAreUsedUpTheLastResponseIsReturned() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 100, 502); AsyncClient client = client(QUICK.withDeadline(null))) {
            Response r = client.get(server.url("/flaky")).join();

            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(r.text()).isEqualTo("busy");
            assertThat(r.attempts()).isEqualTo(4);
            assertThat(hits.get()).isEqualTo(4);
            assertThat(decisions.delays).hasSize(4).endsWith((Duration) null);
        }
    }

    @Test
    void retriesAreOffByDefault() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 1, 503);
             AsyncClient client = AsyncClient.builder().transport(shared).build()) {
            Response r = client.get(server.url("/flaky")).join();

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(hits.get()).isEqualTo(1);
        }
    }

    @Test
    void statusesAreRetriedForIdempotentRequestsOnly() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 100, 503); AsyncClient client = client(QUICK)) {
            Response post = client.post(server.url("/flaky"), o -> o.content("order")).join();
            assertThat(post.statusCode()).isEqualTo(503);
            assertThat(post.attempts()).isEqualTo(1);
            assertThat(hits.get()).isEqualTo(1);

            hits.set(0);
            Response marked = client.post(server.url("/flaky"), o -> o.content("order").idempotent(true)).join();
            assertThat(marked.attempts()).isEqualTo(4);
            assertThat(hits.get()).isEqualTo(4);

            hits.set(0);
            Response keyed = client.post(server.url("/flaky"),
                    o -> o.content("order").header("Idempotency-Key", "order-7")).join();
            assertThat(keyed.attempts()).isEqualTo(4);

            hits.set(0);
            Response put = client.put(server.url("/flaky"), o -> o.content("state")).join();
            assertThat(put.attempts()).isEqualTo(4);

            hits.set(0);
            Response unmarked = client.get(server.url("/flaky"), o -> o.idempotent(false)).join();
            assertThat(unmarked.attempts()).isEqualTo(1);
        }
    }

    @Test
    void theRetriedStatusesAreConfigurable() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 1, 500); AsyncClient client = client(QUICK.withStatuses(Set.of(500)))) {
            assertThat(client.get(server.url("/flaky")).join().attempts()).isEqualTo(2);
        }
        hits.set(0);
        try (JettyServer server = flaky(hits, 1, 503); AsyncClient client = client(QUICK.withStatuses(Set.of(500)))) {
            Response r = client.get(server.url("/flaky")).join();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aPostIsNotRetriedAfterItsBodyWasSent() throws InterruptedException {
        try (FaultServer server = FaultServer.start(Script.disconnectAfterRequest(), Script.ok("second"));
             AsyncClient client = client(QUICK)) {
            Throwable failure = failureOf(client.post(server.url("/orders"), o -> o.content("order=1")));

            assertThat(failure).isInstanceOf(TransportException.class);
            assertThat(((RequestException) failure).attempts()).isEqualTo(1);
            assertThat(server.connection(0).awaitDone(Duration.ofSeconds(5))).isTrue();
            assertThat(server.connection(0).requestText(0)).startsWith("POST /orders ").endsWith("order=1");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(decisions.delays).containsExactly((Duration) null);
        }
    }

    @Test
    void aPutFailingTheSameWayIsRetried() {
        try (FaultServer server = FaultServer.start(Script.disconnectAfterRequest(), Script.ok("second"));
             AsyncClient client = client(QUICK)) {
            Response r = client.put(server.url("/state"), o -> o.content("on")).join();

            assertThat(r.text()).isEqualTo("second");
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aBodyThatCannotBeReplayedIsNeverSentTwice() {
        try (FaultServer server = FaultServer.start(Script.disconnectAfterRequest(), Script.ok("second"));
             AsyncClient client = client(QUICK)) {
            InputStream oneShot = new ByteArrayInputStream("on".getBytes(StandardCharsets.UTF_8));
            Throwable failure = failureOf(client.put(server.url("/state"), o -> o.content(oneShot)));

            assertThat(failure).isInstanceOf(TransportException.class);
            assertThat(((RequestException) failure).attempts()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aReadTimeoutIsRetriedForAGetButNotForAPost() {
        Timeout shortRead = Timeout.of(Duration.ofSeconds(10)).withRead(Duration.ofMillis(300));
        try (FaultServer server = FaultServer.start(Script.stallBeforeStatusLine(Duration.ofSeconds(10)), Script.ok("fine"));
             AsyncClient client = client(QUICK)) {
            Response r = client.get(server.url("/slow"), o -> o.timeout(shortRead)).join();
            assertThat(r.text()).isEqualTo("fine");
            assertThat(r.attempts()).isEqualTo(2);
        }
        try (FaultServer server = FaultServer.start(Script.stallBeforeStatusLine(Duration.ofSeconds(10)), Script.ok("fine"));
             AsyncClient client = client(QUICK)) {
            Throwable failure = failureOf(client.post(server.url("/slow"), o -> o.content("x").timeout(shortRead)));
            assertThat(failure).isInstanceOf(ReadTimeoutException.class);
            assertThat(((RequestException) failure).attempts()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aBodyThatFailsHalfwayIsReadAgainForAGet() {
        Timeout shortRead = Timeout.of(Duration.ofSeconds(10)).withRead(Duration.ofMillis(300));
        try (FaultServer server = FaultServer.start(Script.stallMidBody(Duration.ofSeconds(10)), Script.ok("helloworld"));
             AsyncClient client = client(QUICK)) {
            Response r = client.get(server.url("/file"), o -> o.timeout(shortRead)).join();
            assertThat(r.text()).isEqualTo("helloworld");
            assertThat(r.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionClosedHalfwayThroughTheBodyIsRetriedForAGet() {
        for (Script broken : new Script[] {Script.disconnectMidBody(), Script.disconnectAfterHeaders()}) {
            try (FaultServer server = FaultServer.start(broken, Script.ok("whole"));
                 AsyncClient client = client(QUICK)) {
                Response r = client.get(server.url("/file")).join();
                assertThat(r.text()).isEqualTo("whole");
                assertThat(r.attempts()).isEqualTo(2);
            }
        }
    }

    @Test
    void retryAfterInSecondsIsWaitedFor() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 1, 503, "Retry-After", "1"); AsyncClient client = client(ONLY_RETRY_AFTER)) {
            Response r = client.get(server.url("/flaky")).join();

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(decisions.delays).containsExactly(Duration.ofSeconds(1));
        }
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedFor() {
        AtomicInteger hits = new AtomicInteger();
        String inOneSecond = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
        try (JettyServer server = flaky(hits, 1, 429, "Retry-After", inOneSecond); AsyncClient client = client(ONLY_RETRY_AFTER)) {
            Response r = client.get(server.url("/flaky")).join();

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(decisions.delays).hasSize(1);
            assertThat(decisions.delays.get(0)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void aRetryAfterLongerThanTheCapEndsTheRetries() {
        AtomicInteger hits = new AtomicInteger();
        String inAnHour = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusHours(1));
        Retry capped = QUICK.withRetryAfterCap(Duration.ofSeconds(5));
        for (String retryAfter : new String[] {"3600", inAnHour}) {
            hits.set(0);
            try (JettyServer server = flaky(hits, 1, 503, "Retry-After", retryAfter); AsyncClient client = client(capped)) {
                Response r = client.get(server.url("/flaky")).join();

                assertThat(r.statusCode()).as(retryAfter).isEqualTo(503);
                assertThat(r.attempts()).isEqualTo(1);
                assertThat(hits.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void aWaitThatWouldPassTheDeadlineIsNotStartedAndTheLastResponseStands() {
        AtomicInteger hits = new AtomicInteger();
        Retry retry = Retry.of(10).withDeadline(Duration.ofMillis(1500));
        try (JettyServer server = flaky(hits, 100, 503, "Retry-After", "1"); AsyncClient client = client(retry)) {
            Response r = client.get(server.url("/flaky")).join();

            // At most one 1 s wait fits in 1.5 s: the second 503 (or the first, on a slow machine) is the answer.
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.attempts()).isBetween(1, 2);
            assertThat(hits.get()).isEqualTo(r.attempts());
            assertThat(decisions.delays).endsWith((Duration) null);
        }
    }

    /** The request's total timeout bounds the waits as the retry deadline does: a wait past it is not started. */
    @Test
    void aWaitThatWouldPassTheTotalTimeoutIsNotStartedAndTheLastResponseStands() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 100, 503, "Retry-After", "2"); AsyncClient client = client(Retry.of(10))) {
            Response r = client.get(server.url("/flaky"),
                    o -> o.timeout(Timeout.of(Duration.ofSeconds(30)).withTotal(Duration.ofSeconds(1)))).join();

            // A 2 s wait never fits in 1 s: the first 503 is the answer.
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(hits.get()).isEqualTo(1);
            assertThat(decisions.delays).containsExactly((Duration) null);
        }
    }

    /**
     * A later attempt's read timeout stays a read timeout under a total timeout: it is retried like
     * the first, and the caller sees its type, not the total deadline's.
     */
    @Test
    void aLaterAttemptsReadTimeoutKeepsItsTypeUnderATotalTimeout() {
        try (JettyServer server = JettyServer.start(); AsyncClient client = client(QUICK)) {
            Throwable failure = failureOf(client.get(server.url("/delay/10000"), o -> o.timeout(Timeout.of(Duration.ofSeconds(30))
                    .withRead(Duration.ofMillis(200)).withTotal(Duration.ofSeconds(60)))));

            assertThat(failure).isInstanceOf(ReadTimeoutException.class);
            assertThat(((RequestException) failure).attempts()).isEqualTo(4);
        }
    }

    @Test
    void anAttemptStillRunningAtTheDeadlineFailsWithATimeout() {
        Retry retry = QUICK.withDeadline(Duration.ofMillis(300));
        try (JettyServer server = JettyServer.start(); AsyncClient client = client(retry)) {
            Throwable failure = failureOf(client.get(server.url("/delay/10000"),
                    o -> o.timeout(Timeout.of(Duration.ofSeconds(30)))));

            assertThat(failure).isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("retry deadline of 300 ms");
            assertThat(((RequestException) failure).request().url().path()).isEqualTo("/delay/10000");
        }
    }

    @Test
    void aBodyStillArrivingAtTheDeadlineIsAbandonedNotReadOn() throws IOException {
        Retry retry = QUICK.withDeadline(Duration.ofMillis(300));
        // A head, a few bytes of a 100 MB body, then nothing for 20 s: far more than is ever drained.
        Script trickle = Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nhello")
                .sleep(Duration.ofSeconds(20));
        try (FaultServer server = FaultServer.start(trickle); AsyncClient client = client(retry)) {
            Throwable failure = failureOf(client.get(server.url("/slow-body"),
                    o -> o.timeout(Timeout.of(Duration.ofSeconds(30)))));

            assertThat(failure).isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("retry deadline of 300 ms");
            // The body read ended with the deadline: the connection is not held until the server goes on.
            assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        }
    }

    @Test
    void aConnectFailureIsRetriedForAPostUntilTheRetriesAreUsedUp() throws IOException {
        int port = closedPort();
        try (AsyncClient client = client(Retry.of(2).withBackoff(Duration.ofMillis(5), 2.0, Duration.ofMillis(20)))) {
            Throwable failure = failureOf(client.post("http://127.0.0.1:" + port + "/orders", o -> o.content("order=1")));

            assertThat(failure).isInstanceOf(ConnectFailedException.class).hasMessageEndingWith("(after 3 attempts)");
            assertThat(((RequestException) failure).attempts()).isEqualTo(3);
            assertThat(decisions.sends.get()).isEqualTo(3);
        }
    }

    @Test
    void aConnectFailureIsRetriedForAPostAndTheServerThatCameUpGetsTheBodyOnce() throws Exception {
        int port = closedPort();
        AtomicReference<ServerSocket> late = new AtomicReference<>();
        CompletableFuture<String> received = new CompletableFuture<>();
        // The server starts listening between the failed first attempt and the second.
        decisions.onFirstDecision = () -> late.set(listenOnceAndAnswer201(port, received));
        try (AsyncClient client = client(Retry.of(3).withBackoff(Duration.ofMillis(50), 1.0, Duration.ofMillis(50)))) {
            Response r = client.post("http://127.0.0.1:" + port + "/orders", o -> o.content("order=1")).join();

            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(received.get(5, TimeUnit.SECONDS)).startsWith("POST /orders ").endsWith("order=1");
        } finally {
            if (late.get() != null) {
                late.get().close();
            }
        }
    }

    @Test
    void aConnectFailureIsNotRetriedWhenTheBodyCannotBeReplayed() throws IOException {
        int port = closedPort();
        try (AsyncClient client = client(QUICK)) {
            InputStream oneShot = new ByteArrayInputStream(new byte[] {1, 2, 3});
            Throwable failure = failureOf(client.post("http://127.0.0.1:" + port + "/", o -> o.content(oneShot)));

            assertThat(failure).isInstanceOf(ConnectFailedException.class);
            assertThat(((RequestException) failure).attempts()).isEqualTo(1);
            assertThat(decisions.sends.get()).isEqualTo(1);
        }
    }

    @Test
    void cancellingDuringAWaitStopsTheRetries() throws InterruptedException {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 100, 503, "Retry-After", "1"); AsyncClient client = client(QUICK)) {
            CompletableFuture<Response> call = client.get(server.url("/flaky"));
            assertThat(decisions.firstDecision.await(5, TimeUnit.SECONDS)).isTrue();
            call.cancel(true);

            Thread.sleep(1500);     // past the 1 s wait: a retry would have been sent by now
            assertThat(hits.get()).isEqualTo(1);
            assertThat(call).isCancelled();
        }
    }

    @Test
    void aResponseHookThatThrowsEndsTheRetries() {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 100, 503);
             AsyncClient client = AsyncClient.builder().transport(shared).retry(QUICK)
                     .onResponse(r -> r.raiseForStatus()).build()) {
            Throwable failure = failureOf(client.get(server.url("/flaky")));

            assertThat(failure).isInstanceOf(dev.courier.HttpStatusException.class);
            assertThat(hits.get()).isEqualTo(1);
        }
    }

    @Test
    void aStreamedCallIsRetriedUpToItsHead() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        try (JettyServer server = flaky(hits, 1, 504); AsyncClient client = client(QUICK);
             Response r = client.stream("GET", server.url("/flaky")).join()) {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(new String(r.bodyStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ok");
        }
    }

    /** A port on 127.0.0.1 where nothing listens (it did a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** Listens on {@code port}, reads one request with a Content-Length body, answers 201 and closes. */
    private static ServerSocket listenOnceAndAnswer201(int port, CompletableFuture<String> received) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            server.setSoTimeout(10_000);
            Thread thread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(10_000);
                    String request = readRequest(socket.getInputStream());
                    received.complete(request);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    received.completeExceptionally(e);
                }
            }, "late-server");
            thread.setDaemon(true);
            thread.start();
            return server;
        } catch (IOException e) {
            received.completeExceptionally(e);
            return null;
        }
    }

    private static String readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 65536) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return head + new String(body, StandardCharsets.US_ASCII);
    }

}
