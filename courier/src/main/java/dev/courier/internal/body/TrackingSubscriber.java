package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pass-through subscriber that counts the bytes a source delivers, reports when the body is finished, and lets a
 * third party ({@code Response.close()}) abort the body with an error the consumer sees.
 *
 * <p>Signals to the consumer go through a queue drained by one thread at a time, so an abort racing an
 * {@code onNext} on another thread (or made from inside one) is still delivered after it, never concurrently.
 * The consumer's {@code onSubscribe} is held back until the source has subscribed, so even an abort that comes
 * first reaches the consumer in the order Flow requires.
 *
 * <p>It borrows chunks when its consumer does ({@link BorrowingSubscriber}); a lent chunk that has to wait in the
 * queue for another thread's drain is copied first, since its buffer is released when {@code onNext} returns.
 */
public final class TrackingSubscriber implements BorrowingSubscriber, Flow.Subscription {
    private static final Object COMPLETE = new Object();

    private final Flow.Subscriber<? super ByteBuffer> consumer;
    private final boolean borrows;
    private final AtomicLong bytesRead;
    private final CompletableFuture<Void> finished;
    private final Queue<Object> signals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Flow.Subscription upstream;
    private volatile boolean aborted;
    private volatile boolean consumerCancelled;
    private boolean started; // drain thread only
    private boolean terminated; // drain thread only

    /** Tracks a subscription for {@code consumer}, adding to {@code bytesRead} and completing {@code finished}. */
    public TrackingSubscriber(Flow.Subscriber<? super ByteBuffer> consumer, AtomicLong bytesRead,
            CompletableFuture<Void> finished) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.borrows = consumer instanceof BorrowingSubscriber b && b.borrows();
        this.bytesRead = bytesRead;
        this.finished = finished;
    }

    @Override
    public boolean borrows() {
        return borrows;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (upstream != null) {
            subscription.cancel();
            return;
        }
        upstream = subscription;
        // Pairs with abort(): whichever of the two runs second sees the other's write and cancels.
        if (aborted) {
            subscription.cancel();
        }
        drain();
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        bytesRead.addAndGet(chunk.remaining());
        emit(chunk);
    }

    @Override
    public void onError(Throwable error) {
        emit(error);
    }

    @Override
    public void onComplete() {
        emit(COMPLETE);
    }

    /** Cancels the source and fails the consumer with {@code error}, unless the body already ended. */
    public void abort(Throwable error) {
        aborted = true;
        Flow.Subscription s = upstream;
        if (s != null) {
            s.cancel();
        }
        signals.add(error);
        drain();
    }

    @Override
    public void request(long n) {
        upstream.request(n);
    }

    @Override
    public void cancel() {
        consumerCancelled = true;
        upstream.cancel();
        finished.complete(null);
    }

    /**
     * Delivers {@code signal} at once when no other thread is draining and nothing is queued before it (the
     * usual case: one thread, the source's, signals), else queues it for the drain.
     */
    private void emit(Object signal) {
        if (wip.get() == 0 && wip.compareAndSet(0, 1)) {
            if (started && signals.isEmpty()) {
                if (!terminated) {
                    deliver(signal);
                }
            } else {
                signals.add(kept(signal));
            }
            drainLoop(1);
        } else {
            signals.add(kept(signal));
            drain();
        }
    }

    /** A signal to queue: a lent chunk is copied, since its buffer goes back when onNext returns. */
    private Object kept(Object signal) {
        return borrows && signal instanceof ByteBuffer lent ? copyOf(lent) : signal;
    }

    private static ByteBuffer copyOf(ByteBuffer lent) {
        ByteBuffer copy = ByteBuffer.allocate(lent.remaining());
        copy.put(lent.duplicate());
        return copy.flip();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        drainLoop(1);
    }

    private void drainLoop(int missed) {
        do {
            if (upstream != null) {
                if (!started) {
                    started = true;
                    consumer.onSubscribe(this);
                }
                Object signal;
                while (!terminated && (signal = signals.poll()) != null) {
                    deliver(signal);
                }
                if (terminated) {
                    signals.clear();
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver(Object signal) {
        if (signal instanceof ByteBuffer chunk) {
            if (!consumerCancelled) {
                consumer.onNext(chunk);
            }
            return;
        }
        terminated = true;
        finished.complete(null);
        if (consumerCancelled) {
            return;
        }
        if (signal == COMPLETE) {
            consumer.onComplete();
        } else {
            consumer.onError((Throwable) signal);
        }
    }
}
