package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
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
}
