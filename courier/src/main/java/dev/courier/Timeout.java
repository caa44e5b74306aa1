package dev.courier;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each phase of a request may take: connect, read (between bytes), write, waiting for a
 * pooled connection, and optionally a total deadline for the whole request.
 *
 * <p>A null phase means no limit, and so does one longer than 146 years (such as
 * {@code ChronoUnit.FOREVER.getDuration()}), which reads back as null. The default is httpx's: 5 seconds for each phase, no total.
 * Set it on the client, or per request through {@code RequestOptions.timeout}.
 *
 * <pre>{@code
 * Timeout.of(Duration.ofSeconds(10));                                   // every phase 10 s
 * Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(2)); // but connect 2 s
 * Timeout.none().withTotal(Duration.ofMinutes(1));                      // only a deadline
 * }</pre>
 */
public final class Timeout {
    // First: the constants below are built through check(), which reads it.
    private static final Duration UNLIMITED_BEYOND = Duration.ofNanos(1L << 62);

    /** Five seconds for connect, read, write and pool; no total deadline. */
    public static final Timeout DEFAULT = of(Duration.ofSeconds(5));

    private static final Timeout NONE = new Timeout(null, null, null, null, null);

    private final Duration connect;
    private final Duration read;
    private final Duration write;
    private final Duration pool;
    private final Duration total;

    private Timeout(Duration connect, Duration read, Duration write, Duration pool, Duration total) {
        this.connect = check(connect, "connect");
        this.read = check(read, "read");
        this.write = check(write, "write");
        this.pool = check(pool, "pool");
        this.total = check(total, "total");
    }

    /** The same limit for connect, read, write and pool; no total deadline. */
    public static Timeout of(Duration everyPhase) {
        Objects.requireNonNull(everyPhase, "everyPhase (use Timeout.none() for no limit)");
        return new Timeout(everyPhase, everyPhase, everyPhase, everyPhase, null);
    }

    /** No limit on any phase. */
    public static Timeout none() {
        return NONE;
    }

    /** This timeout with another connect limit (null: none). */
    public Timeout withConnect(Duration connect) {
        return new Timeout(connect, read, write, pool, total);
    }

    /** This timeout with another read limit, measured between bytes (null: none). */
    public Timeout withRead(Duration read) {
        return new Timeout(connect, read, write, pool, total);
    }

    /** This timeout with another write limit (null: none). */
    public Timeout withWrite(Duration write) {
        return new Timeout(connect, read, write, pool, total);
    }

    /** This timeout with another limit on waiting for a pooled connection (null: none). */
    public Timeout withPool(Duration pool) {
        return new Timeout(connect, read, write, pool, total);
    }

    /**
     * This timeout with a deadline for the whole request (null: none): counted from the call's
     * start across its redirects, retries and auth round trips, and covering the body. A
     * transport sees, on each send after the first, what is left of it, whether the timeout was
     * set on the request or in its {@code "timeout"} extension.
     */
    public Timeout withTotal(Duration total) {
        return new Timeout(connect, read, write, pool, total);
    }

    /** The connect limit, or null for none. */
    public Duration connect() {
        return connect;
    }

    /** The read limit between bytes, or null for none. */
    public Duration read() {
        return read;
    }

    /** The write limit, or null for none. */
    public Duration write() {
        return write;
    }

    /** The limit on waiting for a pooled connection, or null for none. */
    public Duration pool() {
        return pool;
    }

    /** The deadline for the whole request (across its redirects and retries), or null for none. */
    public Duration total() {
        return total;
    }

    private static Duration check(Duration d, String phase) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("Timeout " + phase + " must be positive, or null for no limit: " + d);
        }
        // Deadlines are nanosecond clock readings: past 2^62 ns (146 years) they could overflow.
        return d != null && d.compareTo(UNLIMITED_BEYOND) > 0 ? null : d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timeout t && Objects.equals(t.connect, connect) && Objects.equals(t.read, read)
                && Objects.equals(t.write, write) && Objects.equals(t.pool, pool) && Objects.equals(t.total, total);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connect, read, write, pool, total);
    }

    @Override
    public String toString() {
        return "Timeout[connect=" + connect + ", read=" + read + ", write=" + write + ", pool=" + pool
                + ", total=" + total + "]";
    }
}
