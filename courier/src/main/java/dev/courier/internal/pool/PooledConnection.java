package dev.courier.internal.pool;

import dev.courier.HttpVersion;
import dev.courier.internal.exchange.Exchange;

/**
 * A connection as the pool sees it: what it is for, how many exchanges it can carry at once, and
 * the state predicates the assignment function reads (httpcore's interface). An HTTP/1.1
 * connection carries one exchange at a time; an HTTP/2 connection as many as the server's
 * SETTINGS_MAX_CONCURRENT_STREAMS allows. The pool alone changes {@link #usage()}, under its lock.
 */
public interface PooledConnection {
    /** What the connection is for. */
    PoolKey key();

    /** The protocol it speaks. */
    HttpVersion httpVersion();

    /** True once the connection is closed, by either side. */
    boolean isClosed();

    /** How many exchanges it may carry at once now: 1 for HTTP/1.1, the peer's stream limit for HTTP/2. */
    int capacity();

    /**
     * True once it takes no new exchanges (an HTTP/2 GOAWAY arrived): those in progress finish, and
     * the pool closes it when the last one ends.
     */
    boolean isRetired();

    /** Exchanges in progress and idle time. */
    ConnectionUsage usage();

    /** Runs {@code exchange} on this connection (the pool has counted it in {@link #usage()}). Any thread. */
    void execute(Exchange exchange);

    /** Closes the connection; idempotent. */
    void close();
}
