package dev.courier.internal.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A request waiting for a connection: completes with the connection the pool lends it. */
final class PoolRequest {
    final PoolKey key;
    final boolean freshOnly;
    final Duration connectTimeout;
    /** Told about the connection opened for this request, if one is. */
    final ConnectionEvents events;
    final CompletableFuture<PooledConnection> future = new CompletableFuture<>();
    ScheduledFuture<?> timeout;
    /** Set when the connection opened for it may be HTTP/2, so others wait to share it. Pool lock held. */
    boolean multiplexCandidate;
    /**
     * The open started for it, once started. Written under the pool lock, before the request joins
     * the pool's opens in progress: whoever takes it from there under the lock may read it after.
     */
    CompletableFuture<PooledConnection> opening;

    PoolRequest(PoolKey key, boolean freshOnly, Duration connectTimeout, ConnectionEvents events) {
        this.key = key;
        this.freshOnly = freshOnly;
        this.connectTimeout = connectTimeout;
        this.events = events;
    }
}
