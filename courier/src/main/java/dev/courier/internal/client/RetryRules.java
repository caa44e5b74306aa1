package dev.courier.internal.client;

import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.ReadException;
import dev.courier.ReadTimeoutException;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.WriteException;
import dev.courier.WriteTimeoutException;
import dev.courier.internal.http.RetryAfter;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The decisions of a {@link Retry} policy, as pure functions of the request, the outcome of an
 * attempt and the retries made so far: whether to send again, and after how long. The rules are
 * written on {@link Retry}; the reasons for the lines drawn are here.
 */
final class RetryRules {
    private final Retry policy;

    RetryRules(Retry policy) {
        this.policy = policy;
    }

    /**
     * The wait before sending {@code request} again after it failed with {@code failure}, or null
     * not to; {@code retries} is how many retries were made already.
     */
    Duration afterFailure(Request request, Throwable failure, int retries) {
        if (retries >= policy.maxRetries() || !request.body().isReplayable() || !isRetryable(request, failure)) {
            return null;
        }
        return backoff(retries);
    }

    /** Whether {@code response} is one the policy may retry: a listed status answering an idempotent request. */
    boolean isRetryableStatus(Request request, Response response) {
        return policy.statuses().contains(response.statusCode()) && request.isIdempotent();
    }

    /**
     * The wait before sending {@code request} again after it was answered with {@code response}, or
     * null not to: {@code Retry-After} when the response has one (a longer one than the cap ends the
     * retries, since waiting less would only be refused again), else the backoff.
     */
    Duration afterResponse(Request request, Response response, int retries, Instant now) {
        if (retries >= policy.maxRetries() || !request.body().isReplayable() || !isRetryableStatus(request, response)) {
            return null;
        }
        Duration asked = RetryAfter.parse(response.headers().first("Retry-After"), now);
        if (asked != null) {
            return asked.compareTo(policy.retryAfterCap()) <= 0 ? asked : null;
        }
        return backoff(retries);
    }

    /** Full jitter (AWS's "Exponential Backoff and Jitter"): uniform in [0, min(max, initial * multiplier^n)]. */
    Duration backoff(int retries) {
        double ceiling = policy.initialDelay().toNanos() * Math.pow(policy.multiplier(), retries);
        long cap = (long) Math.min(policy.maxDelay().toNanos(), ceiling);
        return cap <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap + 1));
    }

    /**
     * Connect failures left nothing at the server, so any method may go again; failures after the
     * request went out may have been processed, so only idempotent requests go again. A failed
     * certificate check fails the same way every time and is never retried.
     */
    static boolean isRetryable(Request request, Throwable failure) {
        if (failure instanceof ConnectTimeoutException) {
            return true;
        }
        if (failure instanceof ConnectFailedException) {
            return !isCertificateFailure(failure);
        }
        if (!request.isIdempotent()) {
            return false;
        }
        return failure instanceof ReadException || failure instanceof ReadTimeoutException
                || failure instanceof WriteException || failure instanceof WriteTimeoutException
                || (failure instanceof RemoteProtocolException && causedBy(failure, IOException.class));
    }

    private static boolean isCertificateFailure(Throwable failure) {
        return causedBy(failure, SSLHandshakeException.class) || causedBy(failure, SSLPeerUnverifiedException.class)
                || causedBy(failure, CertificateException.class);
    }

    /**
     * Whether {@code type} is in {@code failure}'s cause chain; a protocol error caused by an I/O
     * failure is a connection that closed before the response, not a malformed response.
     */
    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && depth < 16; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
