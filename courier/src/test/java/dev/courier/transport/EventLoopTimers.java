package dev.courier.transport;

import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.lang.reflect.Field;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The number of tasks waiting on the timers of an {@link HttpTransport}'s event loops (RELIABILITY
 * §1.11: timers cancelled on success leave nothing scheduled).
 *
 * <p>Netty has no public count of an event loop's scheduled tasks: they sit in
 * {@code AbstractScheduledEventExecutor.scheduledTaskQueue}, a package-private field, read here by
 * reflection (the tests run on the class path, where Netty's packages are open). It is read on
 * each loop's own thread, the queue's only user, by a task submitted to it: that task runs after
 * whatever the loop was handed before it, such as the removal of a task cancelled from another
 * thread, so a cancelled task does not count once its removal has been asked for.
 *
 * <pre>{@code
 * int before = EventLoopTimers.scheduledTasks(transport);
 * }</pre>
 */
public final class EventLoopTimers {
    private static final Field SCHEDULED_TASK_QUEUE;

    static {
        try {
            SCHEDULED_TASK_QUEUE = AbstractScheduledEventExecutor.class.getDeclaredField("scheduledTaskQueue");
            SCHEDULED_TASK_QUEUE.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EventLoopTimers() {}

    /** The scheduled tasks of all of {@code transport}'s event loops (a cancelled one counts until its removal runs). */
    public static int scheduledTasks(HttpTransport transport) {
        int total = 0;
        for (EventExecutor loop : transport.eventLoops().group()) {
            try {
                total += loop.submit(() -> queued(loop)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot count the scheduled tasks of " + loop, e);
            }
        }
        return total;
    }

    /** On {@code loop}'s thread. */
    private static int queued(EventExecutor loop) throws IllegalAccessException {
        Collection<?> queue = (Collection<?>) SCHEDULED_TASK_QUEUE.get(loop);
        return queue == null ? 0 : queue.size();
    }
}
