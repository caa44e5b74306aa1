package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.support.Pools;
import dev.courier.support.servers.JettyRoutes;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.NghttpdServer;
import dev.courier.support.servers.NginxServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/2 against real servers over loopback: nginx (h2 over TLS), Jetty 12 (h2 over TLS, and h2c
 * by prior knowledge) and nghttpd, nghttp2's reference server. Every test checks the protocol the
 * response came over, and ends with the pool quiet (nothing in use, nobody waiting).
 */
class Http2InteropTest {
    private static final byte[] CA = TestCertificates.localhost().ca().getCertificatePEM()
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SMALL = "hello over h2\n".getBytes(StandardCharsets.UTF_8);
    /** Generous per phase: bounds every wait below without timing anything. */
    private static final Timeout TIMEOUT = Timeout.of(Duration.ofSeconds(30));

    private static HttpTransport.Builder transport() {
        return HttpTransport.builder().caCertificates(CA);
    }

    private static AsyncClient client(HttpTransport transport) {
        return AsyncClient.builder().transport(transport).timeout(TIMEOUT).build();
    }

    private static void assertQuiet(HttpTransport transport) {
        PoolStats stats = Pools.awaitQuiet(transport);
        assertThat(stats.inUse()).as("in use: %s", stats).isZero();
        assertThat(stats.waiting()).as("waiting: %s", stats).isZero();
    }

