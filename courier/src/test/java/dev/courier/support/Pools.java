package dev.courier.support;

import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;

/** Pool accounting for transport tests: every test ends with no connection in use. */
public final class Pools {
    private Pools() {}

    /**
     * Waits (bounded, up to 5 s) until no connection is in use and nobody waits, and returns the
     * stats then; connections are released on the I/O thread just after a body ends or fails.
     */
    public static PoolStats awaitQuiet(HttpTransport transport) {
        PoolStats stats = transport.poolStats();
        for (int i = 0; i < 500 && (stats.inUse() > 0 || stats.waiting() > 0); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            stats = transport.poolStats();
        }
        return stats;
    }
}
