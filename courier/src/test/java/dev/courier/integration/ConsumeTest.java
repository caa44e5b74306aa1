package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.StreamClosedException;
import dev.courier.StreamConsumedException;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.support.servers.JettyRoutes;
import dev.courier.support.servers.JettyServer;
import dev.courier.transport.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Response#consume}: bodies lent chunk by chunk from the transport's buffers, over real HTTP/1.1 and h2c
 * against Jetty. Netty's leak detector runs at paranoid level in tests, so a lent buffer that is never released
 * (or released twice) fails the build.
 */
class ConsumeTest {
    private static final int SIZE = 4 << 20;
    private static JettyServer http1;
    private static JettyServer h2c;
    private final HttpTransport transport = HttpTransport.builder().build();
    private final AsyncClient client = AsyncClient.builder().transport(transport).build();

    @BeforeAll
    static void start() {
        http1 = JettyServer.start();
        h2c = JettyServer.builder().http2(true).start();
    }

    @AfterAll
    static void stop() {
        http1.close();
        h2c.close();
    }

    @AfterEach
    void tearDown() {
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        client.close();
        transport.close();
    }

    /** Copies each lent chunk (as a consumer that keeps data must) and checks it is read-only. */
    private static final class Keeper implements Response.ChunkConsumer {
        final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        final AtomicInteger chunks = new AtomicInteger();
        final AtomicBoolean writable = new AtomicBoolean();
        final AtomicInteger lent = new AtomicInteger();

        @Override
        public void accept(ByteBuffer chunk) {
            chunks.incrementAndGet();
            if (!chunk.isReadOnly()) {
                writable.set(true);
            }
            if (chunk.isDirect()) {
                lent.incrementAndGet(); // Netty's own (direct) memory, not a heap copy of it
            }
            byte[] copy = new byte[chunk.remaining()];
            chunk.get(copy);
            kept.write(copy, 0, copy.length);
        }
    }

    @Test
    void aLargeBodyArrivesWholeInReadOnlyChunksOverHttp1() {
        Keeper keeper = new Keeper();
        Response r = client.stream("GET", http1.url("/bytes/" + SIZE)).join();
        assertThat(r.consume(keeper).join()).isEqualTo(SIZE);
        assertThat(keeper.kept.toByteArray()).isEqualTo(JettyRoutes.pattern(SIZE));
        assertThat(keeper.chunks.get()).isGreaterThan(1);
        // All but what came in with the head are lent, not copied.
        assertThat(keeper.lent.get()).isGreaterThan(keeper.chunks.get() / 2);
        assertThat(keeper.writable).isFalse();
        assertThat(r.isClosed()).isTrue();
        assertThat(r.bytesRead()).isEqualTo(SIZE);
    }

    @Test
    void aLargeBodyArrivesWholeOverH2c() {
        try (HttpTransport h2 = HttpTransport.builder().http1(false).build();
             AsyncClient c = AsyncClient.builder().transport(h2).build()) {
            Keeper keeper = new Keeper();
            Response r = c.stream("GET", h2c.url("/bytes/" + SIZE)).join();
            assertThat(r.httpVersion()).isEqualTo("HTTP/2");
            assertThat(r.consume(keeper).join()).isEqualTo(SIZE);
            assertThat(keeper.kept.toByteArray()).isEqualTo(JettyRoutes.pattern(SIZE));
            assertThat(keeper.lent.get()).isGreaterThan(keeper.chunks.get() / 2);
            assertThat(keeper.writable).isFalse();
            assertThat(Pools.awaitQuiet(h2).inUse()).isZero();
        }
    }

