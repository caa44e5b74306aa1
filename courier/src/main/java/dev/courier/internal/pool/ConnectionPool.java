package dev.courier.internal.pool;

import dev.courier.Limits;
import dev.courier.PoolTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection pool: open connections, requests waiting for one, and a single assignment function
 * that runs under one lock (httpcore's {@code _assign_requests_to_connections}).
 *
 * <p>The function evicts closed and expired connections, then serves waiting requests in order: an
 * idle connection for the same key; else a new connection while under {@code maxConnections}; else
 * a new one in place of an idle connection of another key. It returns the work to do (connections
 * to close or open, futures to complete) so that no I/O and no user callback runs under the lock.
 * A request that waits longer than its pool timeout fails with {@link PoolTimeoutException}.
 */
public final class ConnectionPool {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<PooledConnection> connections = new ArrayList<>();
    private final ArrayDeque<PoolRequest> waiting = new ArrayDeque<>();
    private final Limits limits;
    private final int maxIdlePerKey;
    private final ConnectionOpener opener;
    private final ScheduledExecutorService timer;
    private int connecting;
    private boolean closed;
    private boolean sweepScheduled;

    public ConnectionPool(Limits limits, int maxIdlePerKey, ConnectionOpener opener, ScheduledExecutorService timer) {
        this.limits = limits;
        this.maxIdlePerKey = maxIdlePerKey;
        this.opener = opener;
        this.timer = timer;
    }

    /** What to do once the lock is released. */
    private final class Work {
        final List<PooledConnection> close = new ArrayList<>();
        final List<PoolRequest> open = new ArrayList<>();
        final List<Object[]> lend = new ArrayList<>();

        void run() {
            for (PooledConnection c : close) {
                c.close();
            }
            for (Object[] pair : lend) {
                PoolRequest request = (PoolRequest) pair[0];
                PooledConnection connection = (PooledConnection) pair[1];
                cancelTimeout(request);
                if (!request.future.complete(connection)) {
                    release(connection, true);
                }
            }
            for (PoolRequest request : open) {
                cancelTimeout(request);
                startOpen(request);
            }
        }
    }

    /**
     * A connection for {@code key}: an idle one, or a new one ({@code freshOnly} insists on new).
     * Cancelling the future withdraws the request.
     */
    public CompletableFuture<PooledConnection> acquire(PoolKey key, boolean freshOnly, Duration poolTimeout,
            Duration connectTimeout) {
        PoolRequest request = new PoolRequest(key, freshOnly, connectTimeout);
        Work work = new Work();
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("The transport is closed"));
            }
            waiting.add(request);
            assign(work);
            if (waiting.contains(request) && poolTimeout != null) {
                request.timeout = timer.schedule(() -> timeOut(request, poolTimeout), poolTimeout.toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
        request.future.whenComplete((c, e) -> {
            if (request.future.isCancelled()) {
                withdraw(request);
            }
        });
        work.run();
        return request.future;
    }

    /** Returns a connection after an exchange: kept idle when {@code reusable}, else closed. */
    public void release(PooledConnection connection, boolean reusable) {
        Work work = new Work();
        lock.lock();
        try {
            if (!reusable || closed || connection.isClosed() || limits.keepAliveExpiry().isZero()) {
                connections.remove(connection);
                work.close.add(connection);
            } else {
                connection.markIdle(System.nanoTime());
                trimIdle(connection.key(), work);
                scheduleExpiry();
            }
            assign(work);
        } finally {
            lock.unlock();
        }
        work.run();
    }

    /** Called by a connection when its channel closed, whoever closed it. */
    public void onClosed(PooledConnection connection) {
        Work work = new Work();
        lock.lock();
        try {
            connections.remove(connection);
            assign(work);
        } finally {
            lock.unlock();
        }
        work.run();
    }

    /** Open, idle, in-use and waiting counts; connections still connecting count as open and in use. */
    public int[] counts() {
        lock.lock();
        try {
            int idle = 0;
            for (PooledConnection c : connections) {
                if (c.isIdle()) {
                    idle++;
                }
            }
            int open = connections.size() + connecting;
            return new int[] {open, idle, open - idle, waiting.size()};
        } finally {
            lock.unlock();
        }
    }

    /** Closes every connection and fails every waiting request. */
    public void close() {
        List<PooledConnection> toClose;
        List<PoolRequest> toFail;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(connections);
            connections.clear();
            toFail = new ArrayList<>(waiting);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        for (PoolRequest r : toFail) {
            cancelTimeout(r);
            r.future.completeExceptionally(new IllegalStateException("The transport was closed while waiting for a connection"));
        }
        for (PooledConnection c : toClose) {
            c.close();
        }
    }

    // ---- everything below runs with the lock held, except startOpen and the timer callbacks ----

    private void assign(Work work) {
        long now = System.nanoTime();
        long expiry = limits.keepAliveExpiry().toNanos();
        for (Iterator<PooledConnection> it = connections.iterator(); it.hasNext(); ) {
            PooledConnection c = it.next();
            if (c.isClosed()) {
                it.remove();
            } else if (c.isIdle() && now - c.idleSince() >= expiry) {
                it.remove();
                work.close.add(c);
            }
        }
        for (Iterator<PoolRequest> it = waiting.iterator(); it.hasNext(); ) {
            PoolRequest request = it.next();
            if (request.future.isDone()) {
                it.remove();
                continue;
            }
            PooledConnection idle = request.freshOnly ? null : idleFor(request.key);
            if (idle != null) {
                it.remove();
                idle.markInUse();
                work.lend.add(new Object[] {request, idle});
            } else if (connections.size() + connecting < limits.maxConnections()) {
                it.remove();
                connecting++;
                work.open.add(request);
            } else {
                PooledConnection victim = idleOtherThan(request.freshOnly ? null : request.key);
                if (victim != null) {
                    connections.remove(victim);
                    work.close.add(victim);
                    it.remove();
                    connecting++;
                    work.open.add(request);
                }
            }
        }
    }

    private PooledConnection idleFor(PoolKey key) {
        // Most recently used first: it is the likeliest to still be open at the server.
        PooledConnection best = null;
        for (PooledConnection c : connections) {
            if (c.isIdle() && c.key().equals(key) && !c.isClosed() && (best == null || c.idleSince() > best.idleSince())) {
                best = c;
            }
        }
        return best;
    }

    private PooledConnection idleOtherThan(PoolKey key) {
        PooledConnection oldest = null;
        for (PooledConnection c : connections) {
            if (c.isIdle() && (key == null || !c.key().equals(key)) && (oldest == null || c.idleSince() < oldest.idleSince())) {
                oldest = c;
            }
        }
        return oldest;
    }

    /** Closes the oldest idle connections beyond maxKeepAlive overall and maxIdlePerKey for {@code key}. */
    private void trimIdle(PoolKey key, Work work) {
        while (true) {
            int idle = 0;
            int idleForKey = 0;
            PooledConnection oldest = null;
            PooledConnection oldestForKey = null;
            for (PooledConnection c : connections) {
                if (!c.isIdle()) {
                    continue;
                }
                idle++;
                if (oldest == null || c.idleSince() < oldest.idleSince()) {
                    oldest = c;
                }
                if (c.key().equals(key)) {
                    idleForKey++;
                    if (oldestForKey == null || c.idleSince() < oldestForKey.idleSince()) {
                        oldestForKey = c;
                    }
                }
            }
            PooledConnection surplus = idleForKey > maxIdlePerKey ? oldestForKey
                    : idle > limits.maxKeepAliveConnections() ? oldest : null;
            if (surplus == null) {
                return;
            }
            connections.remove(surplus);
            work.close.add(surplus);
        }
    }

    /**
     * Makes sure one sweep is scheduled while idle connections exist: at the moment the oldest of
     * them expires. One timer per pool, not one per release (a busy pool releases thousands of
     * times a second). Lock held.
     */
    private void scheduleExpiry() {
        if (sweepScheduled || closed) {
            return;
        }
        long oldest = Long.MAX_VALUE;
        for (PooledConnection c : connections) {
            if (c.isIdle()) {
                oldest = Math.min(oldest, c.idleSince());
            }
        }
        if (oldest == Long.MAX_VALUE) {
            return;
        }
        long delay = oldest + limits.keepAliveExpiry().toNanos() - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        sweepScheduled = true;
        timer.schedule(this::sweep, Math.max(delay, 0), TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        Work work = new Work();
        lock.lock();
        try {
            sweepScheduled = false;
            if (closed) {
                return;
            }
            assign(work);
            scheduleExpiry();
        } finally {
            lock.unlock();
        }
        work.run();
    }

    private void withdraw(PoolRequest request) {
        lock.lock();
        try {
            waiting.remove(request);
        } finally {
            lock.unlock();
        }
        cancelTimeout(request);
    }

    private void timeOut(PoolRequest request, Duration poolTimeout) {
        boolean removed;
        lock.lock();
        try {
            removed = waiting.remove(request);
        } finally {
            lock.unlock();
        }
        if (removed) {
            request.future.completeExceptionally(new PoolTimeoutException("No connection to " + request.key
                    + " became free within the pool timeout (" + poolTimeout.toMillis() + " ms); every one of the "
                    + limits.maxConnections() + " allowed is busy: raise Limits or lower concurrency", null));
        }
    }

    private void startOpen(PoolRequest request) {
        opener.open(request.key, request.connectTimeout).whenComplete((connection, failure) -> {
            Work work = new Work();
            lock.lock();
            try {
                connecting--;
                if (connection != null) {
                    if (closed) {
                        work.close.add(connection);
                    } else {
                        connections.add(connection);
                        connection.markInUse();
                        if (request.future.isDone()) {
                            // The request gave up while we connected: the connection serves whoever waits next.
                            connection.markIdle(System.nanoTime());
                            scheduleExpiry();
                        } else {
                            work.lend.add(new Object[] {request, connection});
                        }
                    }
                }
                assign(work);
            } finally {
                lock.unlock();
            }
            if (failure != null) {
                request.future.completeExceptionally(failure);
            }
            work.run();
        });
    }

    private static void cancelTimeout(PoolRequest request) {
        if (request.timeout != null) {
            request.timeout.cancel(false);
        }
    }
}
