package dev.courier;

/**
 * No pooled connection became free within {@link Timeout#pool()}; raise {@link Limits} or lower concurrency.
 *
 * <pre>{@code
 * AsyncClient.builder().limits(Limits.of(200, 50));
 * }</pre>
 */
public class PoolTimeoutException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public PoolTimeoutException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public PoolTimeoutException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
