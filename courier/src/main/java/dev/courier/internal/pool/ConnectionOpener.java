package dev.courier.internal.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens a new connection for a key: DNS, TCP, TLS, protocol. The pool calls it outside its lock. */
public interface ConnectionOpener {
    /**
     * Opens a connection for {@code key} within {@code connectTimeout} (null: no limit), reporting its
     * DNS, connect and TLS steps to {@code events}. The opener tells the pool when the connection
     * closes, through {@link ConnectionPool#onClosed}.
     */
    CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout, ConnectionEvents events);

    /**
     * True when a new connection for {@code key} may turn out to be HTTP/2 (h2 offered by ALPN, or
     * h2c by prior knowledge): while one is opening, other requests for the key wait for it rather
     * than open connections of their own.
     */
    boolean mayMultiplex(PoolKey key);
}
