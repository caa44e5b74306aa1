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
    void theNetworkBodyIsReadIntoTheChunkItDelivered() {
        EmbeddedChannel channel = new EmbeddedChannel();
        try {
            ResponseBodyPublisher network = new ResponseBodyPublisher(channel.eventLoop(), new IdleSource());
            ResponseBodyState state = ResponseBodyState.streaming(network);
            CompletableFuture<byte[]> read = state.read();
            network.onChunk(Unpooled.copiedBuffer("hel", StandardCharsets.UTF_8));
            network.onChunk(Unpooled.copiedBuffer("lo", StandardCharsets.UTF_8));
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

    private static byte[] collect(boolean adopt, ByteBuffer... chunks) {
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        CollectingSubscriber subscriber = new CollectingSubscriber(-1, adopt) {
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
