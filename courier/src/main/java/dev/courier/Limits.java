package dev.courier;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection pool's limits: how many connections may be open, how many idle ones are kept, and
 * for how long an idle connection is kept.
 *
 * <p>The default is httpx's: 100 connections, 20 kept alive, 5 seconds keep-alive expiry. A request
 * that finds every connection busy waits up to {@link Timeout#pool()} for one.
 *
 * <pre>{@code
 * AsyncClient.builder().limits(Limits.of(200, 50).withKeepAliveExpiry(Duration.ofSeconds(30)));
 * }</pre>
 */
public final class Limits {
    /** 100 connections, 20 kept alive for 5 seconds. */
    public static final Limits DEFAULT = of(100, 20);

    private final int maxConnections;
    private final int maxKeepAliveConnections;
    private final Duration keepAliveExpiry;

    private Limits(int maxConnections, int maxKeepAliveConnections, Duration keepAliveExpiry) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxKeepAliveConnections < 0 || maxKeepAliveConnections > maxConnections) {
            throw new IllegalArgumentException("maxKeepAliveConnections must be between 0 and maxConnections ("
                    + maxConnections + "): " + maxKeepAliveConnections);
        }
        Objects.requireNonNull(keepAliveExpiry, "keepAliveExpiry");
        if (keepAliveExpiry.isNegative()) {
            throw new IllegalArgumentException("keepAliveExpiry must not be negative: " + keepAliveExpiry);
        }
        this.maxConnections = maxConnections;
        this.maxKeepAliveConnections = maxKeepAliveConnections;
        this.keepAliveExpiry = keepAliveExpiry;
    }

    /** At most {@code maxConnections} open, {@code maxKeepAliveConnections} of them kept idle for 5 seconds. */
    public static Limits of(int maxConnections, int maxKeepAliveConnections) {
        return new Limits(maxConnections, maxKeepAliveConnections, Duration.ofSeconds(5));
    }

    /** These limits with another keep-alive expiry (zero: idle connections are closed at once). */
    public Limits withKeepAliveExpiry(Duration keepAliveExpiry) {
        return new Limits(maxConnections, maxKeepAliveConnections, keepAliveExpiry);
    }

    /** The most connections open at once, across all origins. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The most idle connections kept for reuse. */
    public int maxKeepAliveConnections() {
        return maxKeepAliveConnections;
    }

    /** How long an idle connection is kept before it is closed. */
    public Duration keepAliveExpiry() {
        return keepAliveExpiry;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l && l.maxConnections == maxConnections
                && l.maxKeepAliveConnections == maxKeepAliveConnections && l.keepAliveExpiry.equals(keepAliveExpiry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, maxKeepAliveConnections, keepAliveExpiry);
    }

    @Override
    public String toString() {
        return "Limits[maxConnections=" + maxConnections + ", maxKeepAliveConnections=" + maxKeepAliveConnections
                + ", keepAliveExpiry=" + keepAliveExpiry + "]";
    }
}
