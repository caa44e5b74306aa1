package dev.courier;

import dev.courier.internal.ApiAccess;

/**
 * A failure while sending a request or receiving its response; {@link #request()} says which request.
 *
 * <p>Catch it to handle every failure that happened on the way to a response (as opposed to an
 * error status, which is an {@link HttpStatusException}). When a {@link Retry} policy sent the
 * request more than once, {@link #attempts()} says how many times, and the message ends with
 * {@code (after N attempts)}; the exception is the last attempt's failure.
 *
 * <pre>{@code
 * try {
 *     blockingClient.get("https://example.com/");
 * } catch (RequestException e) {
 *     System.err.println(e.request().method() + " " + e.request().url() + " failed: " + e.getMessage());
 * }
 * }</pre>
 */
public class RequestException extends CourierException {
    private static final long serialVersionUID = 1L;

    static {
        // The retry stage stamps the count on the exception it surfaces; no public setter for that.
        ApiAccess.setAttemptsSetter((e, attempts) -> e.attempts = attempts);
    }

    private final transient Request request;
    private volatile int attempts = 1;

    /** Creates the exception for {@code request}, which may be null only when no request exists yet. */
    public RequestException(String message, Request request) {
        this(message, request, null);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public RequestException(String message, Request request, Throwable cause) {
        super(message, cause);
        this.request = request;
    }

    /** The request that failed. */
    public Request request() {
        return request;
    }

    /**
     * How many times the request was sent before this failure ended the call: 1 unless a
     * {@link Retry} policy sent it again.
     */
    public int attempts() {
        return attempts;
    }

    /** The message, followed by {@code (after N attempts)} when the request was sent more than once. */
    @Override
    public String getMessage() {
        String message = super.getMessage();
        int n = attempts;
        return n > 1 ? message + " (after " + n + " attempts)" : message;
    }
}
