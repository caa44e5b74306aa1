package dev.courier.internal.body;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A demand-driven {@link Flow.Publisher} over a {@link ChunkSource}: each requested item is one {@code next()} call.
 *
 * <p>Threading: the source is read, and may block, on whichever thread calls {@code request(n)} (or on the thread
 * already emitting, when requests overlap). The network transport therefore calls {@code request} off its event
 * loop for file and stream bodies. A cancel that arrives while another thread is blocked in a read takes effect,
 * and closes the source, when that read returns. Emission runs in a drain loop, so a subscriber that requests
 * from inside {@code onNext} is served iteratively rather than by recursion. The source is closed on completion,
 * on error and on cancel.
 */
public final class PullPublisher implements Flow.Publisher<ByteBuffer> {
    private final Supplier<? extends ChunkSource> sources;
    private final AtomicBoolean subscribed;

    private PullPublisher(Supplier<? extends ChunkSource> sources, boolean oneShot) {
        this.sources = sources;
        this.subscribed = oneShot ? new AtomicBoolean() : null;
    }

    /** A publisher giving every subscriber a fresh source from {@code sources}, which must not block. */
    public static PullPublisher replayable(Supplier<? extends ChunkSource> sources) {
        return new PullPublisher(Objects.requireNonNull(sources, "sources"), false);
    }

    /** A publisher over one source: its first subscriber reads it, later ones receive onError. */
    public static PullPublisher oneShot(ChunkSource source) {
        Objects.requireNonNull(source, "source");
        return new PullPublisher(() -> source, true);
    }

    /** A replayable publisher of {@code content} as read-only slices; the array is shared, not copied. */
    public static PullPublisher of(byte[] content) {
        Objects.requireNonNull(content, "content");
        return replayable(() -> new ByteArraySource(content));
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (subscribed != null && !subscribed.compareAndSet(false, true)) {
            Subscriptions.reject(subscriber,
                    new IllegalStateException("This body can be read once and already has a subscriber"));
            return;
        }
        ChunkSource source;
        try {
            source = sources.get();
        } catch (RuntimeException e) {
            Subscriptions.reject(subscriber, e);
            return;
        }
        subscriber.onSubscribe(new PullSubscription(subscriber, source));
    }

    /** The per-subscriber state: demand, cancellation and the drain loop that reads the source. */
    private static final class PullSubscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final ChunkSource source;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private volatile boolean invalid;
        private long invalidRequest; // published by the volatile write to invalid
        private boolean done; // touched only by the thread holding wip

        PullSubscription(Flow.Subscriber<? super ByteBuffer> subscriber, ChunkSource source) {
            this.subscriber = subscriber;
            this.source = source;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                invalidRequest = n;
                invalid = true;
            } else {
                demand.getAndAccumulate(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            drain();
        }

        // The wip counter makes exactly one thread emit at a time; calls made meanwhile (including re-entrant
        // ones from onNext) only bump the counter, and the emitting thread loops to serve them.
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (!done) {
                    try {
                        emit();
                    } catch (RuntimeException | Error e) {
                        // The subscriber broke rule 2.13 by throwing; stop and release the source rather than leak it.
                        finish();
                        throw e;
                    }
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void emit() {
            long requested = demand.get();
            long emitted = 0;
            while (true) {
                if (cancelled) {
                    finish();
                    return;
                }
                if (invalid) {
                    finish();
                    subscriber.onError(new IllegalArgumentException(
                            "Flow rule 3.9: request(n) needs n > 0, got " + invalidRequest));
                    return;
                }
                if (emitted == requested) {
                    if (requested != Long.MAX_VALUE) {
                        demand.addAndGet(-emitted);
                    }
                    return;
                }
                ByteBuffer chunk;
                try {
                    chunk = source.next();
                } catch (IOException | RuntimeException e) {
                    finish();
                    subscriber.onError(e);
                    return;
                }
                if (chunk == null) {
                    finish();
                    subscriber.onComplete();
                    return;
                }
                subscriber.onNext(chunk);
                emitted++;
            }
        }

        private void finish() {
            done = true;
            try {
                source.close();
            } catch (IOException ignored) {
                // The subscriber has its outcome already; a failure to release cannot change it.
            }
        }
    }
}
