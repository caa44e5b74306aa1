package dev.courier.internal.pool;

/**
 * How many exchanges a connection carries now, and since when it has carried none. The pool
 * changes it under its lock; anyone may read it.
 */
public final class ConnectionUsage {
    private volatile int inUse;
    private volatile long idleSince = System.nanoTime();

    /** One more exchange. Pool lock held. */
    void acquire() {
        inUse++;
    }

    /** One exchange fewer, at {@code nanoTime}. Pool lock held. */
    void release(long nanoTime) {
        if (inUse > 0 && --inUse == 0) {
            idleSince = nanoTime;
        }
    }

    /** Exchanges in progress. */
    public int inUse() {
        return inUse;
    }

    /** True when no exchange is in progress. */
    public boolean isIdle() {
        return inUse == 0;
    }

    /** When the last exchange ended ({@link System#nanoTime()}). */
    public long idleSince() {
        return idleSince;
    }

    @Override
    public String toString() {
        return inUse == 0 ? "idle" : inUse + " in use";
    }
}
