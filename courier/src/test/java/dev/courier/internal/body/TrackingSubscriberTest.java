package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrackingSubscriberTest {

    @Test
    void abortBeforeTheSourceSubscribesStillSignalsOnSubscribeFirst() {
        RecordingSubscriber consumer = new RecordingSubscriber(1);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        TrackingSubscriber tracker = new TrackingSubscriber(consumer, new AtomicLong(), finished);
        IllegalStateException closed = new IllegalStateException("closed");

        tracker.abort(closed);
        assertThat(consumer.signals()).isEmpty();

        ManualSource source = ManualSource.manual();
        source.subscribe(tracker);

        assertThat(source.isCancelled()).isTrue();
        assertThat(consumer.signals()).containsExactly("onSubscribe", "onError");
        assertThat(consumer.error()).isSameAs(closed);
        assertThat(finished).isCompleted();
    }

    @Test
    void abortFromInsideOnNextIsDeliveredAfterIt() {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        TrackingSubscriber[] tracker = new TrackingSubscriber[1];
        RecordingSubscriber consumer = new RecordingSubscriber(2)
                .onEachItem(s -> tracker[0].abort(new IllegalStateException("closed in onNext")));
        tracker[0] = new TrackingSubscriber(consumer, new AtomicLong(), finished);
        ManualSource source = ManualSource.manual();
        source.subscribe(tracker[0]);

        source.emit(ByteBuffer.wrap(new byte[] {1}));

        assertThat(consumer.signals()).containsExactly("onSubscribe", "onNext", "onError");
        assertThat(source.isCancelled()).isTrue();
    }

    @Test
    void onlyTheFirstTerminalSignalIsDelivered() {
        RecordingSubscriber consumer = new RecordingSubscriber(1);
        AtomicLong bytes = new AtomicLong();
        TrackingSubscriber tracker = new TrackingSubscriber(consumer, bytes, new CompletableFuture<>());
        ManualSource source = ManualSource.manual();
        source.subscribe(tracker);
        source.emit(ByteBuffer.wrap(new byte[3]));
        source.complete();
        tracker.abort(new IllegalStateException("late"));

        assertThat(consumer.signals()).containsExactly("onSubscribe", "onNext", "onComplete");
        assertThat(bytes).hasValue(3);
    }

    @Test
    void anAbortRacingTheSourceNeverOverlapsItsSignalsAndEndsTheBodyOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            AtomicBoolean inside = new AtomicBoolean();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger terminals = new AtomicInteger();
            AtomicInteger afterTerminal = new AtomicInteger();
            Flow.Subscriber<ByteBuffer> consumer = new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    enter();
                    if (terminals.get() > 0) {
                        afterTerminal.incrementAndGet();
                    }
                    inside.set(false);
                }

                @Override
                public void onError(Throwable throwable) {
                    enter();
                    terminals.incrementAndGet();
                    inside.set(false);
                }

                @Override
                public void onComplete() {
                    enter();
                    terminals.incrementAndGet();
                    inside.set(false);
                }

                private void enter() {
                    if (!inside.compareAndSet(false, true)) {
                        overlaps.incrementAndGet();
                    }
                }
            };
            CompletableFuture<Void> finished = new CompletableFuture<>();
            TrackingSubscriber tracker = new TrackingSubscriber(consumer, new AtomicLong(), finished);
            ManualSource source = ManualSource.manual();
            source.subscribe(tracker);
            Thread aborter = new Thread(() -> tracker.abort(new IllegalStateException("closed")));
            aborter.start();
            for (int i = 0; i < 50; i++) {
                tracker.onNext(ByteBuffer.wrap(new byte[1]));
            }
            tracker.onComplete();
            aborter.join();

            assertThat(overlaps).hasValue(0);
            assertThat(terminals).hasValue(1);
            assertThat(afterTerminal).hasValue(0);
            assertThat(finished).isCompleted();
        }
    }
}
