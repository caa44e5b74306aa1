package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.exchange.BodySource;
import dev.courier.internal.exchange.ResponseBodyPublisher;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class CollectingSubscriberTest {
    @Test
    void aSourceThatHandsOverItsChunksHasAOneChunkBodyKeptAsItIs() {
        byte[] array = bytes("hello");
        assertThat(collect(true, ByteBuffer.wrap(array))).isSameAs(array);
    }

    @Test
    void anyOtherSourceHasItsChunkCopied() {
        byte[] array = bytes("hello");
        byte[] content = collect(false, ByteBuffer.wrap(array));
        assertThat(content).isNotSameAs(array).isEqualTo(array);
    }

    @Test
    void onlyAChunkThatIsItsWholeArrayIsKept() {
        byte[] array = bytes("xhellox");
        assertThat(collect(true, ByteBuffer.wrap(array, 1, 5))).asString().isEqualTo("hello");
        assertThat(collect(true, ByteBuffer.wrap(array).slice(1, 5))).asString().isEqualTo("hello");
        assertThat(collect(true, ByteBuffer.wrap(bytes("hello")).asReadOnlyBuffer())).asString().isEqualTo("hello");
        assertThat(collect(true, ByteBuffer.allocateDirect(5).put(bytes("hello")).flip())).asString().isEqualTo("hello");
    }

    @Test
    void aKeptChunkIsCopiedOutWhenMoreChunksFollowAndNeverWrittenTo() {
        byte[] first = bytes("hel");
        byte[] content = collect(true, ByteBuffer.wrap(first), ByteBuffer.wrap(bytes("lo")), ByteBuffer.wrap(bytes("!")));
        assertThat(content).asString().isEqualTo("hello!");
        assertThat(first).asString().isEqualTo("hel");
    }

    @Test
    void aKeptChunkIsConsumedLikeACopiedOne() {
        ByteBuffer chunk = ByteBuffer.wrap(bytes("hello"));
        collect(true, chunk);
        assertThat(chunk.hasRemaining()).isFalse();
    }

    @Test
    void theNetworkBodyIsReadWithItsDeclaredLength() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            ResponseBodyPublisher network = new ResponseBodyPublisher(channel.eventLoop(), new IdleSource(), 5);
            ResponseBodyState state = ResponseBodyState.streaming(network);
            CompletableFuture<byte[]> read = state.read();
            network.onChunk(Unpooled.directBuffer().writeBytes(bytes("hel")));
            network.onChunk(Unpooled.directBuffer().writeBytes(bytes("lo")));
            network.onComplete();
            channel.runPendingTasks();
            assertThat(read.join()).asString().isEqualTo("hello");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aNetworkBodyQueuedBeforeTheReadIsReadWhole() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            ResponseBodyPublisher network = new ResponseBodyPublisher(channel.eventLoop(), new IdleSource(), -1);
            ResponseBodyState state = ResponseBodyState.streaming(network);
            // Queued as copies (as a body that came with the head), then adopted or appended by the reader.
            network.onChunk(Unpooled.copiedBuffer("hel", StandardCharsets.UTF_8));
            network.onChunk(Unpooled.copiedBuffer("lo", StandardCharsets.UTF_8));
            CompletableFuture<byte[]> read = state.read();
            network.onComplete();
            channel.runPendingTasks();
            assertThat(read.join()).asString().isEqualTo("hello");
            assertThat(state.content()).asString().isEqualTo("hello");
            assertThat(state.bytesRead()).isEqualTo(5);
            assertThat(state.endNanos()).isNotZero();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aDeclaredLengthThatIsTrueGivesTheBody() {
        assertThat(collectDeclared(11, 4, "hel", "lo ", "world")).asString().isEqualTo("hello world");
        assertThat(collectDeclared(11, Long.MAX_VALUE, "hel", "lo ", "world")).asString().isEqualTo("hello world");
    }

    @Test
    void aDeclaredLengthThatIsWrongStillGivesTheBytesThatCame() {
        // Too long (a server that declared more than it sent, or a cut-short body), too short, absurd.
        assertThat(collectDeclared(1000, 4, "hel", "lo")).asString().isEqualTo("hello");
        assertThat(collectDeclared(3, 4, "hel", "lo ", "world")).asString().isEqualTo("hello world");
        assertThat(collectDeclared(1L << 40, 4, "hel", "lo")).asString().isEqualTo("hello");
        assertThat(collectDeclared(5, 4)).isEmpty();
    }

    @Test
    void theDeclaredLengthPresizesUpToTheLimitThenCapsTheGrowth() {
        CollectingSubscriber c = subscriber(Integer.MAX_VALUE - 8, 4, false, new CompletableFuture<>());
        c.onNext(ByteBuffer.wrap(bytes("hel")).asReadOnlyBuffer());
        assertThat(c.capacity()).isEqualTo(4); // no more than the limit on the server's word alone
        c.onNext(ByteBuffer.wrap(bytes("lo")).asReadOnlyBuffer());
        assertThat(c.capacity()).isEqualTo(8); // then doubling

        CompletableFuture<byte[]> out = new CompletableFuture<>();
        CollectingSubscriber exact = subscriber(11, 4, false, out);
        for (String chunk : new String[] {"hel", "lo ", "world"}) {
            exact.onNext(ByteBuffer.wrap(bytes(chunk)).asReadOnlyBuffer());
        }
        assertThat(exact.capacity()).isEqualTo(11); // 4, 8, then the declared 11 rather than 16
        exact.onComplete();
        assertThat(out.join()).asString().isEqualTo("hello world"); // the buffer itself: no trimming copy
    }

    private static byte[] collectDeclared(long declared, long presizeLimit, String... chunks) {
        ByteBuffer[] buffers = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            buffers[i] = ByteBuffer.wrap(bytes(chunks[i])).asReadOnlyBuffer(); // as lent: never kept
        }
        return collect(declared, presizeLimit, false, buffers);
    }

    private static byte[] collect(boolean adopt, ByteBuffer... chunks) {
        return collect(-1, 0, adopt, chunks);
    }

    /** A subscribed collector that completes {@code out} with the body or the failure. */
    private static CollectingSubscriber subscriber(long declared, long presizeLimit, boolean adopt,
            CompletableFuture<byte[]> out) {
        CollectingSubscriber subscriber = new CollectingSubscriber(declared, presizeLimit, adopt) {
            @Override
            void collected(byte[] content, Throwable failure) {
                if (failure != null) {
                    out.completeExceptionally(failure);
                } else {
                    out.complete(content);
                }
            }
        };
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        return subscriber;
    }

    private static byte[] collect(long declared, long presizeLimit, boolean adopt, ByteBuffer... chunks) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        CollectingSubscriber subscriber = subscriber(declared, presizeLimit, adopt, out);
        for (ByteBuffer chunk : chunks) {
            subscriber.onNext(chunk);
        }
        subscriber.onComplete();
        return out.join();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final class IdleSource implements BodySource {
        @Override
        public void readMore() {}

        @Override
        public void abandon() {}
    }
}
