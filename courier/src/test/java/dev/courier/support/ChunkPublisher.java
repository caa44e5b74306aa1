package dev.courier.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** A single-subscription publisher of fixed chunks that honours demand and records cancellation, for tests. */
public final class ChunkPublisher implements Flow.Publisher<ByteBuffer> {
    private final List<String> chunks;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final RuntimeException failAtEnd;

    public ChunkPublisher(RuntimeException failAtEnd, String... chunks) {
        this.chunks = List.of(chunks);
        this.failAtEnd = failAtEnd;
    }

    public static ChunkPublisher of(String... chunks) {
        return new ChunkPublisher(null, chunks);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public boolean isSubscribed() {
        return subscribed.get();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override public void request(long n) {}
                @Override public void cancel() {}
            });
            subscriber.onError(new IllegalStateException("already subscribed"));
            return;
        }
        subscriber.onSubscribe(new Flow.Subscription() {
            private int next;
            private long demand;
            private boolean emitting;
            private boolean done;

            @Override
            public synchronized void request(long n) {
                if (done) {
                    return;
                }
                demand += n;
                if (emitting) {
                    return;
                }
                emitting = true;
                while (!done && !cancelled.get()) {
                    if (next == chunks.size()) {
                        done = true;
                        if (failAtEnd != null) {
                            subscriber.onError(failAtEnd);
                        } else {
                            subscriber.onComplete();
                        }
                    } else if (demand > 0) {
                        demand--;
                        subscriber.onNext(ByteBuffer.wrap(chunks.get(next++).getBytes(StandardCharsets.UTF_8)));
                    } else {
                        break;
                    }
                }
                emitting = false;
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }
}
