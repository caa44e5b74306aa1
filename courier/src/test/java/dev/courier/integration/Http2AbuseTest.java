package dev.courier.integration;

import static dev.courier.support.servers.H2FrameServer.CONTINUATION;
import static dev.courier.support.servers.H2FrameServer.concat;
import static dev.courier.support.servers.H2FrameServer.hpackIndexed;
import static dev.courier.support.servers.H2FrameServer.hpackLiteral;
import static dev.courier.support.servers.H2FrameServer.hpackTableSizeUpdate;
import static dev.courier.support.servers.H2FrameServer.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.CourierException;
import dev.courier.Limits;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.H2FrameServer;
import dev.courier.support.servers.H2FrameServer.Frame;
import dev.courier.support.servers.H2FrameServer.H2Peer;
import dev.courier.support.servers.H2FrameServer.HeaderBlock;
import dev.courier.support.servers.H2FrameServer.Request;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md §1.6: HTTP/2 abuse from a hostile server (CONTINUATION floods, oversized header
 * blocks, HPACK bombs, illegal table-size updates, PING floods) and the connection lifecycle a client
 * must get right (GOAWAY, RST_STREAM, a lowered stream limit, cancellation), against
 * {@link H2FrameServer} through the real transport speaking h2c by prior knowledge.
 */