    private static long readToEnd(InputStream in, Consumer<byte[]> check) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (check != null) {
                byte[] piece = new byte[n];
                System.arraycopy(buffer, 0, piece, 0, n);
                check.accept(piece);
            }
            total += n;
        }
        return total;
    }

    private static JettyServer jetty(boolean tls, Consumer<JettyServer.Builder> more) {
        JettyServer.Builder builder = JettyServer.builder().http2(true);
        if (tls) {
            builder.tls();
        }
        more.accept(builder);
        return builder.start();
    }

    /** h2 over TLS by ALPN (https), or h2c by prior knowledge (http, with HTTP/1.1 turned off). */
    private static HttpTransport h2Transport(boolean tls) {
        return tls ? transport().build() : transport().http1(false).build();
    }

    // ---- nginx ----

    @Test
    void nginxOverTls() throws IOException {
        NginxServer.assumeInstalled();
        byte[] large = JettyRoutes.pattern(5 << 20);
        try (NginxServer nginx = NginxServer.builder().file("/small.txt", SMALL).file("/large.bin", large)
                .tls().http2(true).serverDirectives("add_trailer X-Served-By nginx always;").start();
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            Response small = c.get(nginx.httpsUrl("/small.txt")).join();
            assertThat(small.httpVersion()).isEqualTo("HTTP/2");
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.content()).isEqualTo(SMALL);
            assertThat(small.trailers().get("X-Served-By")).isEqualTo("nginx");

            try (Response download = c.stream("GET", nginx.httpsUrl("/large.bin")).join();
                 InputStream in = download.bodyStream()) {
                assertThat(download.httpVersion()).isEqualTo("HTTP/2");
                assertThat(download.headers().get("Content-Length")).isEqualTo(Integer.toString(large.length));
                long[] offset = {0};
                long total = readToEnd(in, piece -> {
                    assertThat(piece).isEqualTo(JettyRoutes.pattern(offset[0], piece.length));
                    offset[0] += piece.length;
                });
                assertThat(total).isEqualTo(large.length);
            }

            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(c.get(nginx.httpsUrl("/small.txt")));
            }
            for (CompletableFuture<Response> call : calls) {
                Response r = call.join();
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                assertThat(r.content()).isEqualTo(SMALL);
            }
            assertQuiet(t);
            assertThat(t.poolStats().open()).as("everything went over one connection").isEqualTo(1);
            assertThat(c.get(nginx.httpsUrl("/missing")).join().statusCode()).isEqualTo(404);
            assertQuiet(t);
        }
    }

    @Test
    void nginxGoAwayAfterKeepaliveRequestsSendsTheRestAgain() {
        NginxServer.assumeInstalled();
        // nginx ends an h2 connection with GOAWAY after keepalive_requests streams: in a burst
        // much larger than that (64 over 5 per connection), the streams above each GOAWAY's
        // last-stream-id go again elsewhere, round after round, and none is lost.
        try (NginxServer nginx = NginxServer.builder().file("/small.txt", SMALL).tls().http2(true)
                .keepaliveRequests(5).start();
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            for (int burst = 0; burst < 3; burst++) {
                List<CompletableFuture<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    calls.add(c.get(nginx.httpsUrl("/small.txt")));
                }
                for (CompletableFuture<Response> call : calls) {
                    Response r = call.join();
                    assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                    assertThat(r.content()).isEqualTo(SMALL);
                }
                assertQuiet(t);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(c.get(nginx.httpsUrl("/small.txt")).join().content()).isEqualTo(SMALL);
            }
            assertQuiet(t);
            assertThat(t.poolStats().open()).isLessThanOrEqualTo(1);
        }
    }

    // ---- Jetty, h2 over TLS and h2c ----

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void jettyGetPostAndTrailers(boolean tls) throws IOException {
        try (JettyServer server = jetty(tls, b -> {});
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            Response get = c.get(server.url("/echo?x=1")).join();
            assertThat(get.httpVersion()).isEqualTo("HTTP/2");
            JsonNode json = get.json();
            assertThat(json.get("version").asText()).isEqualTo("HTTP/2.0");
            assertThat(json.get("method").asText()).isEqualTo("GET");
            assertThat(json.get("uri").asText()).isEqualTo("/echo?x=1");
            assertThat(json.get("secure").asBoolean()).isEqualTo(tls);

            Response post = c.post(server.url("/echo"), o -> o.content("héllo h2")).join();
            assertThat(post.httpVersion()).isEqualTo("HTTP/2");
            assertThat(post.json().get("method").asText()).isEqualTo("POST");
            assertThat(post.json().get("body").asText()).isEqualTo("héllo h2");
            assertThat(post.json().get("bodyLength").asInt()).isEqualTo("héllo h2".getBytes(StandardCharsets.UTF_8).length);

            byte[] big = JettyRoutes.pattern(3_000_000);
            Response bigPost = c.post(server.url("/echo-stream"), o -> o.content(big)).join();
            assertThat(bigPost.content()).isEqualTo(big);
            assertThat(bigPost.trailers().get("X-Received-Bytes")).isEqualTo("3000000");

            // Trailers, read after a buffered body and after a streamed one.
            int n = 200_000;
            CRC32 crc = new CRC32();
            crc.update(JettyRoutes.pattern(n));
            String checksum = Long.toHexString(crc.getValue());
            Response buffered = c.get(server.url("/trailers?bytes=" + n)).join();
            assertThat(buffered.httpVersion()).isEqualTo("HTTP/2");
            assertThat(buffered.content()).isEqualTo(JettyRoutes.pattern(n));
            assertThat(buffered.trailers().get("X-Bytes")).isEqualTo(Integer.toString(n));
            assertThat(buffered.trailers().get("X-Checksum")).isEqualTo(checksum);
            try (Response streamed = c.stream("GET", server.url("/trailers?bytes=" + n)).join();
                 InputStream in = streamed.bodyStream()) {
                assertThat(readToEnd(in, null)).isEqualTo(n);
                assertThat(streamed.trailers().get("X-Checksum")).isEqualTo(checksum);
            }
            Response noTrailers = c.get(server.url("/bytes/10")).join();
            assertThat(noTrailers.trailers().isEmpty()).isTrue();

            assertQuiet(t);
            assertThat(t.poolStats().open()).isEqualTo(1);
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void jettyStreamsAnUploadBackWhileItIsSent(boolean tls) throws IOException {
        try (JettyServer server = jetty(tls, b -> {});
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            // Ping-pong: each piece is sent only after the previous one came back, so the request
            // and the response are both open and moving at once.
            FeedPublisher upload = new FeedPublisher();
            long sent = 0;
            try (Response r = c.stream("POST", server.url("/echo-stream"), o -> o.content(upload)).join();
                 InputStream in = r.bodyStream()) {
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                for (int i = 0; i < 20; i++) {
                    byte[] piece = JettyRoutes.pattern(i * 1000L, 1 + i * 997);
                    upload.offer(piece);
                    sent += piece.length;
                    assertThat(in.readNBytes(piece.length)).as("echo of piece %d", i).isEqualTo(piece);
                }
                upload.complete();
                assertThat(in.read()).isEqualTo(-1);
                assertThat(r.trailers().get("X-Received-Bytes")).isEqualTo(Long.toString(sent));
            }

            // Bulk: 8 MiB from an InputStream, far beyond every flow-control window, read while it goes up.
            int size = 8 << 20;
            try (Response r = c.stream("POST", server.url("/echo-stream"),
                    o -> o.content(new ByteArrayInputStream(JettyRoutes.pattern(size)))).join();
                 InputStream in = r.bodyStream()) {
                long[] offset = {0};
                long total = readToEnd(in, piece -> {
                    assertThat(piece).isEqualTo(JettyRoutes.pattern(offset[0], piece.length));
                    offset[0] += piece.length;
                });
                assertThat(total).isEqualTo(size);
                assertThat(r.trailers().get("X-Received-Bytes")).isEqualTo(Integer.toString(size));
            }
            assertQuiet(t);
            assertThat(t.poolStats().open()).isEqualTo(1);
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void twoHundredRequestsOverTwoConnectionsOfOneHundredStreams(boolean tls) {
        int requests = 200;
        Gate gate = new Gate(requests);
        try (JettyServer server = jetty(tls, b -> b.maxConcurrentStreams(100).route("/gate", gate::handle));
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(c.get(server.url("/gate?i=" + i)));
            }
            for (CompletableFuture<Response> call : calls) {
                Response r = call.join();
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                assertThat(r.text()).isEqualTo("through");
            }
            // The gate opened only once all 200 were in at the server together: 2 x 100 streams.
            assertThat(gate.peak()).isEqualTo(requests);
            assertQuiet(t);
            assertThat(server.acceptedConnections()).isEqualTo(2);
            assertThat(t.poolStats().open()).isEqualTo(2);
        }
    }

    /**
     * A new request may wait a few reads for others to join it while responses are on their way
     * (Http2FlushBatcher): not for the answers to requests the server is holding. With twenty held
     * (enough for a new request to be held), forty requests, each started when the one before it
     * is answered, all go out and are answered over the connection the held ones keep open.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void requestsStartedWhileTheServerHoldsAnotherAreNotKeptWaitingForIt(boolean tls) throws InterruptedException {
        int heldCount = 20;
        Hold hold = new Hold(heldCount);
        try (JettyServer server = jetty(tls, b -> b.route("/hold", hold::handle));
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            List<CompletableFuture<Response>> held = new ArrayList<>();
            for (int i = 0; i < heldCount; i++) {
                held.add(c.get(server.url("/hold?i=" + i)));
            }
            assertThat(hold.awaitArrival()).as("the held requests reached the server").isTrue();

            List<String> answered = chain(c, server, "held", 40).join();

            assertThat(answered).hasSize(40);
            assertThat(held).as("still held by the server").noneMatch(CompletableFuture::isDone);
            hold.release();
            for (CompletableFuture<Response> call : held) {
                Response r = call.join();
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                assertThat(r.text()).isEqualTo("released");
            }
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    /**
     * Sixty-four streams on one connection, each starting its next request when its last is
     * answered: traffic in which new requests may be held for the reads of others (whether they
     * are depends on how the loop keeps pace with the server; Http2FlushBatcherTest checks the
     * rules). Every request gets its own answer, and nothing is left waiting.
     */
    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void sixtyFourStreamsEachStartingTheNextRequestOnItsAnswerGetTheirOwnAnswers(boolean tls) {
        try (JettyServer server = jetty(tls, b -> {});
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            List<CompletableFuture<List<String>>> chains = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                chains.add(chain(c, server, "c" + i, 25));
            }
            for (CompletableFuture<List<String>> chain : chains) {
                assertThat(chain.join()).hasSize(25);
            }
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    /**
     * {@code length} GETs of /echo, each sent when the one before it is answered; each answer is
     * checked to be for its own request. Completes with the URIs answered.
     */
    private static CompletableFuture<List<String>> chain(AsyncClient c, JettyServer server, String name, int length) {
        CompletableFuture<List<String>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (int i = 0; i < length; i++) {
            String uri = "/echo?chain=" + name + "&i=" + i;
            chain = chain.thenCompose(answered -> c.get(server.url(uri)).thenApply(r -> {
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                assertThat(r.json().get("uri").asText()).isEqualTo(uri);
                answered.add(uri);
                return answered;
            }));
        }
        return chain;
    }

    @Test
    void aSlowReaderHoldsBackOnlyItsOwnStream() throws IOException {
        int slowSize = 6 << 20;
        try (JettyServer server = jetty(true, b -> {});
             HttpTransport t = transport().http2StreamWindow(16 * 1024).build();
             AsyncClient c = client(t)) {
            try (Response slow = c.stream("GET", server.url("/bytes/" + slowSize)).join()) {
                assertThat(slow.httpVersion()).isEqualTo("HTTP/2");
                List<CompletableFuture<Response>> others = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    others.add(c.get(server.url("/bytes/" + (100_000 + i))));
                }
                for (int i = 0; i < others.size(); i++) {
                    Response r = others.get(i).join();
                    assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                    assertThat(r.content()).isEqualTo(JettyRoutes.pattern(100_000 + i));
                }
                assertThat(t.poolStats().open()).as("all on the slow stream's connection").isEqualTo(1);
                assertThat(t.poolStats().inUse()).as("the slow stream still holds its slot").isEqualTo(1);
                try (InputStream in = slow.bodyStream()) {
                    long[] offset = {0};
                    long total = readToEnd(in, piece -> {
                        assertThat(piece).isEqualTo(JettyRoutes.pattern(offset[0], piece.length));
                        offset[0] += piece.length;
                    });
                    assertThat(total).isEqualTo(slowSize);
                }
            }
            assertQuiet(t);
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void closingAStreamedResponseEarlyLeavesTheConnectionUsable() throws IOException, InterruptedException {
        try (JettyServer server = jetty(true, b -> {});
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            for (int i = 0; i < 5; i++) {
                try (Response r = c.stream("GET", server.url("/bytes/" + (64 << 20))).join()) {
                    assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                    InputStream in = r.bodyStream();
                    assertThat(in.readNBytes(100_000)).isEqualTo(JettyRoutes.pattern(100_000));
                }
                assertQuiet(t);
                Response next = c.get(server.url("/bytes/1000")).join();
                assertThat(next.httpVersion()).isEqualTo("HTTP/2");
                assertThat(next.content()).isEqualTo(JettyRoutes.pattern(1000));
                assertThat(t.poolStats().open()).isEqualTo(1);
            }
            // A response abandoned before its body was touched at all.
            c.stream("GET", server.url("/bytes/" + (64 << 20))).join().close();
            assertThat(c.get(server.url("/bytes/10")).join().content()).isEqualTo(JettyRoutes.pattern(10));

            // A call cancelled while its request body is still going up (no response yet).
            FeedPublisher upload = new FeedPublisher();
            CompletableFuture<Response> call = c.post(server.url("/echo"), o -> o.content(upload));
            upload.offer(JettyRoutes.pattern(1000));
            assertThat(upload.awaitRequests(2)).as("the first piece was written").isTrue();
            call.cancel(true);
            assertThat(upload.awaitCancelled()).as("the upload was cancelled").isTrue();
            assertQuiet(t);
            assertThat(c.get(server.url("/bytes/10")).join().content()).isEqualTo(JettyRoutes.pattern(10));
            assertQuiet(t);
            assertThat(t.poolStats().open()).isEqualTo(1);
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {true, false})
    void gzipBodiesAreDecodedPerStreamAndACorruptOneFailsOnlyItsStream(boolean tls) throws IOException {
        // Random bytes barely compress, so the gzipped body spans many DATA frames.
        byte[] plain = new byte[300_000];
        new java.util.Random(42).nextBytes(plain);
        byte[] gzipped = gzip(plain);
        byte[] corrupt = gzipped.clone();
        for (int i = 100; i < 200; i++) {
            corrupt[i] ^= 0x5a; // past the gzip header: the deflate data itself is broken
        }
        try (JettyServer server = jetty(tls, b -> b
                    .route("/gzip", (request, response, callback) -> {
                        response.getHeaders().put("Content-Encoding", "gzip");
                        response.write(true, ByteBuffer.wrap(gzipped), callback);
                    })
                    .route("/corrupt", (request, response, callback) -> {
                        response.getHeaders().put("Content-Encoding", "gzip");
                        response.write(true, ByteBuffer.wrap(corrupt), callback);
                    }));
             HttpTransport t = h2Transport(tls);
             AsyncClient c = client(t)) {
            String base = server.url("/");
            Response whole = c.get(base + "gzip").join();
            assertThat(whole.httpVersion()).isEqualTo("HTTP/2");
            assertThat(whole.content()).isEqualTo(plain);
            try (Response streamed = c.stream("GET", base + "gzip").join()) {
                assertThat(streamed.bodyStream().readAllBytes()).isEqualTo(plain);
            }
            assertThatThrownBy(() -> c.get(base + "corrupt").join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(dev.courier.DecodingException.class);
            assertQuiet(t);
            assertThat(c.get(base + "gzip").join().content()).isEqualTo(plain);
            assertThat(t.poolStats().open()).isEqualTo(1);
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
            zip.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void aStreamTheServerResetsIsNotSentAgain() {
        // Jetty runs the handler, then cannot fit the response headers in the client's advertised
        // SETTINGS_MAX_HEADER_LIST_SIZE: it resets the stream (and ends the connection). The request
        // was processed, so it must fail, not go again on a new connection, even on a reused one.
        AtomicInteger handled = new AtomicInteger();
        try (JettyServer server = jetty(true, b -> b.route("/huge-head", (request, response, callback) -> {
                    handled.incrementAndGet();
                    for (int i = 0; i < 3000; i++) {
                        response.getHeaders().add("X-Header-" + i, "value-" + i);
                    }
                    Content.Sink.write(response, true, "done", callback);
                }));
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            assertThat(c.get(server.url("/bytes/10")).join().httpVersion()).isEqualTo("HTTP/2");
            assertThatThrownBy(() -> c.post(server.url("/huge-head")).join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContaining("reset the stream");
            assertThat(handled.get()).as("times the server ran the POST").isEqualTo(1);
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertQuiet(t);
            assertThat(c.get(server.url("/bytes/10")).join().content()).isEqualTo(JettyRoutes.pattern(10));
            assertQuiet(t);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplaced() throws InterruptedException {
        try (JettyServer server = jetty(true, b -> b.idleTimeout(Duration.ofMillis(200)));
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            assertThat(c.get(server.url("/bytes/10")).join().httpVersion()).isEqualTo("HTTP/2");
            // Jetty's idle timeout ends the connection (GOAWAY, then close); the pool drops it.
            for (int i = 0; i < 500 && (server.openConnections() > 0 || t.poolStats().open() > 0); i++) {
                Thread.sleep(10);
            }
            assertThat(server.openConnections()).isZero();
            assertThat(t.poolStats().open()).isZero();
            Response again = c.get(server.url("/bytes/10")).join();
            assertThat(again.httpVersion()).isEqualTo("HTTP/2");
            assertThat(again.content()).isEqualTo(JettyRoutes.pattern(10));
            assertThat(server.acceptedConnections()).isEqualTo(2);
            assertQuiet(t);
        }
    }

    // ---- ALPN fallback ----

    @Test
    void aTlsServerWithoutH2GetsHttp1() {
        try (JettyServer server = JettyServer.builder().tls().start()) {
            try (HttpTransport t = transport().build(); AsyncClient c = client(t)) {
                // A cold burst: the requests wait for the first connection in case it is h2, and
                // spread over HTTP/1.1 connections once ALPN said otherwise.
                for (int round = 0; round < 2; round++) {
                    List<CompletableFuture<Response>> calls = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        calls.add(c.get(server.url("/echo")));
                    }
                    for (CompletableFuture<Response> call : calls) {
                        Response r = call.join();
                        assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
                        assertThat(r.json().get("version").asText()).isEqualTo("HTTP/1.1");
                    }
                    assertQuiet(t);
                }
                assertThat(t.poolStats().open()).isGreaterThan(1);
            }
            try (HttpTransport t = transport().http1(false).build(); AsyncClient c = client(t)) {
                List<CompletableFuture<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    calls.add(c.get(server.url("/echo")));
                }
                for (CompletableFuture<Response> call : calls) {
                    assertThatThrownBy(call::join)
                            .isInstanceOf(CompletionException.class)
                            .cause()
                            .isInstanceOf(ConnectFailedException.class)
                            .hasMessageContaining("127.0.0.1:" + server.port())
                            .hasMessageContaining("does not speak HTTP/2 (ALPN chose http/1.1)");
                }
                assertQuiet(t);
                assertThat(t.poolStats().open()).isZero();
            }
        }
    }

    @Test
    void nginxWithoutH2GetsHttp1() {
        NginxServer.assumeInstalled();
        try (NginxServer nginx = NginxServer.builder().file("/small.txt", SMALL).tls().start()) {
            try (HttpTransport t = transport().build(); AsyncClient c = client(t)) {
                Response r = c.get(nginx.httpsUrl("/small.txt")).join();
                assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
                assertThat(r.content()).isEqualTo(SMALL);
                assertQuiet(t);
            }
            try (HttpTransport t = transport().http1(false).build(); AsyncClient c = client(t)) {
                assertThatThrownBy(() -> c.get(nginx.httpsUrl("/small.txt")).join())
                        .isInstanceOf(CompletionException.class)
                        .cause()
                        .isInstanceOf(ConnectFailedException.class)
                        .hasMessageContaining("127.0.0.1:" + nginx.tlsPort());
                assertQuiet(t);
                assertThat(t.poolStats().open()).isZero();
            }
        }
    }

    // ---- nghttpd ----

    @Test
    void nghttpdServesFilesConcurrentlyOverOneConnection() throws IOException {
        NghttpdServer.assumeInstalled();
        byte[] large = JettyRoutes.pattern(3 << 20);
        try (NghttpdServer nghttpd = NghttpdServer.builder().file("/small.txt", SMALL).file("/dir/large.bin", large)
                .maxConcurrentStreams(50).trailer("x-served-by", "nghttpd").start();
             HttpTransport t = transport().build();
             AsyncClient c = client(t)) {
            Response small = c.get(nghttpd.url("/small.txt")).join();
            assertThat(small.httpVersion()).isEqualTo("HTTP/2");
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.content()).isEqualTo(SMALL);
            assertThat(small.trailers().get("x-served-by")).isEqualTo("nghttpd");

            try (Response r = c.stream("GET", nghttpd.url("/dir/large.bin")).join(); InputStream in = r.bodyStream()) {
                long[] offset = {0};
                assertThat(readToEnd(in, piece -> {
                    assertThat(piece).isEqualTo(JettyRoutes.pattern(offset[0], piece.length));
                    offset[0] += piece.length;
                })).isEqualTo(large.length);
            }

            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                calls.add(c.get(nghttpd.url(i % 4 == 0 ? "/dir/large.bin" : "/small.txt")));
            }
            for (int i = 0; i < calls.size(); i++) {
                Response r = calls.get(i).join();
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
                assertThat(r.content()).isEqualTo(i % 4 == 0 ? large : SMALL);
            }
            assertThat(c.get(nghttpd.url("/missing")).join().statusCode()).isEqualTo(404);
            assertQuiet(t);
            assertThat(t.poolStats().open()).isEqualTo(1);
        }
    }

    @Test
    void nghttpdCleartextEchoesUploads() {
        NghttpdServer.assumeInstalled();
        byte[] body = JettyRoutes.pattern(2_000_000);
        try (NghttpdServer nghttpd = NghttpdServer.builder().cleartext().echoUpload(true).start();
             HttpTransport t = transport().http1(false).build();
             AsyncClient c = client(t)) {
            Response r = c.post(nghttpd.url("/upload"), o -> o.content(body)).join();
            assertThat(r.httpVersion()).isEqualTo("HTTP/2");
            assertThat(r.content()).isEqualTo(body);
            Response streamed = c.post(nghttpd.url("/upload"), o -> o.content(new ByteArrayInputStream(body))).join();
            assertThat(streamed.content()).isEqualTo(body);
            assertQuiet(t);
            assertThat(t.poolStats().open()).isEqualTo(1);
        }
    }

    // ---- helpers ----

    /**
     * A Jetty route that holds every request until {@code size} of them are in at once, then lets
     * them all through (and any later one at once); nothing blocks a Jetty thread meanwhile.
     */
    private static final class Gate {
        private final int size;
        private final List<Runnable> held = new ArrayList<>();
        private int inside;
        private int peak;
        private boolean open;

        Gate(int size) {
            this.size = size;
        }

        synchronized int peak() {
            return peak;
        }

        void handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback) {
            Runnable answer = () -> Content.Sink.write(response, true, "through", callback);
            List<Runnable> release = List.of();
            synchronized (this) {
                inside++;
                peak = Math.max(peak, inside);
                if (open) {
                    release = List.of(answer);
                } else {
                    held.add(answer);
                    if (inside >= size) {
                        open = true;
                        release = new ArrayList<>(held);
                        held.clear();
                    }
                }
            }
            release.forEach(Runnable::run);
        }
    }

    /** A route that answers "released" only when the test says so; it counts the requests' arrivals. */
    private static final class Hold {
        private final CountDownLatch arrived;
        private final CompletableFuture<Void> released = new CompletableFuture<>();

        Hold(int requests) {
            arrived = new CountDownLatch(requests);
        }

        void handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                org.eclipse.jetty.util.Callback callback) {
            arrived.countDown();
            released.thenRun(() -> Content.Sink.write(response, true, "released", callback));
        }

        boolean awaitArrival() throws InterruptedException {
            return arrived.await(30, TimeUnit.SECONDS);
        }

        void release() {
            released.complete(null);
        }
    }

    /** A request body the test feeds piece by piece; each piece goes out when the writer asks. */
    private static final class FeedPublisher implements Flow.Publisher<ByteBuffer> {
        private final ArrayDeque<ByteBuffer> pieces = new ArrayDeque<>();
        private Flow.Subscriber<? super ByteBuffer> subscriber;
        private long demand;
        private long requests;
        private boolean completed;
        private boolean cancelled;
        private boolean done;
        private boolean emitting;

        /** Waits (bounded, 30 s) until the subscriber called request(n) {@code count} times in all. */
        synchronized boolean awaitRequests(long count) throws InterruptedException {
            for (int i = 0; i < 300 && requests < count; i++) {
                wait(100);
            }
            return requests >= count;
        }

        /** Waits (bounded, 30 s) until the subscriber cancelled. */
        synchronized boolean awaitCancelled() throws InterruptedException {
            for (int i = 0; i < 300 && !cancelled; i++) {
                wait(100);
            }
            return cancelled;
        }

        synchronized void offer(byte[] piece) {
            pieces.add(ByteBuffer.wrap(piece.clone()));
            emit();
        }

        synchronized void complete() {
            completed = true;
            emit();
        }

        @Override
        public synchronized void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
            if (subscriber != null) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override public void request(long n) {}
                    @Override public void cancel() {}
                });
                s.onError(new IllegalStateException("one subscriber only"));
                return;
            }
            subscriber = s;
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    synchronized (FeedPublisher.this) {
                        requests++;
                        demand += n;
                        FeedPublisher.this.notifyAll();
                        emit();
                    }
                }

                @Override
                public void cancel() {
                    synchronized (FeedPublisher.this) {
                        done = true;
                        cancelled = true;
                        pieces.clear();
                        FeedPublisher.this.notifyAll();
                    }
                }
            });
            emit();
        }

        /** Lock held. */
        private void emit() {
            if (subscriber == null || emitting) {
                return;
            }
            emitting = true;
            try {
                while (!done) {
                    if (demand > 0 && !pieces.isEmpty()) {
                        demand--;
                        subscriber.onNext(pieces.poll());
                    } else if (pieces.isEmpty() && completed) {
                        done = true;
                        subscriber.onComplete();
                    } else {
                        break;
                    }
                }
            } finally {
                emitting = false;
            }
        }
    }
}
