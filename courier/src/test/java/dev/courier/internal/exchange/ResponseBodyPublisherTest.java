package dev.courier.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.body.BorrowingSubscriber;
import dev.courier.internal.body.ResponseBodyState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How {@link ResponseBodyPublisher} lends Netty's buffers to a {@link BorrowingSubscriber}: alive for the length
 * of {@code onNext} and released when it returns, never lent to anyone else, never delivered re-entrantly.
 */
class ResponseBodyPublisherTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ScriptedSource source = new ScriptedSource();
    // Declares 13 bytes, as Exchange would: the body of readBorrowsEachChunkAndKeepsItsOwnCopy.
    private final ResponseBodyPublisher publisher = new ResponseBodyPublisher(channel.eventLoop(), source, 13);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Hands the publisher its queued chunks one per readMore, synchronously, as a read that delivers at once. */
    private final class ScriptedSource implements BodySource {
        final Queue<ByteBuf> pending = new ArrayDeque<>();
        int abandoned;

        @Override
        public void readMore() {
            ByteBuf next = pending.poll();
            if (next != null) {
                publisher.onChunk(next);
            }
        }

        @Override
        public void abandon() {
            abandoned++;
        }
    }

    /** Records what it sees of each chunk while it has it, and whether a call ever nested inside another. */
    private static final class Recorder implements BorrowingSubscriber {
        final boolean borrows;
        final long initialDemand;
        final List<String> texts = new ArrayList<>();
        final List<Boolean> readOnly = new ArrayList<>();
        final List<Boolean> direct = new ArrayList<>();
        Consumer<Recorder> inside = r -> {};
        Flow.Subscription subscription;
        ByteBuffer lastSeen;
        int depth;
        boolean nested;
        boolean completed;

        Recorder(boolean borrows, long initialDemand) {
            this.borrows = borrows;
            this.initialDemand = initialDemand;
        }

        @Override
        public boolean borrows() {
            return borrows;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(initialDemand);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            nested |= depth > 0;
            depth++;
            try {
                lastSeen = chunk;
                readOnly.add(chunk.isReadOnly());
                direct.add(chunk.isDirect());
                texts.add(StandardCharsets.US_ASCII.decode(chunk.duplicate()).toString());
                inside.accept(this);
            } finally {
                depth--;
            }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    private static ByteBuf direct(String text) {
        return Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aLentChunkIsAliveDuringOnNextAndReleasedWhenItReturns() {
        Recorder r = new Recorder(true, Long.MAX_VALUE);
        ByteBuf chunk = direct("lent");
        r.inside = rec -> assertThat(chunk.refCnt()).isEqualTo(1);
        publisher.subscribe(r);
        publisher.onChunk(chunk);
        assertThat(chunk.refCnt()).isZero();
        assertThat(r.texts).containsExactly("lent");
        assertThat(r.readOnly).containsExactly(true);
        assertThat(r.direct).containsExactly(true); // Netty's memory itself, not a copy
        publisher.onComplete();
        assertThat(r.completed).isTrue();
    }

    @Test
    void readBorrowsEachChunkAndKeepsItsOwnCopy() {
        ResponseBodyState state = ResponseBodyState.streaming(publisher);
        CompletableFuture<byte[]> read = state.read(); // through the real chain: TrackingSubscriber, then the reader
        for (ByteBuf chunk : List.of(direct("one "), direct("two "), direct("three"))) {
            publisher.onChunk(chunk);
            assertThat(chunk.refCnt()).isZero();
            // Lent as a view (nioBuffer leaves the reader index alone), not read out into a copy (readBytes moves it).
            assertThat(chunk.readerIndex()).isZero();
        }
        publisher.onComplete();
        channel.runPendingTasks();
        assertThat(new String(read.join(), StandardCharsets.US_ASCII)).isEqualTo("one two three");
    }

    @Test
    void aChunkThatCameBeforeTheReadIsCopiedThenTheRestAreLent() {
        ResponseBodyState state = ResponseBodyState.streaming(publisher);
        ByteBuf early = direct("early ");
        publisher.onChunk(early);
        assertThat(early.readerIndex()).isEqualTo(6); // read out into a queued copy
        CompletableFuture<byte[]> read = state.read();
        ByteBuf late = direct("late");
        publisher.onChunk(late);
        assertThat(late.readerIndex()).isZero();
        publisher.onComplete();
        channel.runPendingTasks();
        assertThat(new String(read.join(), StandardCharsets.US_ASCII)).isEqualTo("early late");
    }

    @Test
    void aSubscriberThatDoesNotBorrowGetsAnOwnedCopy() {
        Recorder r = new Recorder(false, Long.MAX_VALUE);
        publisher.subscribe(r);
        ByteBuf chunk = direct("owned");
        publisher.onChunk(chunk);
        assertThat(chunk.refCnt()).isZero();
        assertThat(r.direct).containsExactly(false);
        // Still readable after the buffer went back: it is the subscriber's own.
        assertThat(StandardCharsets.US_ASCII.decode(r.lastSeen).toString()).isEqualTo("owned");
    }

    @Test
    void chunksThatArriveBeforeTheSubscriberOrBeyondItsDemandAreCopiedThenLendingResumes() {
        ByteBuf early = direct("early");
        publisher.onChunk(early); // no subscriber yet: copied and queued
        assertThat(early.refCnt()).isZero();
        Recorder r = new Recorder(true, 1);
        publisher.subscribe(r);
        assertThat(r.texts).containsExactly("early");
        ByteBuf beyond = direct("beyond");
        publisher.onChunk(beyond); // no demand left: copied and queued
        assertThat(beyond.refCnt()).isZero();
        r.subscription.request(1);
        ByteBuf lent = direct("lent");
        r.subscription.request(1);
        publisher.onChunk(lent);
        assertThat(r.texts).containsExactly("early", "beyond", "lent");
        assertThat(r.direct).containsExactly(false, false, true);
        assertThat(r.readOnly).containsExactly(false, false, true);
    }

    @Test
    void demandFromInsideOnNextIsServedAfterItReturnsNeverNested() {
        Recorder r = new Recorder(true, 1);
        r.inside = rec -> rec.subscription.request(1); // and readMore delivers the next chunk synchronously
        publisher.subscribe(r);
        ByteBuf second = direct("second");
        ByteBuf third = direct("third");
        source.pending.add(second);
        source.pending.add(third);
        ByteBuf first = direct("first");
        publisher.onChunk(first);
        assertThat(r.texts).containsExactly("first", "second", "third");
        assertThat(r.nested).isFalse();
        assertThat(first.refCnt() + second.refCnt() + third.refCnt()).isZero();
    }

    @Test
    void cancellingInsideOnNextAbandonsOnceAndLaterChunksAreReleasedUnseen() {
        Recorder r = new Recorder(true, Long.MAX_VALUE);
        r.inside = rec -> rec.subscription.cancel();
        publisher.subscribe(r);
        ByteBuf first = direct("first");
        ByteBuf late = direct("late");
        publisher.onChunk(first);
        publisher.onChunk(late);
        publisher.onComplete();
        assertThat(r.texts).containsExactly("first");
        assertThat(source.abandoned).isEqualTo(1);
        assertThat(first.refCnt() + late.refCnt()).isZero();
        assertThat(r.completed).isFalse();
    }
}
