package dev.courier.internal.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens a new connection for a key: DNS, TCP, TLS. The pool calls it outside its lock. */
@FunctionalInterface
public interface ConnectionOpener {
    /**
     * Opens a connection for {@code key} within {@code connectTimeout} (null: no limit). The opener
     * tells the pool when the connection closes, through {@link ConnectionPool#onClosed}.
     */
    CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout);
}
