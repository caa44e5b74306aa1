package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** A subscriber that collects a whole body into one byte array, completing {@link #future()} with it. */
public final class AggregatingSubscriber implements Flow.Subscriber<ByteBuffer> {
    // The largest array size every JVM allocates; beyond it a body cannot be held in one byte[].
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private final CompletableFuture<byte[]> future = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** Null until the first chunk (or a known length) sizes it: most bodies arrive in one chunk. */
    private byte[] buffer;
    private int size;

    /** Creates a subscriber with no size hint. */
    public AggregatingSubscriber() {
        this(-1);
    }

    /** Creates a subscriber that pre-sizes its buffer when {@code expectedLength} is known (not -1). */
    public AggregatingSubscriber(long expectedLength) {
        // A length too big for an array gets the default: the overflow check in onNext reports it properly.
        boolean usable = expectedLength > 0 && expectedLength <= MAX_SIZE;
        this.buffer = usable ? new byte[(int) expectedLength] : null;
    }

    /** Completes with the body, or fails with the source's error, unwrapped. */
    public CompletableFuture<byte[]> future() {
        return future;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        if (this.subscription != null) {
            subscription.cancel();
            return;
        }
        this.subscription = subscription;
        // The whole body ends up in memory anyway, so pacing the source would only add round trips.
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        if (future.isDone()) {
            return;
        }
        int n = chunk.remaining();
        if (n > MAX_SIZE - size) {
            subscription.cancel();
            future.completeExceptionally(new IllegalStateException(
                    "The body is larger than the 2 GiB a byte array can hold; stream it instead of buffering it"));
            return;
        }
        if (buffer == null) {
            buffer = new byte[n];
        } else if (size + n > buffer.length) {
            long grown = Math.max((long) buffer.length * 2, (long) size + n);
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, MAX_SIZE));
        }
        chunk.get(buffer, size, n);
        size += n;
    }

    @Override
    public void onError(Throwable error) {
        buffer = null;
        future.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (!future.isDone()) {
            byte[] content = buffer == null ? EMPTY : size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            buffer = null;
            future.complete(content);
        }
    }
}
