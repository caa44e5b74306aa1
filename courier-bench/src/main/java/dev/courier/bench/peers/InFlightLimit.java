package dev.courier.bench.peers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * At most {@code permits} operations in flight; the others wait in a FIFO queue without blocking
 * any thread, and start as earlier ones complete (on the completing thread). For a peer whose own
 * connection cap fails or blocks the caller instead of queueing (AsyncHttpClient's).
 */
final class InFlightLimit {
    private final int permits;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    InFlightLimit(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1");
        }
        this.permits = permits;
    }

    /** Starts {@code operation} now if a permit is free, else once one is. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(() -> {
            CompletableFuture<T> started;
            try {
                started = operation.get();
            } catch (Throwable t) {
                started = CompletableFuture.failedFuture(t);
            }
            started.whenComplete((value, error) -> {
                inFlight.decrementAndGet();
                drain();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        });
        drain();
        return result;
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int n = inFlight.get();
            if (n >= permits) {
                return;
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                // A racing drain took it; re-check in case one was added meanwhile.
                continue;
            }
            next.run();
        }
    }
}
