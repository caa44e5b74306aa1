package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PullPublisherTest {

    /** A source of {@code count} one-byte chunks that records whether it was closed. */
    private static final class CountingSource implements ChunkSource {
        private final int count;
        private int produced;
        boolean closed;

        CountingSource(int count) {
            this.count = count;
        }

        @Override
        public ByteBuffer next() {
            return produced < count ? ByteBuffer.wrap(new byte[] {(byte) produced++}) : null;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** An input stream that records close(). */
    private static final class ObservedStream extends ByteArrayInputStream {
        final AtomicBoolean closed = new AtomicBoolean();

        ObservedStream(byte[] content) {
            super(content);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void emitsNoMoreThanRequested() {
        CountingSource source = new CountingSource(10);
        RecordingSubscriber s = new RecordingSubscriber(0);
        PullPublisher.oneShot(source).subscribe(s);

        assertThat(s.items()).isEmpty();
        s.request(3);
        assertThat(s.items()).hasSize(3);
        assertThat(s.isCompleted()).isFalse();
        s.request(2);
        assertThat(s.items()).hasSize(5);
        s.request(100);
        assertThat(s.items()).hasSize(10);
        assertThat(s.isCompleted()).isTrue();
        assertThat(source.closed).isTrue();
        assertThat(s.signals()).first().isEqualTo("onSubscribe");
        assertThat(s.signals()).last().isEqualTo("onComplete");
    }

    @Test
    void requestZeroOrNegativeSignalsIllegalArgumentAndClosesSource() {
        for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
            CountingSource source = new CountingSource(10);
            RecordingSubscriber s = new RecordingSubscriber(0);
            PullPublisher.oneShot(source).subscribe(s);
            s.request(bad);
            assertThat(s.error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
            assertThat(source.closed).isTrue();
            s.request(5);
            assertThat(s.items()).isEmpty();
        }
    }

    @Test
    void cancelStopsEmissionAndClosesTheStream() {
        ObservedStream in = new ObservedStream(new byte[200_000]);
        RecordingSubscriber s = new RecordingSubscriber(1);
        PullPublisher.oneShot(InputStreamSource.of(in, -1)).subscribe(s);
        assertThat(s.items()).hasSize(1);

        s.cancel();
        s.request(10);

        assertThat(in.closed).isTrue();
        assertThat(s.items()).hasSize(1);
        assertThat(s.signals()).containsExactly("onSubscribe", "onNext");
    }

    @Test
    void cancelBeforeAnyRequestStillClosesACallersStream() {
        ObservedStream in = new ObservedStream(new byte[10]);
        RecordingSubscriber s = new RecordingSubscriber(0);
        PullPublisher.oneShot(InputStreamSource.of(in, -1)).subscribe(s);
        s.cancel();
        assertThat(in.closed).isTrue();
    }

    @Test
    void completionClosesTheStream() {
        ObservedStream in = new ObservedStream("abc".getBytes(StandardCharsets.UTF_8));
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        PullPublisher.oneShot(InputStreamSource.of(in, -1)).subscribe(s);
        assertThat(s.bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(s.isCompleted()).isTrue();
        assertThat(in.closed).isTrue();
    }

    @Test
    void readErrorIsSignalledAndClosesTheStream() {
        AtomicBoolean closed = new AtomicBoolean();
        IOException boom = new IOException("disk on fire");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        RecordingSubscriber s = new RecordingSubscriber(1);
        PullPublisher.oneShot(InputStreamSource.of(failing, -1)).subscribe(s);
        assertThat(s.error()).isSameAs(boom);
        assertThat(closed).isTrue();
    }

    @Test
    void reentrantRequestsFromOnNextDoNotGrowTheStack() {
        CountingSource source = new CountingSource(10_000);
        RecordingSubscriber s = new RecordingSubscriber(1).onEachItem(r -> r.request(1));
        PullPublisher.oneShot(source).subscribe(s);
        assertThat(s.items()).hasSize(10_000);
        assertThat(s.isCompleted()).isTrue();
    }

    @Test
    void demandAddsUpWithoutOverflow() {
        CountingSource source = new CountingSource(5);
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE - 1);
        PullPublisher.oneShot(source).subscribe(s);
        s.request(Long.MAX_VALUE);
        assertThat(s.items()).hasSize(5);
        assertThat(s.isCompleted()).isTrue();
    }

    @Test
    void oneShotSecondSubscriberGetsOnSubscribeThenOnError() {
        PullPublisher publisher = PullPublisher.oneShot(new CountingSource(1));
        publisher.subscribe(new RecordingSubscriber(1));
        RecordingSubscriber second = new RecordingSubscriber(1);
        publisher.subscribe(second);
        assertThat(second.signals()).containsExactly("onSubscribe", "onError");
        assertThat(second.error()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replayableGivesEachSubscriberAFreshSource() {
        AtomicInteger opened = new AtomicInteger();
        PullPublisher publisher = PullPublisher.replayable(() -> {
            opened.incrementAndGet();
            return new CountingSource(3);
        });
        RecordingSubscriber a = new RecordingSubscriber(Long.MAX_VALUE);
        RecordingSubscriber b = new RecordingSubscriber(Long.MAX_VALUE);
        publisher.subscribe(a);
        publisher.subscribe(b);
        assertThat(a.bytes()).containsExactly(0, 1, 2);
        assertThat(b.bytes()).containsExactly(0, 1, 2);
        assertThat(opened).hasValue(2);
    }

    @Test
    void storedBytesAreReplayedAsReadOnlyChunks() {
        byte[] content = new byte[ChunkSource.CHUNK_SIZE * 2 + 7];
        Arrays.fill(content, (byte) 'x');
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        PullPublisher.of(content).subscribe(s);
        assertThat(s.items()).hasSize(3).allMatch(ByteBuffer::isReadOnly);
        assertThat(s.items().get(2).remaining()).isEqualTo(7);
        assertThat(s.bytes()).isEqualTo(content);
    }

    @Test
    void emptyContentCompletesOnFirstRequest() {
        RecordingSubscriber s = new RecordingSubscriber(1);
        PullPublisher.of(new byte[0]).subscribe(s);
        assertThat(s.signals()).containsExactly("onSubscribe", "onComplete");
    }

    @Test
    void declaredLengthIsDeliveredExactly() {
        RecordingSubscriber longer = new RecordingSubscriber(Long.MAX_VALUE);
        PullPublisher.oneShot(InputStreamSource.of(new ByteArrayInputStream(new byte[10]), 4)).subscribe(longer);
        assertThat(longer.bytes()).hasSize(4);
        assertThat(longer.isCompleted()).isTrue();

        RecordingSubscriber shorter = new RecordingSubscriber(Long.MAX_VALUE);
        PullPublisher.oneShot(InputStreamSource.of(new ByteArrayInputStream(new byte[3]), 4)).subscribe(shorter);
        assertThat(shorter.error()).isInstanceOf(IOException.class).hasMessageContaining("3 of the 4 bytes");
    }

    @Test
    void sourceReadsAreChunkedAtSixtyFourKibibytes() throws IOException {
        InputStreamSource source = InputStreamSource.of(new ByteArrayInputStream(new byte[150_000]), -1);
        assertThat(source.next().remaining()).isEqualTo(ChunkSource.CHUNK_SIZE);
        assertThat(source.next().remaining()).isEqualTo(ChunkSource.CHUNK_SIZE);
        assertThat(source.next().remaining()).isEqualTo(150_000 - 2 * ChunkSource.CHUNK_SIZE);
        assertThat(source.next()).isNull();
        source.close();
        assertThatThrownBy(source::next).isInstanceOf(IOException.class);
    }

    @Test
    void concatSourceReadsPartsInOrderAndClosesThemAll() throws IOException {
        CountingSource first = new CountingSource(2);
        CountingSource second = new CountingSource(1);
        CountingSource third = new CountingSource(1);
        ConcatSource concat = new ConcatSource(java.util.List.of(first, second, third));
        assertThat(concat.next().get(0)).isEqualTo((byte) 0);
        assertThat(concat.next().get(0)).isEqualTo((byte) 1);
        assertThat(concat.next().get(0)).isEqualTo((byte) 0);
        assertThat(first.closed).isTrue();
        concat.close();
        assertThat(second.closed).isTrue();
        assertThat(third.closed).isTrue();
    }

    @Test
    void aggregatorCollectsAllChunksAndPassesErrorsUnwrapped() {
        byte[] content = new byte[ChunkSource.CHUNK_SIZE * 3 + 1];
        new java.util.Random(1).nextBytes(content);
        AggregatingSubscriber ok = new AggregatingSubscriber(10);
        PullPublisher.of(content).subscribe(ok);
        assertThat(ok.future().join()).isEqualTo(content);

        IOException boom = new IOException("boom");
        AggregatingSubscriber failed = new AggregatingSubscriber();
        PullPublisher.oneShot(new ChunkSource() {
            @Override
            public ByteBuffer next() throws IOException {
                throw boom;
            }

            @Override
            public void close() {}
        }).subscribe(failed);
        assertThat(failed.future()).isCompletedExceptionally();
        assertThat(failed.future().handle((v, e) -> e).join()).isSameAs(boom);
    }
}