    @Test
    void aChunkedAndAGzipBodyAreDeliveredDecoded() {
        Keeper chunked = new Keeper();
        client.stream("GET", http1.url("/stream/100000?chunks=7")).thenCompose(r -> r.consume(chunked)).join();
        assertThat(chunked.kept.toByteArray()).isEqualTo(JettyRoutes.pattern(100_000));

        Keeper gzip = new Keeper();
        long n = client.stream("GET", http1.url("/gzip")).thenCompose(r -> r.consume(gzip)).join();
        assertThat(gzip.kept.toString(StandardCharsets.UTF_8)).isEqualTo(JettyRoutes.GZIP_TEXT);
        assertThat(n).isEqualTo(JettyRoutes.GZIP_TEXT.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anExceptionFromTheConsumerAbandonsTheBodyAndFailsTheFuture() {
        IllegalStateException stop = new IllegalStateException("enough");
        AtomicInteger calls = new AtomicInteger();
        Response r = client.stream("GET", http1.url("/bytes/" + (64 << 20))).join();
        assertThatThrownBy(() -> r.consume(chunk -> {
            calls.incrementAndGet();
            throw stop;
        }).join()).isInstanceOf(CompletionException.class).hasCause(stop);
        assertThat(calls).hasValue(1);
        assertThat(r.isClosed()).isTrue();
        assertThat(r.bytesRead()).isLessThan(64 << 20);
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        // The client goes on working: the abandoned connection was closed or drained, not handed out half-read.
        assertThat(client.get(http1.url("/bytes/10")).join().content()).isEqualTo(JettyRoutes.pattern(10));
    }

    @Test
    void overH2cAThrowingConsumerResetsOnlyItsStreamAndGzipIsDecoded() {
        try (HttpTransport h2 = HttpTransport.builder().http1(false).build();
             AsyncClient c = AsyncClient.builder().transport(h2).build()) {
            IllegalStateException stop = new IllegalStateException("enough");
            Response big = c.stream("GET", h2c.url("/bytes/" + (64 << 20))).join();
            assertThatThrownBy(() -> big.consume(chunk -> {
                throw stop;
            }).join()).hasCause(stop);
            assertThat(big.isClosed()).isTrue();
            Keeper gzip = new Keeper();
            c.stream("GET", h2c.url("/gzip")).thenCompose(r -> r.consume(gzip)).join();
            assertThat(gzip.kept.toString(StandardCharsets.UTF_8)).isEqualTo(JettyRoutes.GZIP_TEXT);
            assertThat(Pools.awaitQuiet(h2).inUse()).isZero();
            assertThat(Pools.awaitQuiet(h2).open()).isEqualTo(1); // the stream was reset, not the connection
        }
    }

    @Test
    void aCheckedExceptionFromTheConsumerIsTheFailure() {
        Response r = client.stream("GET", http1.url("/bytes/100000")).join();
        java.io.IOException disk = new java.io.IOException("disk full");
        assertThatThrownBy(() -> r.consume(chunk -> {
            throw disk;
        }).join()).hasCause(disk);
        assertThat(r.isClosed()).isTrue();
    }

    @Test
    void aBodyCutShortFailsTheFuture() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
        try (FaultServer server = FaultServer.start(Script.create().readRequest().write(head).write("only this")
                .flush().close())) {
            Keeper keeper = new Keeper();
            Response r = client.stream("GET", server.url("/")).join();
            assertThatThrownBy(() -> r.consume(keeper).join()).cause()
                    .isInstanceOf(RemoteProtocolException.class).hasMessageContaining("before the response body ended");
            assertThat(keeper.kept.toString(StandardCharsets.UTF_8)).isEqualTo("only this");
        }
    }

    @Test
    void aReadBodyIsReplayedFromMemory() {
        Response r = client.get(http1.url("/bytes/100000")).join();
        Keeper keeper = new Keeper();
        assertThat(r.consume(keeper).join()).isEqualTo(100_000);
        assertThat(keeper.kept.toByteArray()).isEqualTo(JettyRoutes.pattern(100_000));
        assertThat(keeper.writable).isFalse();
        assertThat(r.content()).isEqualTo(JettyRoutes.pattern(100_000));
    }

    @Test
    void theOneTimeRulesOfStreamingHold() {
        Response streamed = client.stream("GET", http1.url("/bytes/1000")).join();
        streamed.consume(chunk -> {}).join();
        assertThatThrownBy(() -> streamed.consume(chunk -> {}).join()).cause()
                .isInstanceOf(StreamConsumedException.class);
        assertThatThrownBy(streamed::bodyStream).isInstanceOf(StreamConsumedException.class);

        Response closed = client.stream("GET", http1.url("/bytes/1000")).join();
        closed.close();
        assertThatThrownBy(() -> closed.consume(chunk -> {}).join()).cause()
                .isInstanceOf(StreamClosedException.class);
    }

    @Test
    void closingTheResponseMidBodyFailsTheFuture() {
        Response r = client.stream("GET", http1.url("/bytes/" + (64 << 20))).join();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> r.consume(chunk -> {
            calls.incrementAndGet();
            r.close();
        }).join()).cause().isInstanceOf(StreamClosedException.class);
        assertThat(calls).hasValue(1);
        assertThat(r.bytesRead()).isLessThan(64 << 20);
    }
}
