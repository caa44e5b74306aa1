package dev.courier.internal.pool;

import dev.courier.Limits;
import dev.courier.PoolTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p>The function serves waiting requests in order: a
 * connection for the same key with room for another exchange (an HTTP/2 connection below the
 * server's stream limit, or an idle HTTP/1.1 one); else, while a connection that may turn out to be
 * HTTP/2 is opening for the key, nothing (the request waits to share it); else a new connection
 * while under {@code maxConnections}; else a new one in place of an idle connection of another key.
 * It returns the work to do (connections to close or open, futures to complete, opens nobody needs
 * any more to cancel) so that no I/O and no user callback runs under the lock. A request that waits
 * longer than its pool timeout fails with {@link PoolTimeoutException}. Expired idle connections are
 * closed by one timer per pool, and skipped when found on the way.
 *
 * <p>The common case costs O(1): a request with nobody waiting ahead of it takes the most recently
 * used idle connection of its key (or a multiplexed one with room) at once, and a release files the
 * connection in its key's idle stack and in the pool's least-recently-used order, from which the
 * keep-alive limits trim.
 *
 * <p>The pool learns which keys answered HTTP/1.1 to an h2 offer, so that later bursts to them open
 * connections in parallel instead of waiting on one.
 */
public final class ConnectionPool {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<PooledConnection> connections = new ArrayList<>();
    /** The same connections by key, so that a lookup for one origin never scans the others. */
    private final Map<PoolKey, KeyConnections> byKey = new HashMap<>();
    /** Idle connections, least recently used first. */
    private final LinkedHashSet<PooledConnection> idle = new LinkedHashSet<>();
    private final ArrayDeque<PoolRequest> waiting = new ArrayDeque<>();
    private final Limits limits;
    private final int maxIdlePerKey;
    private final ConnectionOpener opener;
    private final ScheduledExecutorService timer;
    private int connecting;
    /** Connections opening per key that may turn out to be HTTP/2. */
    private final Map<PoolKey, Integer> openingMultiplexed = new HashMap<>();
    /**
     * The requests whose open is in progress, by key. An open may outlive its request (kept for
     * another waiting for the key), so giving up must find it among the key's opens, not through
     * the request giving up.
     */
    private final Map<PoolKey, List<PoolRequest>> openingFor = new HashMap<>();
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
        // Allocated on first use: most calls have nothing to do after the lock.
        private List<PooledConnection> close;
        private List<PoolRequest> open;
        private List<Object[]> lend;
        private List<CompletableFuture<PooledConnection>> cancel;

        void close(PooledConnection c) {
            (close == null ? close = new ArrayList<>(2) : close).add(c);
        }

        void open(PoolRequest request) {
            (open == null ? open = new ArrayList<>(2) : open).add(request);
        }

        void lend(PoolRequest request, PooledConnection c) {
            (lend == null ? lend = new ArrayList<>(2) : lend).add(new Object[] {request, c});
        }

        /** Opens nobody needs any more, from {@link #abandonOpens} (null when none). */
        void cancel(List<CompletableFuture<PooledConnection>> opens) {
            if (opens != null) {
                (cancel == null ? cancel = new ArrayList<>(opens.size()) : cancel).addAll(opens);
            }
        }

        void run() {
            // First: an opener that throws below must not leave an abandoned open connecting.
            cancelAll(cancel);
            if (close != null) {
                for (PooledConnection c : close) {
                    c.close();
                }
            }
            if (lend != null) {
                for (Object[] pair : lend) {
                    PoolRequest request = (PoolRequest) pair[0];
                    PooledConnection connection = (PooledConnection) pair[1];
                    cancelTimeout(request);
                    if (!request.future.complete(connection)) {
                        release(connection, true);
                    }
                }
            }
            if (open != null) {
                for (PoolRequest request : open) {
                    cancelTimeout(request);
                    startOpen(request);
                }
            }
        }
    }

    /** One key's connections: all of them, the idle ones most recently used first, and the multiplexed ones. */
    private static final class KeyConnections {
        // A set: every release asks whether the connection is still in the pool.
        final Set<PooledConnection> all = new HashSet<>(8);
        final ArrayDeque<PooledConnection> idle = new ArrayDeque<>(4);
        /** Those that carried more than one exchange at a time when last seen (HTTP/2): searched for room first. */
        final List<PooledConnection> multiplexed = new ArrayList<>(1);
    }

    /**
     * A connection for {@code key}, counted in use for one exchange: one with room, or a new one
     * ({@code freshOnly} insists on new). A connection opened for this request reports its steps to
     * {@code events}. Cancelling the future withdraws the request.
     */
    public CompletableFuture<PooledConnection> acquire(PoolKey key, boolean freshOnly, Duration poolTimeout,
            Duration connectTimeout, ConnectionEvents events) {
        Work work = new Work();
        PoolRequest request = null;
        PooledConnection ready = null;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("The transport is closed"));
            }
            if (!freshOnly && waiting.isEmpty()) {
                // Nobody ahead: take a connection with room at once, if there is one.
                ready = availableFor(key, System.nanoTime(), work);
                if (ready != null) {
                    take(ready);
                }
            }
            if (ready == null) {
                request = new PoolRequest(key, freshOnly, connectTimeout, events);
                waiting.add(request);
                assign(work);
                if (waiting.contains(request) && poolTimeout != null) {
                    PoolRequest timed = request;
                    request.timeout = timer.schedule(() -> timeOut(timed, poolTimeout), poolTimeout.toNanos(),
                            TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            lock.unlock();
        }
        if (ready != null) {
            work.run();
            return CompletableFuture.completedFuture(ready);
        }
        PoolRequest waiter = request;
        waiter.future.whenComplete((c, e) -> {
            if (waiter.future.isCancelled()) {
                withdraw(waiter);
            }
        });
        work.run();
        return waiter.future;
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
                work.close(connection);
            } else if (connection.usage().isIdle()) {
                if (connection.isRetired() || limits.keepAliveExpiry().isZero()) {
                    remove(connection);
                    work.close(connection);
                } else if (markIdle(connection)) {
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
                work.close(connection);
            } else if (connection.capacity() > 1) {
                KeyConnections same = byKey.get(connection.key());
                if (same != null && same.all.contains(connection) && !same.multiplexed.contains(connection)) {
                    same.multiplexed.add(connection);
                }
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
            int open = connections.size() + connecting;
            return new int[] {open, idle.size(), open - idle.size(), waiting.size()};
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every connection, cancels every open in progress and fails every request waiting for a
     * connection, those whose open was under way included, with {@link #closedWhileWaiting()}.
     */
    public void close() {
        List<PooledConnection> toClose;
        List<PoolRequest> toFail;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayList<>(connections);
            connections.clear();
            byKey.clear();
            idle.clear();
            toFail = new ArrayList<>(waiting);
            waiting.clear();
            // A request whose open is under way has left the waiting queue: without this, it would
            // wait for a connection the closed pool throws away, and a stalled handshake would hold
            // its socket until the connect timeout.
            for (List<PoolRequest> opening : openingFor.values()) {
                toFail.addAll(opening);
            }
            openingFor.clear();
        } finally {
            lock.unlock();
        }
        for (PoolRequest r : toFail) {
            cancelTimeout(r);
            r.future.completeExceptionally(closedWhileWaiting());
            if (r.opening != null) {
                r.opening.cancel(false);
            }
        }
        for (PooledConnection c : toClose) {
            c.close();
        }
    }

    /** What a request waiting for a connection, or for one to open, gets when the pool closes. */
    private static IllegalStateException closedWhileWaiting() {
        return new IllegalStateException("The transport was closed while waiting for a connection");
    }

    // ---- everything below runs with the lock held, except startOpen, withdraw, timeOut and cancelAll ----

    private void assign(Work work) {
        if (waiting.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<PoolKey> servedWhileOpening = null;
        for (Iterator<PoolRequest> it = waiting.iterator(); it.hasNext(); ) {
            PoolRequest request = it.next();
            if (request.future.isDone()) {
                it.remove();
                continue;
            }
            PooledConnection available = request.freshOnly ? null : availableFor(request.key, now, work);
            if (available != null) {
                it.remove();
                take(available);
                work.lend(request, available);
                servedWhileOpening = servedWhileOpening(request, servedWhileOpening);
            } else if (!request.freshOnly && openingMultiplexed.containsKey(request.key)) {
                // Wait: the connection opening may carry this request too.
                continue;
            } else if (connections.size() + connecting < limits.maxConnections()) {
                it.remove();
                startOpening(request, work);
                servedWhileOpening = servedWhileOpening(request, servedWhileOpening);
            } else {
                PooledConnection victim = idleOtherThan(request.freshOnly ? null : request.key);
                if (victim != null) {
                    remove(victim);
                    work.close(victim);
                    it.remove();
                    startOpening(request, work);
                    servedWhileOpening = servedWhileOpening(request, servedWhileOpening);
                }
            }
        }
        if (servedWhileOpening != null) {
            // Once the whole queue is served: a later request for the same key still waiting keeps the opens.
            for (PoolKey key : servedWhileOpening) {
                work.cancel(abandonOpens(key));
            }
        }
    }

    /**
     * {@code served} with the key of {@code request}, which left the waiting queue served (lent a
     * connection or given an open of its own), when opens for that key are in progress: one of them
     * may have been kept for it (see {@link #abandonOpens}) and be nobody's now. Costs nothing while
     * no open is in progress, the usual case. Lock held.
     */
    private List<PoolKey> servedWhileOpening(PoolRequest request, List<PoolKey> served) {
        // A fresh-only request keeps no open going (abandonOpens does not count it), so its leaving changes nothing.
        if (request.freshOnly || openingFor.isEmpty() || !openingFor.containsKey(request.key)) {
            return served;
        }
        if (served == null) {
            served = new ArrayList<>(1);
        }
        if (!served.contains(request.key)) {
            served.add(request.key);
        }
        return served;
    }

    private void startOpening(PoolRequest request, Work work) {
        connecting++;
        request.multiplexCandidate = !knownHttp1.contains(request.key) && opener.mayMultiplex(request.key);
        if (request.multiplexCandidate) {
            openingMultiplexed.merge(request.key, 1, Integer::sum);
        }
        work.open(request);
    }

    /**
     * A connection for {@code key} with room for one more exchange: a busy multiplexed one first (so
     * streams share a connection rather than spread over idle ones), else the most recently used idle
     * one, the likeliest to still be open at the server. Idle ones found closed or expired on the way
     * are dropped (closed by {@code work}).
     */
    private PooledConnection availableFor(PoolKey key, long now, Work work) {
        KeyConnections same = byKey.get(key);
        if (same == null) {
            return null;
        }
        for (PooledConnection c : same.multiplexed) {
            ConnectionUsage u = c.usage();
            if (!u.isIdle() && u.inUse() < c.capacity() && !c.isClosed() && !c.isRetired()) {
                return c;
            }
        }
        PooledConnection found = null;
        List<PooledConnection> dead = null;
        long expiry = limits.keepAliveExpiry().toNanos();
        for (PooledConnection c : same.idle) {
            if (c.isClosed() || now - c.usage().idleSince() >= expiry) {
                (dead == null ? dead = new ArrayList<>(2) : dead).add(c);
            } else if (!c.isRetired() && c.capacity() > 0) {
                found = c;
                break;
            }
        }
        if (dead != null) {
            for (PooledConnection c : dead) {
                remove(c);
                if (!c.isClosed()) {
                    work.close(c);
                }
            }
        }
        return found;
    }

    /** Counts one more exchange on {@code c}, which leaves the idle sets if it was idle. */
    private void take(PooledConnection c) {
        if (c.usage().isIdle() && idle.remove(c)) {
            KeyConnections same = byKey.get(c.key());
            if (same != null) {
                same.idle.removeFirstOccurrence(c);
            }
        }
        c.usage().acquire();
    }

    /** Files an idle connection as the most recently used, of its key and of the pool; false if not in the pool. */
    private boolean markIdle(PooledConnection c) {
        KeyConnections same = byKey.get(c.key());
        if (same == null || !same.all.contains(c)) {
            return false;
        }
        if (idle.add(c)) {
            same.idle.addFirst(c);
        }
        return true;
    }

    /** The least recently used idle connection of another key than {@code key} (any key when null). */
    private PooledConnection idleOtherThan(PoolKey key) {
        for (PooledConnection c : idle) {
            if (key == null || !c.key().equals(key)) {
                return c;
            }
        }
        return null;
    }

    /** Closes the oldest idle connections beyond maxIdlePerKey for {@code key} and maxKeepAlive overall. */
    private void trimIdle(PoolKey key, Work work) {
        KeyConnections same = byKey.get(key);
        while (same != null && same.idle.size() > maxIdlePerKey) {
            PooledConnection surplus = same.idle.peekLast();
            remove(surplus);
            work.close(surplus);
        }
        while (idle.size() > limits.maxKeepAliveConnections()) {
            PooledConnection surplus = idle.iterator().next();
            remove(surplus);
            work.close(surplus);
        }
    }

    /** Closes idle connections past the keep-alive expiry, oldest first. */
    private void evictExpired(Work work) {
        long now = System.nanoTime();
        long expiry = limits.keepAliveExpiry().toNanos();
        while (!idle.isEmpty()) {
            PooledConnection oldest = idle.iterator().next();
            if (!oldest.isClosed() && now - oldest.usage().idleSince() < expiry) {
                return;
            }
            remove(oldest);
            if (!oldest.isClosed()) {
                work.close(oldest);
            }
        }
    }

    private void add(PooledConnection c) {
        connections.add(c);
        KeyConnections same = byKey.computeIfAbsent(c.key(), k -> new KeyConnections());
        same.all.add(c);
        if (c.capacity() > 1) {
            same.multiplexed.add(c);
        }
    }

    /** Removes {@code c} from the pool; false when it was not in it. */
    private boolean remove(PooledConnection c) {
        KeyConnections same = byKey.get(c.key());
        if (same == null || !same.all.remove(c)) {
            return false;
        }
        connections.remove(c);
        same.multiplexed.remove(c);
        if (idle.remove(c)) {
            same.idle.removeLastOccurrence(c);
        }
        if (same.all.isEmpty()) {
            byKey.remove(c.key());
        }
        return true;
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
        if (idle.isEmpty()) {
            return;
        }
        long oldest = idle.iterator().next().usage().idleSince();
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
            evictExpired(work);
            assign(work);
            scheduleExpiry();
        } finally {
            lock.unlock();
        }
        work.run();
    }

    private void withdraw(PoolRequest request) {
        List<CompletableFuture<PooledConnection>> abandoned;
        lock.lock();
        try {
            waiting.remove(request);
            abandoned = abandonOpens(request.key);
        } finally {
            lock.unlock();
        }
        cancelTimeout(request);
        cancelAll(abandoned);
    }

    /**
     * The opens for {@code key} to cancel now that a request for it gave up (withdrawn, timed out in
     * the pool, or found cancelled as its open starts) or that {@link #assign} served one waiting for
     * it otherwise, with a connection that became free or an open of its own (null when none): every
     * one still in progress whose own request gave up, unless a request that may take a shared
     * connection still waits for the key (the opens go on and serve it instead). A connect or TLS
     * handshake the server stalls may last the whole connect timeout: left to run for nobody, it
     * would hold a pool slot and a socket all that time (RELIABILITY §1.10, cancel during connect).
     * All of the key's opens, not only that of the request giving up: one kept for a waiter that
     * has now given up too, or been served another way, would otherwise run for nobody, with no
     * request left to cancel it. Lock held.
     */
    private List<CompletableFuture<PooledConnection>> abandonOpens(PoolKey key) {
        List<PoolRequest> inProgress = openingFor.get(key);
        if (inProgress == null) {
            return null;
        }
        for (PoolRequest other : waiting) {
            if (!other.freshOnly && other.key.equals(key) && !other.future.isDone()) {
                return null;
            }
        }
        List<CompletableFuture<PooledConnection>> abandoned = null;
        for (PoolRequest r : inProgress) {
            // Cancelled outside the lock, so two withdrawals may both list an open: cancelling twice is harmless.
            if (r.future.isDone() && !r.opening.isDone()) {
                (abandoned == null ? abandoned = new ArrayList<>(2) : abandoned).add(r.opening);
            }
        }
        return abandoned;
    }

    private static void cancelAll(List<CompletableFuture<PooledConnection>> opens) {
        if (opens != null) {
            for (CompletableFuture<PooledConnection> open : opens) {
                open.cancel(false);
            }
        }
    }

    private void timeOut(PoolRequest request, Duration poolTimeout) {
        boolean removed;
        List<CompletableFuture<PooledConnection>> abandoned = null;
        lock.lock();
        try {
            removed = waiting.remove(request);
            if (removed) {
                // It may have been the one an open whose request gave up was kept for.
                abandoned = abandonOpens(request.key);
            }
        } finally {
            lock.unlock();
        }
        cancelAll(abandoned);
        if (removed) {
            request.future.completeExceptionally(new PoolTimeoutException("No connection to " + request.key
                    + " became free within the pool timeout (" + poolTimeout.toMillis() + " ms); every one of the "
                    + limits.maxConnections() + " allowed is busy: raise Limits or lower concurrency", null));
        }
    }

    /**
     * Opens a connection for {@code request}, which left the waiting queue for it. Once the pool is
     * closed, the open is cancelled and the request fails with {@link #closedWhileWaiting()}, however
     * the open ends: a connection that arrives anyway is closed.
     */
    private void startOpen(PoolRequest request) {
        CompletableFuture<PooledConnection> opening = opener.open(request.key, request.connectTimeout, request.events);
        opening.whenComplete((connection, failure) -> {
            Work work = new Work();
            List<PoolRequest> sharers = List.of();
            boolean poolClosed;
            lock.lock();
            try {
                poolClosed = closed;
                connecting--;
                List<PoolRequest> inProgress = openingFor.get(request.key);
                if (inProgress != null && inProgress.remove(request) && inProgress.isEmpty()) {
                    openingFor.remove(request.key);
                }
                if (request.multiplexCandidate) {
                    openingMultiplexed.computeIfPresent(request.key, (k, n) -> n == 1 ? null : n - 1);
                    if (failure != null && !opening.isCancelled() && !openingMultiplexed.containsKey(request.key)) {
                        // Those waiting to share the connection share its failure, rather than each
                        // trying (and timing out) in turn. Not so when the pool cancelled the open
                        // itself: that failed nobody, and assign() opens them a connection of their own.
                        sharers = withdrawSharers(request.key);
                        if (!sharers.isEmpty()) {
                            // They leave the queue failed: an open kept for them is nobody's now.
                            work.cancel(abandonOpens(request.key));
                        }
                    }
                }
                if (connection != null) {
                    request.events.opened(connection);
                    if (connection.capacity() == 1 && request.multiplexCandidate) {
                        knownHttp1.add(request.key);
                    }
                    if (poolClosed) {
                        work.close(connection);
                    } else {
                        add(connection);
                        if (request.future.isDone()) {
                            // The request gave up while we connected: the connection serves whoever waits next.
                            markIdle(connection);
                            scheduleExpiry();
                        } else {
                            connection.usage().acquire();
                            work.lend(request, connection);
                        }
                    }
                }
                assign(work);
            } finally {
                lock.unlock();
            }
            if (poolClosed) {
                // The open's own end (a channel closed by the event loops' shutdown, a cancellation)
                // is not what happened to the request: the transport was closed under it.
                request.future.completeExceptionally(closedWhileWaiting());
            } else if (failure != null) {
                request.future.completeExceptionally(failure);
                for (PoolRequest sharer : sharers) {
                    cancelTimeout(sharer);
                    sharer.future.completeExceptionally(failure);
                }
            }
            work.run();
        });
        List<CompletableFuture<PooledConnection>> abandoned;
        boolean poolClosed;
        lock.lock();
        try {
            request.opening = opening;
            poolClosed = closed;
            // Not once done: its whenComplete may already have run, and nothing would take it out
            // again. Nor once closed: close() has taken the opens it will cancel, and this one is
            // cancelled below.
            if (!opening.isDone() && !poolClosed) {
                openingFor.computeIfAbsent(request.key, k -> new ArrayList<>(2)).add(request);
            }
            // Cancelled before its open started: its withdrawal found nothing to cancel then.
            abandoned = request.future.isCancelled() ? abandonOpens(request.key) : null;
        } finally {
            lock.unlock();
        }
        if (poolClosed) {
            // Closed between leaving the queue and here: close() found the request in neither.
            request.future.completeExceptionally(closedWhileWaiting());
            opening.cancel(false);
        }
        cancelAll(abandoned);
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
