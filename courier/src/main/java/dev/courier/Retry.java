package dev.courier;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A retry policy: how many times a failed request is sent again, how long to wait between tries,
 * and which responses count as failures.
 *
 * <p>By default nothing is retried (as in httpx). With retries on, connect failures are retried for
 * every method (nothing was sent), and read failures and the {@link #statuses()} only for idempotent
 * methods; a body that cannot be replayed is never sent twice. The wait grows from
 * {@code initialDelay} by {@code multiplier} up to {@code maxDelay}, with full jitter, and a
 * {@code Retry-After} header is honoured up to {@link #retryAfterCap()}.
 *
 * <pre>{@code
 * AsyncClient.builder().retry(Retry.of(3).withBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)));
 * }</pre>
 */
public final class Retry {
    private static final Set<Integer> DEFAULT_STATUSES = Set.of(429, 502, 503, 504);
    private static final Retry NONE = new Retry(0, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10),
            DEFAULT_STATUSES, Duration.ofSeconds(60));

    private final int maxRetries;
    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Set<Integer> statuses;
    private final Duration retryAfterCap;

    private Retry(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay,
            Set<Integer> statuses, Duration retryAfterCap) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        requireNonNegative(initialDelay, "initialDelay");
        requireNonNegative(maxDelay, "maxDelay");
        requireNonNegative(retryAfterCap, "retryAfterCap");
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1.0: " + multiplier);
        }
        for (int s : statuses) {
            if (s < 100 || s > 599) {
                throw new IllegalArgumentException("Not an HTTP status: " + s);
            }
        }
        this.maxRetries = maxRetries;
        this.initialDelay = initialDelay;
        this.multiplier = multiplier;
        this.maxDelay = maxDelay;
        this.statuses = Set.copyOf(statuses);
        this.retryAfterCap = retryAfterCap;
    }

    /** No retries. */
    public static Retry none() {
        return NONE;
    }

    /** Up to {@code maxRetries} retries, starting 100 ms apart and doubling up to 10 s. */
    public static Retry of(int maxRetries) {
        return new Retry(maxRetries, NONE.initialDelay, NONE.multiplier, NONE.maxDelay, NONE.statuses,
                NONE.retryAfterCap);
    }

    /** This policy with another backoff: the first wait, its growth per try, and the largest wait. */
    public Retry withBackoff(Duration initialDelay, double multiplier, Duration maxDelay) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap);
    }

    /** This policy retrying these response statuses (for idempotent requests) instead of 429, 502, 503, 504. */
    public Retry withStatuses(Set<Integer> statuses) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap);
    }

    /** This policy honouring {@code Retry-After} up to {@code cap}; a longer wait ends the retries. */
    public Retry withRetryAfterCap(Duration cap) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, cap);
    }

    /** The most retries after the first try. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before the first retry (before jitter). */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** How much each wait grows over the one before. */
    public double multiplier() {
        return multiplier;
    }

    /** The longest wait between tries (before jitter). */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** Response statuses retried for idempotent requests. */
    public Set<Integer> statuses() {
        return statuses;
    }

    /** The longest {@code Retry-After} honoured. */
    public Duration retryAfterCap() {
        return retryAfterCap;
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Retry r && r.maxRetries == maxRetries && r.initialDelay.equals(initialDelay)
                && Double.compare(r.multiplier, multiplier) == 0 && r.maxDelay.equals(maxDelay)
                && r.statuses.equals(statuses) && r.retryAfterCap.equals(retryAfterCap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap);
    }

    @Override
    public String toString() {
        return "Retry[maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", multiplier=" + multiplier
                + ", maxDelay=" + maxDelay + ", statuses=" + statuses + ", retryAfterCap=" + retryAfterCap + "]";
    }
}
