package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

/**
 * A test network source: counts subscriptions, demand and cancellation; emits by hand, or by itself as far as the
 * demand goes when given a chunk generator.
 */
public final class ManualSource implements Flow.Publisher<ByteBuffer> {
    private final LongFunction<ByteBuffer> generator;
    private final long autoChunks;
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private int subscribeCount;
    private long requested;
    private long delivered;
    private long maxOutstanding;
    private boolean cancelled;
    private boolean emitting;
    private boolean completed;

    private ManualSource(LongFunction<ByteBuffer> generator, long autoChunks) {
        this.generator = generator;
        this.autoChunks = autoChunks;
    }

    /** A source that emits only when the test calls {@link #emit}. */
    public static ManualSource manual() {
        return new ManualSource(null, 0);
    }

    /** A source that emits {@code chunks} buffers from {@code generator} as demand allows, then completes. */
    public static ManualSource auto(long chunks, LongFunction<ByteBuffer> generator) {
        return new ManualSource(generator, chunks);
    }

    @Override
    public synchronized void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        subscribeCount++;
        subscriber = s;
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                onRequest(n);
            }

            @Override
            public void cancel() {
                synchronized (ManualSource.this) {
                    cancelled = true;
                }
            }
        });
    }

    private synchronized void onRequest(long n) {
        requested += n;
        maxOutstanding = Math.max(maxOutstanding, requested - delivered);
        if (generator == null || emitting) {
            return; // a re-entrant request is served by the loop below
        }
        emitting = true;
        try {
            while (!cancelled && delivered < requested && delivered < autoChunks) {
                emit(generator.apply(delivered));
            }
            if (!cancelled && delivered == autoChunks) {
                complete();
            }
        } finally {
            emitting = false;
        }
    }

    public synchronized void emit(ByteBuffer chunk) {
        if (delivered >= requested) {
            throw new AssertionError("emitting without demand");
        }
        delivered++;
        subscriber.onNext(chunk);
    }

    public synchronized void complete() {
        if (completed) {
            return;
        }
        completed = true;
        subscriber.onComplete();
    }

    public synchronized void error(Throwable t) {
        subscriber.onError(t);
    }

    public synchronized int subscribeCount() {
        return subscribeCount;
    }

    public synchronized long requested() {
        return requested;
    }

    public synchronized long delivered() {
        return delivered;
    }

    public synchronized long maxOutstanding() {
        return maxOutstanding;
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }
}
