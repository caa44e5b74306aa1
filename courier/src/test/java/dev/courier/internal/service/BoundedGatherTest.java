package dev.courier.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded gather, driven by hand: exactly the limit in flight, results in order, first failure wins. */
class BoundedGatherTest {
    @Test
    void startsNoMoreThanTheLimitAndRefillsAsCallsEnd() {
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        CompletableFuture<List<Integer>> all = BoundedGather.run(List.of(0, 1, 2, 3, 4, 5, 6), 3, i -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            started.add(f);
            return f;
        });
        assertThat(started).hasSize(3);

        started.get(1).complete(10);                 // one ends: exactly one more starts
        assertThat(started).hasSize(4);
        started.get(0).complete(0);
        started.get(3).complete(30);
        assertThat(started).hasSize(6);
        started.get(2).complete(20);
        assertThat(started).hasSize(7);
        for (int i = 4; i < 7; i++) {
            assertThat(all).isNotDone();
            started.get(i).complete(i * 10);
        }
        assertThat(all.join()).containsExactly(0, 10, 20, 30, 40, 50, 60);
    }

    @Test
    void callsThatCompleteAtOnceDoNotNest() {
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();
        assertThat(BoundedGather.run(items, 4, i -> CompletableFuture.completedFuture(i)).join()).hasSize(100_000);
    }

    @Test
    void theFirstFailureEndsItAndNoFurtherCallStarts() {
        List<CompletableFuture<String>> started = new ArrayList<>();
        CompletableFuture<List<String>> all = BoundedGather.run(List.of("a", "b", "c", "d"), 2, s -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            started.add(f);
            return f;
        });
        started.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertThat(started).hasSize(2);
        assertThatThrownBy(all::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
        started.get(1).complete("late");
        assertThat(started).hasSize(2);
    }

    @Test
    void edgeCases() {
        assertThat(BoundedGather.run(List.of(), 1, i -> CompletableFuture.completedFuture(i)).join()).isEmpty();
        assertThatThrownBy(() -> BoundedGather.run(List.of(1), 0, i -> CompletableFuture.completedFuture(i)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(BoundedGather.run(List.of(1), 1, i -> null)::join).hasCauseInstanceOf(NullPointerException.class);
        assertThatThrownBy(BoundedGather.run(List.of(1), 1, i -> {
            throw new IllegalArgumentException("bad item");
        })::join).hasCauseInstanceOf(IllegalArgumentException.class);
        List<Object> withNull = BoundedGather.<Integer, Object>run(List.of(1, 2), 2,
                i -> CompletableFuture.completedFuture(i == 1 ? null : i)).join();
        assertThat(withNull).containsExactly(null, 2);
    }
}
