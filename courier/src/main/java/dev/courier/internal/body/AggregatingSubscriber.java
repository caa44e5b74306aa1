package dev.courier.internal.body;

import java.util.concurrent.CompletableFuture;

/** A subscriber that collects a whole body into one byte array, completing {@link #future()} with it. */
public final class AggregatingSubscriber extends CollectingSubscriber {
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();

    /** Creates a subscriber with no size hint. */
    public AggregatingSubscriber() {
        this(-1);
    }

    /** Creates a subscriber that pre-sizes its buffer when {@code expectedLength} is known (not -1). */
    public AggregatingSubscriber(long expectedLength) {
        // The length is the caller's own (a request body's), so the whole of it is allocated at the first chunk.
        super(expectedLength, Long.MAX_VALUE, false);
    }

    /** Completes with the body, or fails with the source's error, unwrapped. */
    public CompletableFuture<byte[]> future() {
        return future;
    }

    @Override
    boolean abandoned() {
        // Whoever holds the future may have completed or cancelled it.
        return future.isDone();
    }

    @Override
    void collected(byte[] content, Throwable failure) {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(content);
        }
    }
}
