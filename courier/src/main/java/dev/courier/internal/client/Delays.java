package dev.courier.internal.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer behind retry waits and deadlines: one daemon thread for the process, which only
 * completes futures (what follows runs elsewhere), and forgets a task as soon as it is cancelled,
 * so that a deadline per request costs nothing once the request is done. CompletableFuture's own
 * delayed executor keeps cancelled tasks queued until they are due.
 */
final class Delays {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Delays() {}

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "courier-retry-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code task} on the timer thread after {@code delay}; it must be quick and never throw. */
    static ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return TIMER.schedule(task, nanos(delay), TimeUnit.NANOSECONDS);
    }

    /** {@code d} in nanoseconds, saturated instead of overflowing (about 292 years). */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A future completed after {@code delay}; cancelling it cancels the timer. */
    static CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> task = schedule(() -> done.complete(null), delay);
        done.whenComplete((v, e) -> {
            if (done.isCancelled()) {
                task.cancel(false);
            }
        });
        return done;
    }
}
