package dev.courier.internal.exchange;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the read and write deadlines of one connection's exchanges with a single scheduled task.
 *
 * <p>Scheduling a timer when a request starts and cancelling it when its response arrives costs two
 * operations on the event loop's timer heap per request, a few per cent of the client's CPU at tens
 * of thousands of requests a second. Here an exchange only notes when it began to wait; the task
 * fires at the earliest deadline it was asked for, fails the exchanges whose deadline has passed
 * and sleeps until the next one. With a steady stream of requests that is one timer per timeout
 * period per connection (Netty's IdleStateHandler works the same way). The task is re-armed early
 * only when an exchange with a shorter timeout arrives.
 *
 * <p>Event loop only. The exchanges are kept in a list threaded through them, so watching and
 * unwatching allocate nothing.
 */
public final class Watchdog {
    private final EventLoop loop;
    private final Runnable fire = this::fire;
    private Exchange first;
    private int watched;
    private ScheduledFuture<?> task;
    private long taskAt;

    public Watchdog(EventLoop loop) {
        this.loop = loop;
    }

    /** Watches {@code exchange}, whose next deadline is {@code deadline} ({@link System#nanoTime()}). */
    void watch(Exchange exchange, long now, long deadline) {
        if (!exchange.waiting()) {
            return; // it ended: nothing would unwatch it again
        }
        if (!exchange.watched) {
            exchange.watched = true;
            exchange.watchPrev = null;
            exchange.watchNext = first;
            if (first != null) {
                first.watchPrev = exchange;
            }
            first = exchange;
            watched++;
        }
        ensureBy(now, deadline);
    }

    /** Stops watching {@code exchange} (it finished). */
    void unwatch(Exchange exchange) {
        if (!exchange.watched) {
            return;
        }
        exchange.watched = false;
        if (exchange.watchPrev != null) {
            exchange.watchPrev.watchNext = exchange.watchNext;
        } else {
            first = exchange.watchNext;
        }
        if (exchange.watchNext != null) {
            exchange.watchNext.watchPrev = exchange.watchPrev;
        }
        exchange.watchPrev = null;
        exchange.watchNext = null;
        watched--;
        // The task stays: with no exchange left it fires once, finds nothing, and stops.
    }

    /** The connection closed: its exchanges fail through the channel, and the pending task goes. */
    public void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void ensureBy(long now, long deadline) {
        if (task != null && deadline - taskAt >= 0) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        taskAt = deadline;
        task = loop.schedule(fire, Math.max(deadline - now, 0), TimeUnit.NANOSECONDS);
    }

    private void fire() {
        task = null;
        long now = System.nanoTime();
        // A snapshot: failing one exchange can end others (a connection error) and unlink them mid-walk.
        Exchange[] due = new Exchange[watched];
        int n = 0;
        for (Exchange e = first; e != null && n < due.length; e = e.watchNext) {
            due[n++] = e;
        }
        RuntimeException thrown = null;
        for (int i = 0; i < n; i++) {
            if (due[i].watched) {
                try {
                    due[i].checkDeadlines(now);
                } catch (RuntimeException e) {
                    // A subscriber that throws from onError must not cost the other exchanges their
                    // timeouts: finish the walk and re-arm, then let the event loop report it.
                    if (thrown == null) {
                        thrown = e;
                    } else {
                        thrown.addSuppressed(e);
                    }
                }
            }
        }
        boolean any = false;
        long next = 0;
        for (Exchange e = first; e != null; e = e.watchNext) {
            if (e.waiting()) {
                long d = e.nextDeadline();
                if (!any || d - next < 0) {
                    next = d;
                }
                any = true;
            }
        }
        if (any) {
            ensureBy(now, next);
        }
        if (thrown != null) {
            throw thrown;
        }
    }
}
