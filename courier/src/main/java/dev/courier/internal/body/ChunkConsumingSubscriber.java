package dev.courier.internal.body;

import dev.courier.Response;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Feeds a body to a {@link Response.ChunkConsumer} for {@link Response#consume}: asks for everything at once (the
 * consumer is synchronous, so each chunk is done with before the next read), counts the bytes, and on the end,
 * a failure or an exception from the consumer closes the body and completes {@code result}.
 */
final class ChunkConsumingSubscriber implements BorrowingSubscriber {
    private final Response.ChunkConsumer consumer;
    private final ResponseBodyState state;
    private final CompletableFuture<Long> result;
    private Flow.Subscription subscription;
    private long bytes;
    private boolean done;

    ChunkConsumingSubscriber(Response.ChunkConsumer consumer, ResponseBodyState state, CompletableFuture<Long> result) {
        this.consumer = consumer;
        this.state = state;
        this.result = result;
    }

    @Override
    public boolean borrows() {
        return true;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        if (done) {
            return;
        }
        bytes += chunk.remaining();
        try {
            // A chunk that had to be queued was copied and is writable; the consumer gets every chunk read-only.
            consumer.accept(chunk.isReadOnly() ? chunk : chunk.asReadOnlyBuffer());
        } catch (Throwable t) {
            // The consumer gave up: the rest of the body is not wanted, and its connection must not wait for it.
            try {
                subscription.cancel();
            } catch (RuntimeException cleanup) {
                t.addSuppressed(cleanup);
            }
            end(t);
        }
    }

    @Override
    public void onError(Throwable error) {
        end(error);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    /** Closes the body and completes the result, once: with the byte count, or with {@code failure}. */
    private void end(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        try {
            state.close();
        } catch (RuntimeException cleanup) {
            if (failure == null) {
                failure = cleanup;
            } else {
                failure.addSuppressed(cleanup);
            }
        }
        if (failure == null) {
            result.complete(bytes);
        } else {
            result.completeExceptionally(failure);
        }
    }
}
