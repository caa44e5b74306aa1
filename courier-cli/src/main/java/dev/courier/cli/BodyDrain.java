package dev.courier.cli;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A body subscriber that reads a response body to its end, counting its bytes and keeping none:
 * what a load test does with bodies. It asks for everything at once, so the transport reads as
 * fast as the socket delivers and no buffer outlives its {@code onNext}.
 *
 * <pre>{@code
 * BodyDrain drain = new BodyDrain();
 * response.body().subscribe(drain);
 * drain.done().thenAccept(bytes -> ...);
 * }</pre>
 *
 * <p>One instance per body; {@link #done()} completes with the byte count, or with the failure.
 */
final class BodyDrain implements Flow.Subscriber<ByteBuffer> {
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    // Written by the one thread the publisher signals on at a time (reactive-streams rule 1.3).
    private long bytes;

    /** Completes with the body's size when it ends, or exceptionally when reading it fails. */
    CompletableFuture<Long> done() {
        return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
        bytes += item.remaining();
    }

    @Override
    public void onError(Throwable failure) {
        done.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        done.complete(bytes);
    }
}
