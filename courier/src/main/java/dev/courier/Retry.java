package dev.courier;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A retry policy: how many times a failed request is sent again, how long to wait between tries,
 * which responses count as failures, and how long all the tries together may take.
 *
 * <p>By default nothing is retried (as in httpx); turn retries on with
 * {@code AsyncClient.builder().retry(Retry.of(3))}. What is sent again:
 * <ul>
 *   <li>connect failures and connect timeouts ({@link ConnectFailedException} other than a TLS
 *       certificate failure, {@link ConnectTimeoutException}), for every method: nothing was sent;
 *   <li>read and write failures and timeouts ({@link ReadException}, {@link ReadTimeoutException},
 *       {@link WriteException}, {@link WriteTimeoutException}, and a connection closed before the
 *       response), only for idempotent requests ({@link Request#isIdempotent()}: GET, HEAD, OPTIONS,
 *       TRACE, PUT, DELETE, or a request marked idempotent or carrying an {@code Idempotency-Key});
 *   <li>responses with one of the {@link #statuses()} (429, 502, 503, 504 unless changed), only for
 *       idempotent requests; the response of an attempt that is retried is closed.
 * </ul>
 * A body that cannot be replayed ({@link RequestBody#isReplayable()}) is never sent twice, and
 * nothing else is retried (protocol errors, pool timeouts, the total timeout, cancellation).
 *
 * <p>The wait before retry {@code n} (from 0) is a random duration between zero and
 * {@code min(maxDelay, initialDelay * multiplier^n)} ("full jitter"), unless the response carries
 * a {@code Retry-After} header (seconds or an HTTP date), which is waited for instead; a
 * {@code Retry-After} longer than {@link #retryAfterCap()} ends the retries and returns that
 * response. A {@link #withDeadline deadline} bounds the attempts and waits together: a wait that
 * would end past it is not started (the last response or failure is returned as it is), and an
 * attempt still running when it passes fails with a {@link RequestTimeoutException}. Waits hold no
 * thread, and cancelling the call's future during one stops the retries.
 *
 * <p>Each attempt runs the client's request and response hooks and the cookie jar again. The result
 * says how many attempts were made: {@link Response#attempts()}, {@link RequestException#attempts()}.
 *
 * <pre>{@code
 * AsyncClient client = AsyncClient.builder()
 *         .retry(Retry.of(3)
 *                 .withBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
 *                 .withDeadline(Duration.ofSeconds(30)))
 *         .build();
 * Response r = client.get("https://api.example.com/flaky").join();
 * System.out.println(r.statusCode() + " after " + r.attempts() + " attempts");
 * }</pre>
 */
public final class Retry {
    private static final Set<Integer> DEFAULT_STATUSES = Set.of(429, 502, 503, 504);
    private static final Retry NONE = new Retry(0, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10),
            DEFAULT_STATUSES, Duration.ofSeconds(60), null);

    private final int maxRetries;
    private final Duration initialDelay;
    private final double multiplier;
    private final Duration maxDelay;
    private final Set<Integer> statuses;
    private final Duration retryAfterCap;
    private final Duration deadline;

    private Retry(int maxRetries, Duration initialDelay, double multiplier, Duration maxDelay,
            Set<Integer> statuses, Duration retryAfterCap, Duration deadline) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        requireNonNegative(initialDelay, "initialDelay");
        requireNonNegative(maxDelay, "maxDelay");
        requireNonNegative(retryAfterCap, "retryAfterCap");
        if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
            throw new IllegalArgumentException("deadline must be positive, or null for none: " + deadline);
        }
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
        this.deadline = deadline;
    }

    /** No retries. */
    public static Retry none() {
        return NONE;
    }

    /** Up to {@code maxRetries} retries, starting 100 ms apart and doubling up to 10 s. */
    public static Retry of(int maxRetries) {
        return new Retry(maxRetries, NONE.initialDelay, NONE.multiplier, NONE.maxDelay, NONE.statuses,
                NONE.retryAfterCap, null);
    }

    /** This policy with another backoff: the first wait, its growth per try, and the largest wait. */
    public Retry withBackoff(Duration initialDelay, double multiplier, Duration maxDelay) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap, deadline);
    }

    /** This policy retrying these response statuses (for idempotent requests) instead of 429, 502, 503, 504. */
    public Retry withStatuses(Set<Integer> statuses) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap, deadline);
    }

    /** This policy honouring {@code Retry-After} up to {@code cap}; a longer wait ends the retries. */
    public Retry withRetryAfterCap(Duration cap) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, cap, deadline);
    }

    /**
     * This policy with a deadline for all attempts and the waits between them, counted from the start
     * of the call (so redirects and auth round trips count too); null for none, the default. It
     * bounds the tries up to the final response (its body too, unless the call streams: reading a
     * streamed body is bounded by the {@link Timeout} alone).
     */
    public Retry withDeadline(Duration deadline) {
        return new Retry(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap, deadline);
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

    /** The deadline for all attempts and waits of one request, or null for none. */
    public Duration deadline() {
        return deadline;
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
                && r.statuses.equals(statuses) && r.retryAfterCap.equals(retryAfterCap)
                && Objects.equals(r.deadline, deadline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxRetries, initialDelay, multiplier, maxDelay, statuses, retryAfterCap, deadline);
    }

    @Override
    public String toString() {
        return "Retry[maxRetries=" + maxRetries + ", initialDelay=" + initialDelay + ", multiplier=" + multiplier
                + ", maxDelay=" + maxDelay + ", statuses=" + statuses + ", retryAfterCap=" + retryAfterCap + ", deadline=" + deadline + "]";
    }
}
