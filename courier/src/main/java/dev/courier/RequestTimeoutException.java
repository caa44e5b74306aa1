package dev.courier;

/**
 * A {@link Timeout} fired: connecting, reading, writing, waiting for a pooled connection, or the total deadline.
 *
 * <pre>{@code
 * client.get(url, o -> o.timeout(Timeout.of(Duration.ofMillis(200))));   // may fail with this
 * }</pre>
 */
public class RequestTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public RequestTimeoutException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public RequestTimeoutException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
