package dev.courier.transport;

/**
 * A snapshot of a transport's connection pool: connections open (including those still
 * connecting), idle, in use, and requests waiting for one.
 *
 * <pre>{@code
 * PoolStats s = transport.poolStats();
 * assert s.inUse() == 0 : "a response was not closed";
 * }</pre>
 *
 * @param open connections open or opening
 * @param idle connections idle in the pool
 * @param inUse connections carrying an exchange (or connecting for one)
 * @param waiting requests waiting for a connection
 */
public record PoolStats(int open, int idle, int inUse, int waiting) {
}
