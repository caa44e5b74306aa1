package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Limits;
import dev.courier.RemoteProtocolException;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.WriteException;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RELIABILITY.md §1.10: reuse, stale keep-alive, safe retries, limits and cancellation storms. */
class PoolTest {
    private final List<AutoCloseable> closing = new ArrayList<>();

    private HttpTransport transport(Limits limits) {
        HttpTransport t = HttpTransport.builder().limits(limits).build();
        closing.add(t);
        return t;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void keepAliveConnectionsAreReused() {
        HttpTransport t = transport(Limits.DEFAULT);
        try (AsyncClient c = AsyncClient.builder().transport(t).build();
             FaultServer server = FaultServer.start(Script.serveThenClose(5))) {
            for (int i = 0; i < 5; i++) {
                assertThat(c.get(server.url("/" + i)).join().text()).isEqualTo("response-" + i);
            }
            assertThat(server.connectionCount()).isEqualTo(1);
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.inUse()).isZero();
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsNotReused() throws Exception {
        HttpTransport t = transport(Limits.DEFAULT);
        try (AsyncClient c = AsyncClient.builder().transport(t).build();
             FaultServer server = FaultServer.start(Script.keepAliveThenIdleClose(Duration.ofMillis(50)), Script.ok("b"))) {
            assertThat(c.get(server.url("/a")).join().text()).isEqualTo("a");
            assertThat(server.connection(0).awaitDone(Duration.ofSeconds(5))).isTrue();
            // Bounded wait for the FIN to reach the idle connection, then the next request must use a new one.
            for (int i = 0; i < 100 && t.poolStats().open() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(c.get(server.url("/b")).join().text()).isEqualTo("b");
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    /** A reused connection that dies before any response byte: a GET goes again, once, on a new connection. */
    @Test
    void anIdempotentRequestIsRetriedOnceOnAFreshConnection() {
        onAStaleConnection((c, server) -> c.get(server.url("/2")), true);
    }

    /** The same failure for a POST whose body was sent: never retried, the caller sees it. */
    @Test
    void aPostWhoseBodyWasSentIsNotRetried() {
        onAStaleConnection((c, server) -> c.post(server.url("/2"), o -> o.content("payload")), false);
    }

    /**
     * A bodiless POST is whole once its head is written, so the server may have acted on it: a
     * stale connection fails it rather than sending it twice (RELIABILITY §1.10).
     */
    @Test
    void aBodilessPostIsNotRetried() {
        onAStaleConnection((c, server) -> c.post(server.url("/jobs/7/run")), false);
    }

    /** A POST carrying an Idempotency-Key and a replayable body is safe to send again: once, on a new connection. */
    @Test
    void aPostWithAnIdempotencyKeyIsRetriedOnce() {
        onAStaleConnection((c, server) -> c.post(server.url("/payments"),
                o -> o.header("Idempotency-Key", "k-1").content("payload".getBytes(StandardCharsets.UTF_8))), true);
    }

    /** A POST whose body can be read once is never sent twice, even with an Idempotency-Key: nothing could resend it. */
    @Test
    void aStreamedPostIsNotRetriedEvenWithAnIdempotencyKey() {
        InputStream once = new ByteArrayInputStream("payload".getBytes(StandardCharsets.UTF_8));
        onAStaleConnection((c, server) -> c.post(server.url("/payments"), o -> o.header("Idempotency-Key", "k-2").content(once)),
                false);
    }

    /**
     * A GET answered "first" on a connection that then reads the next request and closes (a
     * kept-alive connection gone stale), then {@code second} to the same server: it is either sent
     * again on a new connection, which answers "retried", or fails with RemoteProtocolException
     * without a second connection.
     */
    private void onAStaleConnection(BiFunction<AsyncClient, FaultServer, CompletableFuture<Response>> second,
            boolean retried) {
        HttpTransport t = transport(Limits.DEFAULT);
        Script stale = Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst").flush()
                .readRequest().close();
        try (AsyncClient c = AsyncClient.builder().transport(t).build();
             FaultServer server = FaultServer.start(stale, Script.ok(retried ? "retried" : "must not be reached"))) {
            assertThat(c.get(server.url("/1")).join().text()).isEqualTo("first");
            if (retried) {
                assertThat(second.apply(c, server).join().text()).isEqualTo("retried");
                assertThat(server.connectionCount()).isEqualTo(2);
            } else {
                assertThatThrownBy(() -> second.apply(c, server).join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(RemoteProtocolException.class);
                assertThat(server.connectionCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void limitsBoundOpenAndIdleConnections() {
        HttpTransport t = transport(Limits.of(4, 2));
        try (AsyncClient c = AsyncClient.builder().transport(t).build(); JettyServer server = JettyServer.start()) {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                calls.add(c.get(server.url("/delay/20")));
                assertThat(t.poolStats().open()).isLessThanOrEqualTo(4);
            }
            for (CompletableFuture<Response> call : calls) {
                assertThat(call.join().statusCode()).isEqualTo(200);
            }
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.open()).isLessThanOrEqualTo(2);
            assertThat(stats.idle()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void idleConnectionsExpire() throws Exception {
        HttpTransport t = transport(Limits.of(10, 10).withKeepAliveExpiry(Duration.ofMillis(100)));
        try (AsyncClient c = AsyncClient.builder().transport(t).build(); JettyServer server = JettyServer.start()) {
            c.get(server.url("/bytes/10")).join();
            assertThat(Pools.awaitQuiet(t).idle()).isEqualTo(1);
            for (int i = 0; i < 200 && t.poolStats().open() > 0; i++) {
                Thread.sleep(10);
            }
            assertThat(t.poolStats().open()).isZero();
        }
    }

    @Test
    void anAbandonedSmallBodyIsDrainedAndItsConnectionKept() {
        HttpTransport t = transport(Limits.DEFAULT);
        try (AsyncClient c = AsyncClient.builder().transport(t).build();
             FaultServer server = FaultServer.start(Script.serveThenClose(2))) {
            c.stream("GET", server.url("/unread")).join().close();
            // Draining happens on the I/O thread: once it is over, the connection is idle again.
            assertThat(Pools.awaitQuiet(t).idle()).isEqualTo(1);
            assertThat(c.get(server.url("/next")).join().text()).isEqualTo("response-1");
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void anAbandonedLargeBodyClosesItsConnection() {
        HttpTransport t = transport(Limits.DEFAULT);
        try (AsyncClient c = AsyncClient.builder().transport(t).build(); JettyServer server = JettyServer.start()) {
            Response big = c.stream("GET", server.url("/bytes/" + (8 << 20))).join();
            big.close();
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.inUse()).isZero();
            assertThat(stats.open()).isZero();
        }
    }

    /** Calls cancelled at random points (waiting for the pool, before the head, mid-body) leak nothing. */
    @Test
    void aCancellationStormLeavesThePoolClean() throws Exception {
        HttpTransport t = transport(Limits.of(8, 4));
        Random random = new Random(42);
        try (AsyncClient c = AsyncClient.builder().transport(t).build(); JettyServer server = JettyServer.start()) {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/delay/" + random.nextInt(30);
                    case 1 -> "/drip?bytes=2000&chunks=4&delayMs=5";
                    default -> "/bytes/" + random.nextInt(200_000);
                };
                CompletableFuture<Response> call = i % 2 == 0 ? c.get(server.url(path)) : c.stream("GET", server.url(path));
                calls.add(call);
                if (random.nextInt(3) == 0) {
                    call.cancel(true);
                }
            }
            for (CompletableFuture<Response> call : calls) {
                if (!call.isCancelled() && random.nextBoolean()) {
                    call.cancel(true);
                }
            }
            for (CompletableFuture<Response> call : calls) {
                try {
                    call.join().close();
                } catch (RuntimeException cancelledOrFailed) {
                    // Cancelled calls end so; the pool must be clean either way.
                }
            }
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.inUse()).isZero();
            assertThat(stats.waiting()).isZero();
            assertThat(stats.open()).isLessThanOrEqualTo(4);
            // And the pool still works.
            assertThat(c.get(server.url("/bytes/3")).join().content()).hasSize(3);
        }
    }

    /** A transport with one connection slot that trusts {@code pki}'s CA, closed after the test. */
    private HttpTransport oneSlotTrusting(Pki pki) {
        HttpTransport t = HttpTransport.builder().limits(Limits.of(1, 1))
                .caCertificates(pki.ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII)).build();
        closing.add(t);
        return t;
    }

    /**
     * RELIABILITY §1.10 "cancel during connect": a server that accepts TCP and never answers the
     * ClientHello, and a call cancelled while its handshake waits (with a connect timeout far off).
     * The half-open connection must not outlive the call: it is closed (the server sees EOF or a
     * reset), its pool slot is free again, and the transport goes on working.
     */
    @Test
    void cancellingDuringAStalledTlsHandshakeClosesTheConnection() throws Exception {
        Pki pki = TestCertificates.localhost();
        HttpTransport t = oneSlotTrusting(pki);
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
             AsyncClient c = AsyncClient.builder().transport(t).build();
             JettyServer good = JettyServer.builder().tls(pki.server()).start()) {
            acceptInto(silent, accepted);
            try {
                CompletableFuture<Response> call = c.get("https://127.0.0.1:" + silent.getLocalPort() + "/",
                        o -> o.timeout(Timeout.of(Duration.ofSeconds(60))));
                Socket socket = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(socket).as("the client connected").isNotNull();
                assertThat(call.cancel(true)).isTrue();

                PoolStats stats = Pools.awaitQuiet(t);
                for (int i = 0; i < 500 && stats.open() > 0; i++) {
                    Thread.sleep(10);
                    stats = t.poolStats();
                }
                assertThat(stats.waiting()).isZero();
                assertThat(stats.inUse()).isZero();
                assertThat(stats.open()).isZero();
                assertThat(closedByClient(socket)).as("the server saw the connection closed").isTrue();

                // The only slot (Limits.of(1, 1)) is free: a good server is reached through the same transport.
                assertThat(c.get("https://127.0.0.1:" + good.port() + "/bytes/4").join().content()).hasSize(4);
                assertThat(accepted).isEmpty();
            } finally {
                silent.close();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** A whole minute, with 30 s to connect: far beyond what any test here waits for. */
    private static final Timeout FAR_OFF = Timeout.of(Duration.ofSeconds(60)).withConnect(Duration.ofSeconds(30));

    /** Call A, stalled in its TLS handshake on the socket the server accepted for it, and call B, waiting for the only slot. */
    private record StalledAndWaiting(CompletableFuture<Response> a, Socket aSocket, CompletableFuture<Response> b) {}

    /**
     * Starts A against {@code silent} (which never answers a ClientHello) on a one-slot transport,
     * waits (bounded) until the server accepted it, then starts B with {@code bTimeout} and waits
     * (bounded) until B waits in the pool.
     */
    private static StalledAndWaiting stalledAndWaiting(AsyncClient c, HttpTransport t, ServerSocket silent,
            BlockingQueue<Socket> accepted, Timeout bTimeout) throws InterruptedException {
        String url = "https://127.0.0.1:" + silent.getLocalPort() + "/";
        CompletableFuture<Response> a = c.get(url, o -> o.timeout(FAR_OFF));
        Socket socket = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(socket).as("A connected").isNotNull();
        CompletableFuture<Response> b = c.get(url, o -> o.timeout(bTimeout));
        PoolStats stats = t.poolStats();
        for (int i = 0; i < 500 && stats.waiting() == 0; i++) {
            Thread.sleep(10);
            stats = t.poolStats();
        }
        assertThat(stats.waiting()).as("B waits for the only slot").isEqualTo(1);
        return new StalledAndWaiting(a, socket, b);
    }

    /**
     * RELIABILITY §1.10 "cancel during connect", with a second caller: A's handshake stalls and B
     * waits for the pool's only slot. Cancelling A keeps its open going for B; B giving up as well
     * (cancelled, or its pool timeout over) leaves the open serving nobody, and it must be closed
     * then, not at the connect timeout 30 s later. The slot is free again: a third call opens a
     * connection of its own.
     */
    @ParameterizedTest(name = "B {0}")
    @ValueSource(strings = {"is cancelled", "times out in the pool"})
    void theLastCallWaitingForAStalledHandshakeGivingUpClosesTheConnection(String how) throws Exception {
        Pki pki = TestCertificates.localhost();
        HttpTransport t = oneSlotTrusting(pki);
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            acceptInto(silent, accepted);
            try {
                boolean poolTimeout = how.equals("times out in the pool");
                StalledAndWaiting calls = stalledAndWaiting(c, t, silent, accepted,
                        poolTimeout ? FAR_OFF.withPool(Duration.ofSeconds(2)) : FAR_OFF);
                CompletableFuture<Response> a = calls.a();
                Socket socket = calls.aSocket();
                CompletableFuture<Response> b = calls.b();

                assertThat(a.cancel(true)).isTrue();
                if (poolTimeout) {
                    assertThatThrownBy(() -> b.get(20, TimeUnit.SECONDS)).cause()
                            .isInstanceOf(dev.courier.PoolTimeoutException.class);
                } else {
                    assertThat(b.cancel(true)).isTrue();
                }
                assertThat(closedByClient(socket)).as("the server saw the connection closed").isTrue();

                PoolStats stats = Pools.awaitQuiet(t);
                for (int i = 0; i < 500 && stats.open() > 0; i++) {
                    Thread.sleep(10);
                    stats = t.poolStats();
                }
                assertThat(stats.open()).isZero();
                String url = "https://127.0.0.1:" + silent.getLocalPort() + "/";
                CompletableFuture<Response> third = c.get(url, o -> o.timeout(FAR_OFF));
                Socket fresh = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(fresh).as("the third call connected afresh").isNotNull();
                assertThat(third.cancel(true)).isTrue();
                assertThat(closedByClient(fresh)).isTrue();
                assertThat(accepted).isEmpty();
            } finally {
                silent.close();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /**
     * RELIABILITY §1.10 "cancel during connect", B served another way: two slots, X holds one (its
     * answer held back), A's handshake stalls in the other and B waits. Cancelling A keeps its open
     * going for B; then X's answer ends, and its connection, free again, is lent to B. A's open now
     * serves nobody and must be closed then, not at the connect timeout 30 s later.
     */
    @Test
    void aStalledHandshakeKeptForACallServedByAReleasedConnectionIsClosed() throws Exception {
        Pki pki = TestCertificates.localhost();
        HttpTransport t = HttpTransport.builder().limits(Limits.of(2, 2))
                .caCertificates(pki.ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII)).build();
        closing.add(t);
        char[] password = "changeit".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(pki.serverKeyStore(password), password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        List<Socket> toClose = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            acceptInto(server, accepted);
            try {
                String url = "https://127.0.0.1:" + server.getLocalPort() + "/";
                CompletableFuture<Response> x = c.get(url + "x", o -> o.timeout(FAR_OFF));
                Socket xRaw = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(xRaw).as("X connected").isNotNull();
                toClose.add(xRaw);
                // X's connection is served (TLS, HTTP/1.1: no ALPN), its answer held back.
                xRaw.setSoTimeout(10_000);
                SSLSocket xTls = (SSLSocket) serverTls.getSocketFactory().createSocket(xRaw, "127.0.0.1",
                        xRaw.getPort(), false);
                xTls.setUseClientMode(false);
                toClose.add(xTls);
                assertThat(readRequestHead(xTls.getInputStream())).startsWith("GET /x ");

                CompletableFuture<Response> a = c.get(url + "a", o -> o.timeout(FAR_OFF));
                Socket aSocket = accepted.poll(10, TimeUnit.SECONDS);
                assertThat(aSocket).as("A connected").isNotNull();
                toClose.add(aSocket);
                CompletableFuture<Response> b = c.get(url + "b", o -> o.timeout(FAR_OFF));
                PoolStats stats = t.poolStats();
                for (int i = 0; i < 500 && stats.waiting() == 0; i++) {
                    Thread.sleep(10);
                    stats = t.poolStats();
                }
                assertThat(stats.waiting()).as("B waits for a slot").isEqualTo(1);
                assertThat(a.cancel(true)).isTrue();

                OutputStream xOut = xTls.getOutputStream();
                xOut.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));
                xOut.flush();
                assertThat(x.get(10, TimeUnit.SECONDS).text()).isEqualTo("x");
                // B goes on X's connection, freed.
                assertThat(readRequestHead(xTls.getInputStream())).startsWith("GET /b ");
                xOut.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb".getBytes(StandardCharsets.US_ASCII));
                xOut.flush();
                assertThat(b.get(10, TimeUnit.SECONDS).text()).isEqualTo("b");

                assertThat(closedByClient(aSocket)).as("the server saw A's connection closed").isTrue();
                stats = Pools.awaitQuiet(t);
                for (int i = 0; i < 500 && stats.open() > 1; i++) {
                    Thread.sleep(10);
                    stats = t.poolStats();
                }
                assertThat(stats.open()).as("X's connection alone, idle").isEqualTo(1);
                assertThat(stats.inUse()).isZero();
                assertThat(accepted).isEmpty();
            } finally {
                server.close();
                for (Socket s : toClose) {
                    s.close();
                }
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** The request head read from {@code in}, up to its blank line (bounded by the socket's timeout). */
    private static String readRequestHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int matched = 0, b; matched < 4 && (b = in.read()) >= 0; ) {
            head.append((char) b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString();
    }

    /**
     * Closing the transport while call A's TLS handshake stalls (the connect timeout 30 s off) and B
     * waits for the pool's only slot: A fails at once with the error B gets, the one for calls
     * waiting for a connection, not with whatever the half-open socket's end looks like (it was a
     * ConnectFailedException "Could not connect", as if the server had failed), nor at the connect
     * timeout; and A's socket is closed.
     */
    @Test
    void closingTheTransportDuringAStalledTlsHandshakeFailsTheCallAndClosesTheConnection() throws Exception {
        Pki pki = TestCertificates.localhost();
        HttpTransport t = oneSlotTrusting(pki);
        BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            acceptInto(silent, accepted);
            try {
                StalledAndWaiting calls = stalledAndWaiting(c, t, silent, accepted, FAR_OFF);
                CompletableFuture<Response> a = calls.a();
                Socket socket = calls.aSocket();
                CompletableFuture<Response> b = calls.b();

                t.close();

                for (CompletableFuture<Response> call : List.of(a, b)) {
                    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
                            .isInstanceOf(java.util.concurrent.ExecutionException.class)
                            .cause().isInstanceOf(IllegalStateException.class)
                            .hasMessage("The transport was closed while waiting for a connection");
                }
                assertThat(closedByClient(socket)).as("the server saw the connection closed").isTrue();
                assertThat(accepted).isEmpty();
            } finally {
                silent.close();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** Accepts connections on {@code server} into {@code accepted} until it is closed, never answering them. */
    private static void acceptInto(ServerSocket server, BlockingQueue<Socket> accepted) {
        Thread acceptor = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-tls-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** True when {@code socket} reads EOF or a reset within 5 s, past whatever the client sent (its ClientHello). */
    private static boolean closedByClient(Socket socket) throws IOException {
        try (socket) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            // A ClientHello is a few hundred bytes: 64 KiB without EOF means the client keeps talking.
            for (long total = 0; total < 64 * 1024; ) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                total += n;
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * A request body that fails while it is being sent (an InputStream that throws, a publisher that
     * signals an error) fails the call, and the half-sent connection is closed, never reused: the
     * server is left reading a body that will not end.
     */
    @Test
    void aRequestBodyThatFailsMidUploadFailsTheCallAndItsConnectionIsNotReused() throws Exception {
        HttpTransport t = transport(Limits.DEFAULT);
        IOException diskGone = new IOException("disk went away");
        IllegalStateException broken = new IllegalStateException("source broke");
        Map<Throwable, Supplier<RequestBody>> bodies = new LinkedHashMap<>();
        bodies.put(diskGone, () -> RequestBody.of(failingAfter(64 * 1024, diskGone)));
        bodies.put(broken, () -> RequestBody.of(new ChunkPublisher(broken, "one ", "two ", "three")));
        try (AsyncClient c = AsyncClient.builder().transport(t).build()) {
            for (Map.Entry<Throwable, Supplier<RequestBody>> body : bodies.entrySet()) {
                // A server of its own for each body, so that the upload goes on a new connection, not
                // on one the previous script is closing (a stale connection fails it differently).
                try (FaultServer server = FaultServer.start(Script.create().readRequest(), Script.ok("next"))) {
                    assertThatThrownBy(() -> c.post(server.url("/upload"), o -> o.body(body.getValue().get())).join())
                            .isInstanceOf(CompletionException.class)
                            .cause().isInstanceOf(WriteException.class)
                            .hasMessageContaining("request body")
                            .hasRootCause(body.getKey());
                    // The server, still reading the chunked body, sees the connection closed.
                    assertThat(server.connection(0).awaitDone(Duration.ofSeconds(5))).isTrue();
                    assertThat(server.connection(0).sawEof()).isTrue();
                    assertThat(c.get(server.url("/next")).join().text()).isEqualTo("next");
                    assertThat(server.connectionCount()).isEqualTo(2);
                }
            }
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
    }

    /** {@code bytes} bytes of 'x', then {@code failure} on the next read. */
    private static InputStream failingAfter(int bytes, IOException failure) {
        return new InputStream() {
            private int left = bytes;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw failure;
                }
                left--;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (left == 0) {
                    throw failure;
                }
                int n = Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
    }
}
