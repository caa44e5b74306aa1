package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;
import java.time.Duration;

/**
 * The server answered 429 Too Many Requests: slow down.
 *
 * <p>{@link #retryAfter()} is how long the server asked to wait ({@code Retry-After}, in seconds or
 * as an HTTP date), or null when it did not say. The client's retries resend a 429 by themselves
 * only for idempotent requests (GET, PUT, DELETE...), waiting as asked up to the retry policy's
 * cap; this exception is what is left after that.
 *
 * <pre>{@code
 * try {
 *     api.post("/reports", query).join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof RateLimitException limited) {
 *         Duration wait = limited.retryAfter() != null ? limited.retryAfter() : Duration.ofSeconds(30);
 *         scheduler.schedule(this::sendAgain, wait.toMillis(), TimeUnit.MILLISECONDS);
 *     }
 * }
 * }</pre>
 */
public class RateLimitException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final Duration retryAfter;

    /** Creates the exception; {@code retryAfter} is the wait the server asked for, or null. */
    public RateLimitException(String message, Request request, Response response, JsonNode body, Duration retryAfter) {
        super(message, request, response, body);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for with {@code Retry-After}, or null when it sent none (or an unreadable one). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
