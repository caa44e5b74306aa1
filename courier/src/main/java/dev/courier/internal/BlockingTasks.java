package dev.courier.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that may block and so must never run on an I/O thread: DNS lookups through the
 * system resolver, and reading request bodies from files and streams. Daemon threads, created on
 * demand and retired after a minute idle.
 */
public final class BlockingTasks {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread t = new Thread(task, "courier-blocking-" + COUNT.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private BlockingTasks() {}

    /** The shared executor for blocking work. */
    public static ExecutorService executor() {
        return EXECUTOR;
    }
}
