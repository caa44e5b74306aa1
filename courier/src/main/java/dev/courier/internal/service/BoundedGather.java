package dev.courier.internal.service;

import dev.courier.internal.Futures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one asynchronous call per item with at most {@code limit} in flight, and completes with the
 * results in the items' order, or with the first failure (after which no call starts).
 *
 * <p>Calls are started from a drain loop, not from each other's callbacks, so calls that complete
 * at once (a cache, a mock) do not nest and a long list cannot overflow the stack.
 */
public final class BoundedGather<I, T> {
    private final List<I> items;
    private final int limit;
    private final Function<? super I, ? extends CompletionStage<? extends T>> call;
    private final Object[] results;
    private final CompletableFuture<List<T>> result = new CompletableFuture<>();
    private final AtomicInteger remaining;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger drainers = new AtomicInteger();
    private int next;

    private BoundedGather(Collection<? extends I> items, int limit,
            Function<? super I, ? extends CompletionStage<? extends T>> call) {
        this.items = new ArrayList<>(items);
        this.limit = limit;
        this.call = call;
        this.results = new Object[this.items.size()];
        this.remaining = new AtomicInteger(this.items.size());
    }

    /** Starts the calls; the future completes with every result in order, or the first failure. */
    public static <I, T> CompletableFuture<List<T>> run(Collection<? extends I> items, int limit,
            Function<? super I, ? extends CompletionStage<? extends T>> call) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + limit);
        }
        BoundedGather<I, T> gather = new BoundedGather<>(items, limit, call);
        if (gather.items.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        gather.drain();
        return gather.result;
    }

    /** Starts calls while there is room; one thread at a time runs the loop, the others leave it work. */
    private void drain() {
        if (drainers.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!result.isDone() && next < items.size() && inFlight.get() < limit) {
                int index = next++;
                inFlight.incrementAndGet();
                start(index);
            }
        } while (drainers.decrementAndGet() != 0);
    }

    private void start(int index) {
        CompletionStage<? extends T> stage;
        try {
            stage = call.apply(items.get(index));
        } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
            return;
        }
        if (stage == null) {
            result.completeExceptionally(new NullPointerException("The call for item " + index + " returned null"));
            return;
        }
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            results[index] = value;
            inFlight.decrementAndGet();
            if (remaining.decrementAndGet() == 0) {
                @SuppressWarnings("unchecked")
                List<T> all = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
                result.complete(all);
            } else {
                drain();
            }
        });
    }
}