class Http2AbuseTest {
    /** Every wait on a future or a server is bounded by this; no assertion is about time. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> closing = new ArrayList<>();

    private HttpTransport transport() {
        return transport(HttpTransport.builder().http1(false));
    }

    private HttpTransport transport(HttpTransport.Builder builder) {
        HttpTransport t = builder.build();
        closing.add(t);
        return t;
    }

    private AsyncClient client(HttpTransport t) {
        AsyncClient c = AsyncClient.builder().transport(t).build();
        closing.add(c);
        return c;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    // ---- header-block abuse ------------------------------------------------------------------

    @Test
    void aFloodOfZeroLengthContinuationFramesClosesTheConnection() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock request = peer.awaitHeaders();
            peer.writeRawHeaders(request.streamId(), 0, hpackIndexed(8)); // :status 200, no END_HEADERS
            try {
                peer.writeFrames(CONTINUATION, 0, request.streamId(), new byte[0], 100_000);
            } catch (IOException hungUp) {
                // The client closed the connection mid-flood: what it should do.
            }
            clientClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            Throwable failure = failure(client(t).get(server.url("/flood")));

            assertThat(failure).isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContainingAll("continuation", "ENHANCE_YOUR_CALM");
            assertThat(server.peer(0).awaitDone(WAIT)).isTrue();
            assertThat(clientClosed).isTrue();
            assertQuiet(t);
        }
    }

    @Test
    void aOneMegabyteHeaderBlockAcrossContinuationFramesIsRefused() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        byte[] block = concat(hpackIndexed(8), hpackLiteral("x-big", filled(1 << 20, 'a'), false));
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock request = peer.awaitHeaders();
            try {
                peer.writeHeaderBlock(request.streamId(), block, true, true); // 65 frames of 16 KB
            } catch (IOException hungUp) {
                // The client gave up on the connection before the end of the block.
            }
            clientClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            Throwable failure = failure(client(t).get(server.url("/big")));

            assertThat(failure).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("Header size exceeded");
            assertThat(server.peer(0).awaitDone(WAIT)).isTrue();
            assertThat(clientClosed).isTrue();
            assertQuiet(t);
        }
    }

    /**
     * One 4 KB field inserted into the dynamic table (4058 + 6 + 32 = 4096 bytes: the whole table),
     * then 10 000 one-byte references to it: a 14 KB block that decodes to 40 MB.
     */
    @Test
    void anHpackBombFailsAtTheHeaderListCap() throws Exception {
        byte[] block = concat(hpackIndexed(8), hpackLiteral("x-bomb", filled(4058, 'b'), true),
                repeat(hpackIndexed(62), 10_000));
        assertThat(block.length).isLessThan(H2FrameServer.DEFAULT_MAX_FRAME_SIZE);
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock request = peer.awaitHeaders();
            peer.writeHeaderBlock(request.streamId(), block, true, true);
            peer.readUntilReset(request.streamId());
            peer.drainUntilClosed(WAIT);
        })) {
            HttpTransport t = transport();
            Throwable failure = failure(client(t).get(server.url("/bomb")));

            assertThat(failure).isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContaining("Header size exceeded max allowed size (65536)");
            // A stream error: the client resets that stream (the block was decoded, so HPACK state is intact).
            H2Peer peer = server.peer(0);
            assertThat(peer.awaitReset(firstStream(peer), WAIT)).as("%s", peer).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
            assertQuiet(t);
        }
    }

    /**
     * RELIABILITY §1.2 over HTTP/2: a response field whose name is not a lower-case token, or whose
     * value carries CR, LF or NUL, fails the call and reaches no caller as a header. Netty's codec
     * checks both, and Courier relies on it (Http2ExchangeStream.toHttpObject).
     */
    @Test
    void aResponseFieldWithABadNameOrValueIsRefused() throws Exception {
        String[][] fields = {
            {"x bad", "1"}, {"X-Upper", "1"}, {"x-ok", "a\r\nx-injected: 1"}, {"x-nul", "a\u0000b"},
        };
        for (String[] field : fields) {
            byte[] block = concat(hpackIndexed(8), hpackLiteral(field[0], field[1].getBytes(StandardCharsets.ISO_8859_1), false));
            try (H2FrameServer server = H2FrameServer.start(peer -> {
                peer.handshake();
                HeaderBlock request = peer.awaitHeaders();
                peer.writeHeaderBlock(request.streamId(), block, true, true);
                peer.drainUntilClosed(WAIT);
            })) {
                HttpTransport t = transport();
                Throwable failure = failure(client(t).get(server.url("/field")));

                assertThat(failure).as("%s: %s", field[0], field[1]).isInstanceOf(RemoteProtocolException.class)
                        .hasMessageContainingAll(field[0], "PROTOCOL_ERROR");
                t.close();
            }
        }
    }

    @Test
    void aDynamicTableSizeUpdateAboveTheAdvertisedSizeIsACompressionError() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            Http2Settings client = peer.handshake();
            assertThat(client.headerTableSize()).isEqualTo(4096L);
            HeaderBlock request = peer.awaitHeaders();
            peer.writeHeaderBlock(request.streamId(), concat(hpackTableSizeUpdate(8192), hpackIndexed(8)), true, true);
            clientClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            Throwable failure = failure(client(t).get(server.url("/table")));

            assertThat(failure).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("COMPRESSION_ERROR");
            H2Peer peer = server.peer(0);
            assertThat(peer.awaitDone(WAIT)).isTrue();
            assertThat(peer.failure()).isNull();
            assertThat(clientClosed).isTrue();
            assertThat(peer.goAways()).extracting(Frame::errorCode).containsExactly(Http2Error.COMPRESSION_ERROR.code());
            assertQuiet(t);
        }
    }

    @Test
    void oversizedResponseHeadersFailThatStreamOnly() throws Exception {
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock big = peer.awaitHeaders();
            // 70 000 bytes of field value: above the client's 64 KiB list size, below its GOAWAY threshold (80 KiB).
            peer.writeHeaders(big.streamId(), new DefaultHttp2Headers().status("200")
                    .add("x-big", new String(filled(70_000, 'a'), StandardCharsets.ISO_8859_1)), true);
            peer.serve();
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);

            Throwable failure = failure(c.get(server.url("/big")));
            assertThat(failure).isInstanceOf(CourierException.class).hasMessageContaining("Header size exceeded");
            H2Peer peer = server.peer(0);
            assertThat(peer.awaitReset(firstStream(peer), WAIT)).as("%s", peer).isEqualTo(Http2Error.PROTOCOL_ERROR.code());

            Response after = await(c.get(server.url("/after")));
            assertThat(after.text()).isEqualTo("ok /after");
            assertThat(after.httpVersion()).isEqualTo("HTTP/2");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    // ---- control-frame floods ----------------------------------------------------------------

    @Test
    void aPingFloodIsCutOffWithABound() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock request = peer.awaitHeaders();
            try {
                peer.writePings(10_000);
            } catch (IOException hungUp) {
                // The client closed the connection mid-flood.
            }
            clientClosed.set(peer.drainUntilClosed(Duration.ofSeconds(5)));
            if (!clientClosed.get()) {
                peer.respond(request.streamId(), 200, "survived");
                clientClosed.set(peer.drainUntilClosed(WAIT));
            }
        })) {
            HttpTransport t = transport();
            CompletableFuture<Response> call = client(t).get(server.url("/ping"));
            assertThat(server.awaitConnections(1, WAIT)).isTrue();
            H2Peer peer = server.peer(0);
            assertThat(peer.awaitDone(WAIT)).isTrue();

            // Courier closes at its limit of 1000 PING and SETTINGS frames a second, with GOAWAY(ENHANCE_YOUR_CALM),
            // having answered about that many (1000 here); never all 10 000.
            assertThat(clientClosed).isTrue();
            assertThat(peer.pingAcks()).isLessThan(10_000);
            assertThat(peer.goAways()).extracting(Frame::errorCode).containsExactly(Http2Error.ENHANCE_YOUR_CALM.code());
            Throwable failure = failure(call);
            assertThat(failure).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("PING");
            assertQuiet(t);
        }
    }

    /** Empty DATA frames without END_STREAM cost the client work and carry nothing: a flood of them is cut off. */
    @Test
    void aFloodOfEmptyDataFramesClosesTheConnection() throws Exception {
        AtomicBoolean clientClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock request = peer.awaitHeaders();
            peer.writeHeaders(request.streamId(), new DefaultHttp2Headers().status("200"), false);
            try {
                peer.writeFrames(H2FrameServer.DATA, 0, request.streamId(), new byte[0], 100_000);
            } catch (IOException hungUp) {
                // The client closed the connection mid-flood.
            }
            clientClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            Throwable failure = failure(client(t).get(server.url("/empty")));

            assertThat(failure).isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContainingAll("empty data frames", "ENHANCE_YOUR_CALM");
            assertThat(server.peer(0).awaitDone(WAIT)).isTrue();
            assertThat(clientClosed).isTrue();
            assertQuiet(t);
        }
    }

    // ---- GOAWAY and RST_STREAM ---------------------------------------------------------------

    /**
     * RELIABILITY's case: GOAWAY(last-stream-id=1) while streams 3 and 5 are open (Netty's client
     * numbers its streams from 3): neither was processed, so both GETs go again on a new connection.
     */
    @Test
    void getsAboveTheGoAwayLastStreamIdAreRetriedOnANewConnection() throws Exception {
        AtomicBoolean firstClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            List<HeaderBlock> open = List.of(peer.awaitHeaders(), peer.awaitHeaders());
            assertThat(open).extracting(HeaderBlock::streamId).containsExactlyInAnyOrder(3, 5);
            peer.writeGoAway(1, Http2Error.NO_ERROR);
            firstClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            CompletableFuture<Response> a = c.get(server.url("/a"));
            CompletableFuture<Response> b = c.get(server.url("/b"));

            assertThat(await(a).text()).isEqualTo("ok /a");
            assertThat(await(b).text()).isEqualTo("ok /b");
            assertThat(server.connectionCount()).isEqualTo(2);
            H2Peer first = server.peer(0);
            assertThat(first.awaitDone(WAIT)).isTrue();
            assertThat(first.failure()).isNull();
            assertThat(firstClosed).as("the retired connection is closed once its streams are gone").isTrue();
            assertThat(first.requests()).isEmpty();
            assertThat(server.peer(1).requests()).extracting(Request::path).containsExactlyInAnyOrder("/a", "/b");
            assertQuiet(t);
        }
    }

    /** GOAWAY naming the first of three open streams: it still completes there; the two others go again elsewhere. */
    @Test
    void aStreamAtTheGoAwayLastStreamIdCompletesAndThoseAboveAreRetried() throws Exception {
        AtomicReference<String> processedPath = new AtomicReference<>();
        AtomicBoolean firstClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            List<HeaderBlock> open = new ArrayList<>(List.of(peer.awaitHeaders(), peer.awaitHeaders(),
                    peer.awaitHeaders()));
            open.sort((x, y) -> Integer.compare(x.streamId(), y.streamId()));
            HeaderBlock kept = open.get(0);
            peer.writeGoAway(kept.streamId(), Http2Error.NO_ERROR);
            processedPath.set(kept.path());
            peer.respond(kept.streamId(), 200, "processed " + kept.path());
            firstClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            List<CompletableFuture<Response>> calls = List.of(c.get(server.url("/a")), c.get(server.url("/b")),
                    c.get(server.url("/c")));
            List<String> bodies = new ArrayList<>();
            for (CompletableFuture<Response> call : calls) {
                bodies.add(await(call).text());
            }

            String kept = processedPath.get();
            List<String> others = Stream.of("/a", "/b", "/c").filter(p -> !p.equals(kept)).toList();
            assertThat(bodies).containsExactlyInAnyOrder("processed " + kept, "ok " + others.get(0), "ok " + others.get(1));
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.peer(0).awaitDone(WAIT)).isTrue();
            assertThat(server.peer(0).failure()).isNull();
            assertThat(firstClosed).isTrue();
            assertThat(server.peer(1).requests()).extracting(Request::path).containsExactlyInAnyOrderElementsOf(others);
            assertQuiet(t);
        }
    }

    /**
     * A request handed a connection in the same read as the GOAWAY that retires it (a response frees
     * the slot it waited for, the GOAWAY follows in the same segment) starts only after the GOAWAY:
     * it opens no stream there and goes again on a new connection as never sent (a POST whose body
     * can be read only once included: nothing read it), while the stream the server kept completes
     * where it was.
     */
    @Test
    void aRequestGivenAConnectionAsItsGoAwayArrivesGoesElsewhereAndLeavesItsStreamsAlone() throws Exception {
        AtomicReference<String> keptPath = new AtomicReference<>();
        AtomicBoolean firstClosed = new AtomicBoolean();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake(new Http2Settings().maxConcurrentStreams(2));
            List<HeaderBlock> open = new ArrayList<>(List.of(peer.awaitHeaders(), peer.awaitHeaders()));
            open.sort((x, y) -> Integer.compare(x.streamId(), y.streamId()));
            HeaderBlock answered = open.get(0);
            HeaderBlock kept = open.get(1);
            keptPath.set(kept.path());
            peer.inOneFlush(p -> {
                // No body: the response ends with its HEADERS, so its exchange ends within this read.
                p.respond(answered.streamId(), 200, "");
                p.writeGoAway(kept.streamId(), Http2Error.NO_ERROR);
            });
            peer.idle(Duration.ofMillis(100)); // time for a misbehaving client to open a stream here
            peer.respond(kept.streamId(), 200, "kept " + kept.path());
            firstClosed.set(peer.drainUntilClosed(WAIT));
        })) {
            // One connection with room for two streams: the third request waits for a slot there.
            HttpTransport t = transport(HttpTransport.builder().http1(false).limits(Limits.of(1, 1)));
            AsyncClient c = client(t);
            CompletableFuture<Response> a = c.get(server.url("/a"));
            CompletableFuture<Response> b = c.get(server.url("/b"));
            InputStream once = new ByteArrayInputStream("read once".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Response> waiting = c.post(server.url("/c"), o -> o.content(once));

            assertThat(await(a).text()).isEmpty();
            assertThat(await(b).text()).isEqualTo("kept /b");
            assertThat(keptPath.get()).isEqualTo("/b");
            assertThat(await(waiting).text()).isEqualTo("ok /c");
            assertThat(server.connectionCount()).isEqualTo(2);
            H2Peer first = server.peer(0);
            assertThat(first.awaitDone(WAIT)).isTrue();
            assertThat(first.failure()).isNull();
            assertThat(firstClosed).isTrue();
            assertThat(first.headerBlocks()).as("no stream opened after the GOAWAY").extracting(HeaderBlock::path)
                    .containsExactlyInAnyOrder("/a", "/b");
            assertThat(first.streamLimitViolations()).isZero();
            assertThat(first.goAways()).as("the client found no protocol error").extracting(Frame::errorCode)
                    .allSatisfy(code -> assertThat(code).isEqualTo(Http2Error.NO_ERROR.code()));
            assertThat(server.peer(1).requests()).singleElement().satisfies(post -> {
                assertThat(post.method()).isEqualTo("POST");
                assertThat(post.bodyText()).isEqualTo("read once");
            });
            assertQuiet(t);
        }
    }

    @Test
    void aNonReplayablePostAboveTheGoAwayLastStreamIdFailsAsRetryUnsafe() throws Exception {
        CountDownLatch getSeen = new CountDownLatch(1);
        AtomicReference<HeaderBlock> get = new AtomicReference<>();
        AtomicReference<HeaderBlock> post = new AtomicReference<>();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            get.set(peer.awaitHeaders());
            getSeen.countDown();
            post.set(peer.awaitHeaders());
            peer.writeGoAway(get.get().streamId(), Http2Error.NO_ERROR);
            peer.respond(get.get().streamId(), 200, "get");
            peer.drainUntilClosed(WAIT);
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            CompletableFuture<Response> getCall = c.get(server.url("/get"));
            assertThat(getSeen.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            InputStream body = new ByteArrayInputStream("not replayable".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Response> postCall = c.post(server.url("/post"), o -> o.content(body));

            Throwable failure = failure(postCall);
            assertThat(failure).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("retry unsafe");
            assertThat(await(getCall).text()).isEqualTo("get");
            assertThat(post.get().method()).isEqualTo("POST");
            assertThat(post.get().streamId()).isGreaterThan(get.get().streamId());
            assertThat(server.connectionCount()).as("the POST was not sent again").isEqualTo(1);
            assertQuiet(t);
        }
    }

    /**
     * A POST whose body is held back by flow control (the server grants no window) when GOAWAY
     * excludes its stream: its pending body writes fail as the stream closes, which must still count
     * as "not processed": sent again when the body is replayable, "retry unsafe" when it is not.
     */
    @Test
    void aPostStalledByFlowControlAboveTheGoAwayLastStreamIdIsTreatedAsUnprocessed() throws Exception {
        byte[] payload = filled(256 * 1024, 'p'); // four times the 64 KiB window the server never opens
        CountDownLatch firstGetSeen = new CountDownLatch(1);
        CountDownLatch secondGetSeen = new CountDownLatch(1);
        try (H2FrameServer server = H2FrameServer.start(stallPostThenGoAway(firstGetSeen),
                stallPostThenGoAway(secondGetSeen))) {
            HttpTransport t = transport();
            AsyncClient c = client(t);

            CompletableFuture<Response> get = c.get(server.url("/get"));
            assertThat(firstGetSeen.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Throwable failure = failure(c.post(server.url("/stream"), o -> o.content(new ByteArrayInputStream(payload))));
            assertThat(failure).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("retry unsafe");
            assertThat(await(get).text()).isEqualTo("get");
            assertThat(server.peer(0).awaitDone(WAIT)).isTrue();

            // The same with a replayable body: sent again, on a third connection (the fallback script).
            CompletableFuture<Response> get2 = c.get(server.url("/get"));
            assertThat(secondGetSeen.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            Response replayed = await(c.post(server.url("/bytes"), o -> o.content(payload)));
            assertThat(replayed.text()).isEqualTo("ok /bytes");
            assertThat(await(get2).text()).isEqualTo("get");
            assertThat(server.connectionCount()).isEqualTo(3);
            assertThat(server.peer(2).requests()).singleElement().satisfies(r -> {
                assertThat(r.path()).isEqualTo("/bytes");
                assertThat(r.body()).isEqualTo(payload);
            });
            assertQuiet(t);
        }
    }

    /**
     * Grants no flow-control window beyond the initial 64 KiB; once a GET and then a POST are open and
     * the POST's first 64 KiB arrived, sends GOAWAY naming the GET's stream and answers the GET.
     */
    private static H2FrameServer.Script stallPostThenGoAway(CountDownLatch getSeen) {
        return peer -> {
            peer.autoWindowUpdate(false);
            peer.handshake();
            HeaderBlock get = peer.awaitHeaders();
            getSeen.countDown();
            HeaderBlock post = peer.awaitHeaders();
            long received = 0;
            while (received < 65_535) { // the whole initial window: the rest of the body now waits
                Frame f = peer.readFrame();
                if (f.type() == H2FrameServer.DATA && f.streamId() == post.streamId()) {
                    received += f.payload().length;
                }
            }
            peer.writeGoAway(get.streamId(), Http2Error.NO_ERROR);
            peer.respond(get.streamId(), 200, "get");
            peer.drainUntilClosed(WAIT);
        };
    }

    @Test
    void aRefusedStreamIsRetried() throws Exception {
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock refused = peer.awaitHeaders();
            peer.writeRstStream(refused.streamId(), Http2Error.REFUSED_STREAM);
            peer.serve();
        })) {
            HttpTransport t = transport();
            Response r = await(client(t).get(server.url("/refused")));

            assertThat(r.text()).isEqualTo("ok /refused");
            H2Peer peer = server.peer(0);
            assertThat(peer.headerBlocks()).extracting(HeaderBlock::path).containsExactly("/refused", "/refused");
            assertThat(peer.requests()).hasSize(1);
            assertQuiet(t);
        }
    }

    @Test
    void anInternalErrorResetFailsOnlyThatStream() throws Exception {
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock a = peer.awaitHeaders();
            HeaderBlock b = peer.awaitHeaders();
            for (HeaderBlock h : List.of(a, b)) {
                if (h.path().equals("/fail")) {
                    peer.writeRstStream(h.streamId(), Http2Error.INTERNAL_ERROR);
                } else {
                    peer.respond(h.streamId(), 200, "fine");
                }
            }
            peer.serve();
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            CompletableFuture<Response> failing = c.get(server.url("/fail"));
            CompletableFuture<Response> fine = c.get(server.url("/fine"));

            assertThat(failure(failing)).isInstanceOf(RemoteProtocolException.class).hasMessageContaining("INTERNAL_ERROR");
            assertThat(await(fine).text()).isEqualTo("fine");
            assertThat(await(c.get(server.url("/again"))).text()).isEqualTo("ok /again");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    // ---- stream limits and cancellation ------------------------------------------------------

    /**
     * Three streams open under a limit of 10; the server lowers it to 1 (the client acknowledges),
     * three more requests are sent, and the server answers slowly, one stream at a time: no new
     * stream may open until the open ones are down to 0.
     */
    @Test
    void aLoweredStreamLimitIsRespected() throws Exception {
        CountDownLatch lowered = new CountDownLatch(1);
        AtomicInteger maxAfterLowering = new AtomicInteger(-1);
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake(new Http2Settings().maxConcurrentStreams(10));
            List<HeaderBlock> early = List.of(peer.awaitHeaders(), peer.awaitHeaders(), peer.awaitHeaders());
            peer.writeSettings(new Http2Settings().maxConcurrentStreams(1));
            peer.awaitSettingsAck();
            lowered.countDown();
            for (HeaderBlock h : early) {
                peer.idle(Duration.ofMillis(50)); // time for a misbehaving client to open more streams
                peer.respond(h.streamId(), 200, "early " + h.path());
            }
            peer.resetMaxOpenStreams();
            peer.serve((p, request) -> {
                p.idle(Duration.ofMillis(50));
                p.respond(request.streamId(), 200, "late " + request.path());
            });
            maxAfterLowering.set(peer.maxOpenStreams());
        })) {
            HttpTransport t = transport(HttpTransport.builder().http1(false).limits(Limits.of(1, 1)));
            AsyncClient c = client(t);
            List<CompletableFuture<Response>> early = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                early.add(c.get(server.url("/e" + i)));
            }
            assertThat(lowered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            List<CompletableFuture<Response>> late = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                late.add(c.get(server.url("/l" + i)));
            }
            for (int i = 0; i < 3; i++) {
                assertThat(await(early.get(i)).text()).isEqualTo("early /e" + i);
                assertThat(await(late.get(i)).text()).isEqualTo("late /l" + i);
            }

            H2Peer peer = server.peer(0);
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(peer.streamLimitViolations()).isZero();
            assertThat(peer.resets()).isEmpty();
            assertQuiet(t);
            c.close();
            assertThat(peer.awaitDone(WAIT)).isTrue();
            assertThat(peer.failure()).isNull();
            assertThat(maxAfterLowering.get()).isEqualTo(1);
        }
    }

    @Test
    void closingAStreamedResponseMidBodyResetsOnlyThatStream() throws Exception {
        AtomicReference<Long> cancelCode = new AtomicReference<>();
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock stream = peer.awaitHeaders();
            peer.writeHeaders(stream.streamId(), new DefaultHttp2Headers().status("200"), false);
            peer.writeData(stream.streamId(), filled(1000, 'x'), false); // and never the end
            cancelCode.set(peer.readUntilReset(stream.streamId()));
            peer.serve();
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            Response streamed = await(c.stream("GET", server.url("/endless")));
            assertThat(streamed.httpVersion()).isEqualTo("HTTP/2");
            streamed.close();

            H2Peer peer = server.peer(0);
            assertThat(peer.awaitReset(firstStream(peer), WAIT)).as("%s", peer).isEqualTo(Http2Error.CANCEL.code());
            assertThat(await(c.get(server.url("/next"))).text()).isEqualTo("ok /next");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(cancelCode.get()).isEqualTo(Http2Error.CANCEL.code());
            assertQuiet(t);
        }
    }

    /**
     * DATA the server had already sent when the client's RST_STREAM reached it is dropped, not
     * answered with one RST_STREAM per frame (RFC 9113 §5.1, §5.4; netty/netty#17445): Jetty takes
     * such a stream of resets for abuse and closes the connection.
     */
    @Test
    void dataArrivingAfterTheClientResetAStreamIsDroppedWithoutAnotherReset() throws Exception {
        CountDownLatch lateFramesHandled = new CountDownLatch(1);
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock stream = peer.awaitHeaders();
            peer.writeHeaders(stream.streamId(), new DefaultHttp2Headers().status("200"), false);
            peer.writeData(stream.streamId(), filled(1000, 'x'), false);
            peer.readUntilReset(stream.streamId());
            peer.writeFrames(H2FrameServer.DATA, 0, stream.streamId(), filled(1000, 'y'), 40);
            // The client answers frames in order: once this PING is acknowledged, any reset it
            // sent for the late DATA has been read too.
            peer.writePing(false, 17);
            while (peer.pingAcks() == 0) {
                peer.readFrame(); // each read bounded by the peer's read timeout
            }
            lateFramesHandled.countDown();
            peer.serve();
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            await(c.stream("GET", server.url("/endless"))).close();

            assertThat(lateFramesHandled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            H2Peer peer = server.peer(0);
            int stream = firstStream(peer);
            assertThat(peer.frames(H2FrameServer.RST_STREAM).stream().filter(f -> f.streamId() == stream))
                    .as("%s", peer).hasSize(1)
                    .allSatisfy(f -> assertThat(f.errorCode()).isEqualTo(Http2Error.CANCEL.code()));
            assertThat(await(c.get(server.url("/next"))).text()).isEqualTo("ok /next");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    @Test
    void cancellingAPendingCallResetsItsStream() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        try (H2FrameServer server = H2FrameServer.start(peer -> {
            peer.handshake();
            HeaderBlock stream = peer.awaitHeaders();
            seen.countDown();
            peer.readUntilReset(stream.streamId()); // no answer: the client gives up
            peer.serve();
        })) {
            HttpTransport t = transport();
            AsyncClient c = client(t);
            CompletableFuture<Response> call = c.get(server.url("/slow"));
            assertThat(seen.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(call.cancel(true)).isTrue();

            H2Peer peer = server.peer(0);
            assertThat(peer.awaitReset(firstStream(peer), WAIT)).as("%s", peer).isEqualTo(Http2Error.CANCEL.code());
            assertThat(await(c.get(server.url("/next"))).text()).isEqualTo("ok /next");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertQuiet(t);
        }
    }

    // ---- flow control -------------------------------------------------------------------------

    /**
     * What a server may send before the client reads is bounded by the windows the client grants:
     * the connection window must be the one configured (Netty's codec also widens it on its own).
     */
    @Test
    void theConnectionWindowGrantedIsTheOneConfigured() throws Exception {
        int streamWindow = 1 << 20;
        int connectionWindow = 16 << 20;
        try (H2FrameServer server = H2FrameServer.start(H2FrameServer.Script.standard())) {
            HttpTransport t = transport(HttpTransport.builder().http1(false)
                    .http2StreamWindow(streamWindow).http2ConnectionWindow(connectionWindow));
            assertThat(await(client(t).get(server.url("/w"))).text()).isEqualTo("ok /w");

            H2Peer peer = server.peer(0);
            assertThat(peer.clientSettings().initialWindowSize()).isEqualTo(streamWindow);
            long granted = 65_535;
            for (Frame f : peer.frames()) {
                if (f.type() == H2FrameServer.HEADERS) {
                    break;
                }
                if (f.type() == H2FrameServer.WINDOW_UPDATE && f.streamId() == 0) {
                    granted += java.nio.ByteBuffer.wrap(f.payload()).getInt() & 0x7fff_ffffL;
                }
            }
            assertThat(granted).isEqualTo(connectionWindow);
            assertQuiet(t);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The id of the first stream the client opened on {@code peer}'s connection (Netty's clients start at 3). */
    private static int firstStream(H2Peer peer) {
        assertThat(peer.headerBlocks()).as("streams opened on %s", peer).isNotEmpty();
        return peer.headerBlocks().get(0).streamId();
    }

    private static void assertQuiet(HttpTransport t) {
        PoolStats stats = Pools.awaitQuiet(t);
        assertThat(stats.inUse()).as("connections in use after the test: %s", stats).isZero();
        assertThat(stats.waiting()).as("requests waiting after the test: %s", stats).isZero();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + WAIT, e);
        }
    }

    /** The exception {@code future} fails with (bounded wait); an AssertionError if it succeeds. */
    private static Throwable failure(CompletableFuture<?> future) throws InterruptedException {
        try {
            Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (value instanceof Response r) {
                r.close();
            }
            throw new AssertionError("expected the call to fail, but it completed with " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call did not complete within " + WAIT, e);
        }
    }

    private static byte[] filled(int length, char c) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
