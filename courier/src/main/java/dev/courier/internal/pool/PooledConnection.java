package dev.courier.internal.pool;

/**
 * A connection as the pool sees it: what it is for, and the state predicates the assignment
 * function reads (httpcore's interface). The pool alone changes the in-use/idle state, under its lock.
 */
public interface PooledConnection {
    /** What the connection is for. */
    PoolKey key();

    /** True once the connection is closed, by either side. */
    boolean isClosed();

    /** Marks the connection lent to one exchange. Pool lock held. */
    void markInUse();

    /** Marks the connection idle since {@code nanoTime}. Pool lock held. */
    void markIdle(long nanoTime);

    /** True when idle in the pool. */
    boolean isIdle();

    /** When the connection became idle ({@link System#nanoTime()}). */
    long idleSince();

    /** Closes the connection; idempotent. */
    void close();
}
