package dev.courier.internal.pool;

import dev.courier.Limits;
import dev.courier.PoolTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection pool: open connections, requests waiting for one, and a single assignment function
 * that runs under one lock (httpcore's {@code _assign_requests_to_connections}).
 *
 * <p>The function evicts closed and expired connections, then serves waiting requests in order: a
 * connection for the same key with room for another exchange (an HTTP/2 connection below the
 * server's stream limit, or an idle HTTP/1.1 one); else, while a connection that may turn out to be
 * HTTP/2 is opening for the key, nothing (the request waits to share it); else a new connection
 * while under {@code maxConnections}; else a new one in place of an idle connection of another key.
 * It returns the work to do (connections to close or open, futures to complete) so that no I/O and
 * no user callback runs under the lock. A request that waits longer than its pool timeout fails
 * with {@link PoolTimeoutException}.
 *
 * <p>The pool learns which keys answered HTTP/1.1 to an h2 offer, so that later bursts to them open
 * connections in parallel instead of waiting on one.
 */
public final class ConnectionPool {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<PooledConnection> connections = new ArrayList<>();
    /** The same connections by key, so that a lookup for one origin never scans the others. */
    private final Map<PoolKey, List<PooledConnection>> byKey = new HashMap<>();
    private final ArrayDeque<PoolRequest> waiting = new ArrayDeque<>();
    private final Limits limits;
    private final int maxIdlePerKey;
    private final ConnectionOpener opener;
    private final ScheduledExecutorService timer;
    private int connecting;
    /** Connections opening per key that may turn out to be HTTP/2. */
    private final Map<PoolKey, Integer> openingMultiplexed = new HashMap<>();
    /** Keys whose servers chose HTTP/1.1 over h2 (bounded, least recently learned dropped). */
    private final Set<PoolKey> knownHttp1 = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PoolKey, Boolean> eldest) {
            return size() > 1024;
        }
    });
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
     * A connection for {@code key}, counted in use for one exchange: one with room, or a new one
     * ({@code freshOnly} insists on new).
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

    /**
     * An exchange on {@code connection} ended: the connection stays when {@code reusable}, else it is
     * closed. One left with no exchange is kept idle, unless it is retired or keep-alive is off.
     */
    public void release(PooledConnection connection, boolean reusable) {
        Work work = new Work();
        lock.lock();
        try {
            connection.usage().release(System.nanoTime());
            if (!reusable || closed || connection.isClosed()) {
                remove(connection);
                work.close.add(connection);
            } else if (connection.usage().isIdle()) {
                if (connection.isRetired() || limits.keepAliveExpiry().isZero()) {
                    remove(connection);
                    work.close.add(connection);
                } else {
                    trimIdle(connection.key(), work);
                    scheduleExpiry();
                }
            }
            assign(work);
        } finally {
            lock.unlock();
        }
        work.run();
    }

    /**
     * Called by a connection whose capacity changed (the server's SETTINGS) or that was retired
     * (GOAWAY): waiting requests may now fit, or it may be closed.
     */
    public void onCapacityChanged(PooledConnection connection) {
        Work work = new Work();
        lock.lock();
        try {
            if (connection.isRetired() && connection.usage().isIdle() && remove(connection)) {
                work.close.add(connection);
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
            remove(connection);
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
                if (c.usage().isIdle()) {
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
            byKey.clear();
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
                unindex(c);
            } else if (c.usage().isIdle() && now - c.usage().idleSince() >= expiry) {
                it.remove();
                unindex(c);
                work.close.add(c);
            }
        }
        for (Iterator<PoolRequest> it = waiting.iterator(); it.hasNext(); ) {
            PoolRequest request = it.next();
            if (request.future.isDone()) {
                it.remove();
                continue;
            }
            PooledConnection available = request.freshOnly ? null : availableFor(request.key);
            if (available != null) {
                it.remove();
                available.usage().acquire();
                work.lend.add(new Object[] {request, available});
            } else if (!request.freshOnly && openingMultiplexed.containsKey(request.key)) {
                // Wait: the connection opening may carry this request too.
                continue;
            } else if (connections.size() + connecting < limits.maxConnections()) {
                it.remove();
                startOpening(request, work);
            } else {
                PooledConnection victim = idleOtherThan(request.freshOnly ? null : request.key);
                if (victim != null) {
                    remove(victim);
                    work.close.add(victim);
                    it.remove();
                    startOpening(request, work);
                }
            }
        }
    }

    private void startOpening(PoolRequest request, Work work) {
        connecting++;
        request.multiplexCandidate = !knownHttp1.contains(request.key) && opener.mayMultiplex(request.key);
        if (request.multiplexCandidate) {
            openingMultiplexed.merge(request.key, 1, Integer::sum);
        }
        work.open.add(request);
    }

    /**
     * A connection for {@code key} with room for one more exchange: a busy multiplexed one first (so
     * streams share a connection rather than spread over idle ones), else the most recently used idle
     * one, the likeliest to still be open at the server.
     */
    private PooledConnection availableFor(PoolKey key) {
        PooledConnection best = null;
        for (PooledConnection c : byKey.getOrDefault(key, List.of())) {
            if (c.isClosed() || c.isRetired()) {
                continue;
            }
            ConnectionUsage u = c.usage();
            if (u.inUse() >= c.capacity()) {
                continue;
            }
            if (!u.isIdle()) {
                return c;
            }
            if (best == null || u.idleSince() > best.usage().idleSince()) {
                best = c;
            }
        }
        return best;
    }

    private PooledConnection idleOtherThan(PoolKey key) {
        PooledConnection oldest = null;
        for (PooledConnection c : connections) {
            if (c.usage().isIdle() && (key == null || !c.key().equals(key))
                    && (oldest == null || c.usage().idleSince() < oldest.usage().idleSince())) {
                oldest = c;
            }
        }
        return oldest;
    }

    /** Closes the oldest idle connections beyond maxKeepAlive overall and maxIdlePerKey for {@code key}. */
    private void trimIdle(PoolKey key, Work work) {
        PooledConnection surplus;
        while ((surplus = oldestIdleBeyond(byKey.getOrDefault(key, List.of()), maxIdlePerKey)) != null
                || (surplus = oldestIdleBeyond(connections, limits.maxKeepAliveConnections())) != null) {
            remove(surplus);
            work.close.add(surplus);
        }
    }

    /** The oldest idle connection of {@code among} when more than {@code allowed} of them are idle; else null. */
    private static PooledConnection oldestIdleBeyond(List<PooledConnection> among, int allowed) {
        int idle = 0;
        PooledConnection oldest = null;
        for (PooledConnection c : among) {
            if (c.usage().isIdle()) {
                idle++;
                if (oldest == null || c.usage().idleSince() < oldest.usage().idleSince()) {
                    oldest = c;
                }
            }
        }
        return idle > allowed ? oldest : null;
    }

    private void add(PooledConnection c) {
        connections.add(c);
        byKey.computeIfAbsent(c.key(), k -> new ArrayList<>(4)).add(c);
    }

    /** Removes {@code c} from the pool; false when it was not in it. */
    private boolean remove(PooledConnection c) {
        if (!connections.remove(c)) {
            return false;
        }
        unindex(c);
        return true;
    }

    private void unindex(PooledConnection c) {
        List<PooledConnection> same = byKey.get(c.key());
        if (same != null && same.remove(c) && same.isEmpty()) {
            byKey.remove(c.key());
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
            if (c.usage().isIdle()) {
                oldest = Math.min(oldest, c.usage().idleSince());
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
            List<PoolRequest> sharers = List.of();
            lock.lock();
            try {
                connecting--;
                if (request.multiplexCandidate) {
                    openingMultiplexed.computeIfPresent(request.key, (k, n) -> n == 1 ? null : n - 1);
                    if (failure != null && !openingMultiplexed.containsKey(request.key)) {
                        // Those waiting to share the connection share its failure, rather than each
                        // trying (and timing out) in turn.
                        sharers = withdrawSharers(request.key);
                    }
                }
                if (connection != null) {
                    if (connection.capacity() == 1 && request.multiplexCandidate) {
                        knownHttp1.add(request.key);
                    }
                    if (closed) {
                        work.close.add(connection);
                    } else {
                        add(connection);
                        if (request.future.isDone()) {
                            // The request gave up while we connected: the connection serves whoever waits next.
                            scheduleExpiry();
                        } else {
                            connection.usage().acquire();
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
                for (PoolRequest sharer : sharers) {
                    cancelTimeout(sharer);
                    sharer.future.completeExceptionally(failure);
                }
            }
            work.run();
        });
    }

    /** Removes the requests waiting for a connection for {@code key} that may share one. Lock held. */
    private List<PoolRequest> withdrawSharers(PoolKey key) {
        List<PoolRequest> out = new ArrayList<>();
        for (Iterator<PoolRequest> it = waiting.iterator(); it.hasNext(); ) {
            PoolRequest r = it.next();
            if (!r.freshOnly && r.key.equals(key)) {
                it.remove();
                out.add(r);
            }
        }
        return out;
    }

    private static void cancelTimeout(PoolRequest request) {
        if (request.timeout != null) {
            request.timeout.cancel(false);
        }
    }
}
