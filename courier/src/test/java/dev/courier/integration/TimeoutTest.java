package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectTimeoutException;
import dev.courier.Limits;
import dev.courier.PoolTimeoutException;
import dev.courier.ReadTimeoutException;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.WriteTimeoutException;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.transport.EventLoopTimers;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RELIABILITY.md §1.11: every timeout phase fires with its own exception and leaves the pool clean. */
class TimeoutTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration STALL = Duration.ofSeconds(10);

    private HttpTransport transport = HttpTransport.builder().build();
    private AsyncClient client = AsyncClient.builder().transport(transport).build();

    @AfterEach
    void tearDown() {
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        client.close();
    }

    @Test
    void readTimeoutBeforeTheStatusLine() {
        try (FaultServer server = FaultServer.start(Script.stallBeforeStatusLine(STALL))) {
            assertThatThrownBy(() -> client.get(server.url("/"), o -> o.timeout(Timeout.of(STALL).withRead(SHORT))).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ReadTimeoutException.class)
                    .hasMessageContaining("read timeout");
        }
    }

    @Test
    void readTimeoutMidBody() throws IOException {
        try (FaultServer server = FaultServer.start(Script.stallMidBody(STALL));
             Response r = client.stream("GET", server.url("/"), o -> o.timeout(Timeout.of(STALL).withRead(SHORT))).join();
             InputStream body = r.bodyStream()) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(ReadTimeoutException.class);
        }
    }

    @Test
    void aSlowConsumerNeverTimesOut() throws Exception {
        try (FaultServer server = FaultServer.start(Script.ok("patience"));
             Response r = client.stream("GET", server.url("/"), o -> o.timeout(Timeout.of(STALL).withRead(Duration.ofMillis(100)))).join()) {
            Thread.sleep(400);
            assertThat(new String(r.read().join())).isEqualTo("patience");
        }
    }

    @Test
    void writeTimeoutWhenTheServerStopsReading() {
        try (FaultServer server = FaultServer.start(Script.create().readRequestHead().stall())) {
            // 256 MiB from a stream: far more than socket buffers hold, never all in memory.
            InputStream endless = new InputStream() {
                private long left = 256L << 20;

                @Override
                public int read() {
                    return left-- > 0 ? 0 : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    left -= n;
                    return n;
                }
            };
            assertThatThrownBy(() -> client.post(server.url("/upload"), o -> o.content(endless)
                    .timeout(Timeout.of(STALL).withWrite(SHORT))).join())
                    .cause().isInstanceOf(WriteTimeoutException.class)
                    .hasMessageContaining("write timeout");
        }
    }

    @Test
    void poolTimeoutWhenEveryConnectionIsBusy() {
        HttpTransport one = HttpTransport.builder().limits(Limits.of(1, 1)).build();
        try (AsyncClient c = AsyncClient.builder().transport(one).build();
             FaultServer server = FaultServer.start(Script.create().readRequest()
                     .write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab").flush().stall())) {
            Response held = c.stream("GET", server.url("/held")).join();
            assertThatThrownBy(() -> c.get(server.url("/waits"), o -> o.timeout(Timeout.of(STALL).withPool(SHORT))).join())
                    .cause().isInstanceOf(PoolTimeoutException.class)
                    .hasMessageContaining("pool timeout")
                    .satisfies(e -> assertThat(((PoolTimeoutException) e).request().url().path()).isEqualTo("/waits"));
            held.close();
            assertThat(Pools.awaitQuiet(one).waiting()).isZero();
        }
    }

    @Test
    void connectTimeoutWhenTheServerNeverAccepts() throws IOException {
        // A listener that never accepts, with its accept queue filled: further SYNs go unanswered.
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), deaf.getLocalPort()), 200);
                        fillers.add(s);
                    } catch (IOException full) {
                        s.close();
                        break;
                    }
                }
                assertThatThrownBy(() -> client.get("http://127.0.0.1:" + deaf.getLocalPort() + "/",
                        o -> o.timeout(Timeout.of(STALL).withConnect(SHORT))).join())
                        .cause().isInstanceOf(ConnectTimeoutException.class)
                        .hasMessageContaining("127.0.0.1:" + deaf.getLocalPort());
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectTimeoutWhenTheTlsHandshakeNeverFinishes() throws Exception {
        // Accepts TCP and never answers the ClientHello: the connect timeout covers the handshake too.
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try {
                assertThatThrownBy(() -> client.get("https://127.0.0.1:" + silent.getLocalPort() + "/",
                        o -> o.timeout(Timeout.of(STALL).withConnect(SHORT))).join())
                        .cause().isInstanceOf(ConnectTimeoutException.class)
                        .hasMessageContaining("127.0.0.1:" + silent.getLocalPort())
                        .hasMessageContaining("timed out");
            } finally {
                silent.close();
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void totalDeadlineCoversTheWholeRequest() {
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab").flush().sleep(STALL).close())) {
            // Every byte arrives within the read timeout's reach, but the whole takes too long.
            CompletableFuture<Response> call = client.get(server.url("/"),
                    o -> o.timeout(Timeout.of(STALL).withTotal(Duration.ofMillis(500))));
            assertThatThrownBy(call::join).cause().isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("total timeout");
        }
    }

    /**
     * The total deadline fires while nobody reads: the body waits under back-pressure (RELIABILITY
     * §1.11), and a read after the deadline fails rather than finishing the body.
     */
    @Test
    void totalDeadlineFiresWhileTheBodyIsNotRead() throws Exception {
        int size = 8 * 1024 * 1024;
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                     .write("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").write(new byte[size]).flush());
             Response r = client.stream("GET", server.url("/"),
                     o -> o.timeout(Timeout.of(STALL).withTotal(Duration.ofMillis(300)))).join()) {
            // Not a timing: the read must start after the deadline, when the body can't have been read.
            Thread.sleep(1500);
            assertThatThrownBy(() -> r.read().join()).cause().isInstanceOf(RequestTimeoutException.class);
        }
    }

    /**
     * Each hop of a redirect chain answers well within the total timeout, but the chain does not: the
     * deadline is the call's, counted from its start (RELIABILITY §1.11), not renewed on every hop.
     */
    @ParameterizedTest(name = "timeout set as {0}")
    @ValueSource(strings = {"option", "extension"})
    void totalDeadlineCoversTheWholeRedirectChain(String where) {
        // Whichever connection a hop takes, each answer comes 400 ms after its request.
        Script slowRedirects = Script.create();
        for (int hop = 0; hop < 10; hop++) {
            slowRedirects = slowRedirects.readRequest().sleep(Duration.ofMillis(400))
                    .write("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n").flush();
        }
        try (FaultServer server = FaultServer.builder().whenEmpty(slowRedirects).start()) {
            Timeout timeout = Timeout.of(STALL).withTotal(Duration.ofMillis(1000));
            // The "timeout" extension overrides the request's timeout for the transport: the call's
            // total must be cut there too, or each hop would get the whole second again.
            CompletableFuture<Response> call = client.get(server.url("/1"), o -> {
                o.followRedirects(true);
                if (where.equals("option")) {
                    o.timeout(timeout);
                } else {
                    o.extension("timeout", timeout);
                }
            });
            assertThatThrownBy(call::join).cause().isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("total timeout of 1000 ms, counted from the first of its");
        }
    }

    @Test
    void aTimeoutExtensionHoldingSomethingElseIsRefusedBeforeAnythingIsSent() throws Exception {
        try (FaultServer server = FaultServer.start(Script.ok("fine"))) {
            CompletableFuture<Response> call = client.get(server.url("/"),
                    o -> o.extension("timeout", Duration.ofSeconds(1)));
            assertThatThrownBy(call::join).cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must hold a dev.courier.Timeout, not a java.time.Duration");
            assertThat(server.connectionCount()).isZero();
        }
    }

    // ---- one watchdog per connection: each exchange's own deadline ----

    @Test
    void aTimeoutTooLongForNanosecondsMeansNoLimit() throws Exception {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        try (FaultServer server = FaultServer.start(Script.ok("fine"))) {
            // A bound, not a timing: the request used to hang, its connection never run or released.
            Response r = client.get(server.url("/"), o -> o.timeout(Timeout.of(forever)))
                    .get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.text()).isEqualTo("fine");
        }
    }

    @Test
    void aShortReadTimeoutAfterALongOneOnTheSameConnectionStillFiresOnTime() throws Exception {
        // The first request leaves the connection's watchdog sleeping towards a 60 s deadline; the
        // second, on the same connection, must wake it early for its own 300 ms.
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").flush()
                .readRequest().sleep(STALL).close())) {
            assertThat(client.get(server.url("/long"), o -> o.timeout(Timeout.of(Duration.ofSeconds(60)))).join()
                    .text()).isEqualTo("ok");
            CompletableFuture<Response> quick = client.get(server.url("/short"),
                    o -> o.timeout(Timeout.of(Duration.ofSeconds(60)).withRead(SHORT)));
            // A bound, not a timing: the watchdog's old deadline (60 s) is far beyond it.
            assertThatThrownBy(() -> quick.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class)
                    .cause().isInstanceOf(ReadTimeoutException.class);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    /**
     * RELIABILITY §1.11: timers cancelled on success leave no scheduled tasks. 10 000 requests, 32
     * at a time over kept-alive connections, each with read, write and total timeouts: what stays
     * on the event loops' timers afterwards is bounded by the connections, not the requests (each
     * connection has at most one Watchdog task by design, and the pool one expiry sweep), the same
     * after 1 000 requests as after 10 000. Once the read timeout has passed with nothing waiting,
     * each watchdog fires once and stops, and the count is back to its baseline (give or take the
     * sweep, which stays while idle connections do).
     */
    @Test
    void successfulRequestsLeaveNoTimersBehind() throws Exception {
        int inFlight = 32;
        // Read, write and pool limits twice the checks' settling bound, the total far beyond it: a
        // per-request timer left behind would still be queued when the count is read.
        Duration limit = Duration.ofSeconds(10);
        Timeout timeouts = Timeout.of(limit).withTotal(Duration.ofSeconds(60));
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder()
                     .limits(Limits.of(inFlight, inFlight).withKeepAliveExpiry(Duration.ofMinutes(5))).build();
             AsyncClient c = AsyncClient.builder().transport(t).timeout(timeouts).build()) {
            int baseline = EventLoopTimers.scheduledTasks(t);
            String url = server.url("/bytes/16");

            sendAll(c, url, 1_000, inFlight);
            PoolStats first = Pools.awaitQuiet(t);
            assertThat(first.inUse()).isZero();
            int bound = baseline + first.open() + 1;
            assertThat(scheduledTasksSettlingTo(t, bound, Duration.ofSeconds(5)))
                    .as("after 1 000 requests on %d connections", first.open()).isLessThanOrEqualTo(bound);

            sendAll(c, url, 9_000, inFlight);
            PoolStats all = Pools.awaitQuiet(t);
            assertThat(all.inUse()).isZero();
            assertThat(all.open()).isBetween(1, inFlight);
            bound = baseline + all.open() + 1;
            assertThat(scheduledTasksSettlingTo(t, bound, Duration.ofSeconds(5)))
                    .as("after 10 000 requests on %d connections", all.open()).isLessThanOrEqualTo(bound);

            // A watchdog sleeps towards its connection's last deadline (the read timeout after its
            // last request), fires with nothing to watch and stops: then only the pool's sweep is
            // left, while the connections stay open (keep-alive expiry 5 minutes).
            assertThat(scheduledTasksSettlingTo(t, baseline + 1, limit.plusSeconds(20)))
                    .as("once every watchdog has fired with nothing to watch").isLessThanOrEqualTo(baseline + 1);
            assertThat(t.poolStats().open()).as("the connections stay open meanwhile").isEqualTo(all.open());
        }
    }

    /**
     * The scheduled-task count of {@code t}'s event loops once it is at most {@code bound}, or as it
     * is after {@code wait}: a bound, not a timing (a timer cancelled as a request ends may be
     * cancelled just after the caller has its response).
     */
    private static int scheduledTasksSettlingTo(HttpTransport t, int bound, Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        int count = EventLoopTimers.scheduledTasks(t);
        while (count > bound && System.nanoTime() - until < 0) {
            Thread.sleep(50);
            count = EventLoopTimers.scheduledTasks(t);
        }
        return count;
    }

    /** Sends {@code count} GETs of {@code url}, {@code inFlight} at a time, and checks that each succeeds. */
    private static void sendAll(AsyncClient c, String url, int count, int inFlight) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            assertThat(slots.tryAcquire(30, TimeUnit.SECONDS)).as("a slot within 30 s").isTrue();
            c.get(url).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                } else if (r.statusCode() != 200 || r.content().length != 16) {
                    failure.compareAndSet(null, new AssertionError(r + ": " + r.content().length + " bytes"));
                }
                slots.release();
            });
        }
        assertThat(slots.tryAcquire(inFlight, 30, TimeUnit.SECONDS)).as("every request done within 30 s").isTrue();
        slots.release(inFlight);
        assertThat(failure.get()).isNull();
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void anHttp2StreamTimesOutAloneWhileOthersOnItsConnectionCarryOn(boolean tls) {
        try (JettyServer server = tls ? JettyServer.builder().http2(true).tls().start()
                     : JettyServer.builder().http2(true).start();
             HttpTransport h2 = tls ? HttpTransport.builder().caCertificates(TestCertificates.localhost().ca().getCertificatePEM()
                             .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).build()
                     : HttpTransport.builder().http1(false).build();
             AsyncClient c = AsyncClient.builder().transport(h2).build()) {
            assertThat(c.get(server.url("/echo")).join().httpVersion()).isEqualTo("HTTP/2");
            CompletableFuture<Response> slow = c.get(server.url("/delay/10000"),
                    o -> o.timeout(Timeout.of(STALL).withRead(SHORT)));
            List<CompletableFuture<Response>> quick = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                quick.add(c.get(server.url("/bytes/100"), o -> o.timeout(Timeout.of(STALL).withRead(SHORT))));
            }
            assertThatThrownBy(slow::join).cause().isInstanceOf(ReadTimeoutException.class);
            for (CompletableFuture<Response> q : quick) {
                assertThat(q.join().content()).hasSize(100);
            }
            assertThat(c.get(server.url("/bytes/10")).join().content()).hasSize(10);
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertThat(Pools.awaitQuiet(h2).inUse()).isZero();
        }
    }
}
