package dev.courier;

/**
 * The request could not be written within {@link Timeout#write()} (the peer stopped reading).
 *
 * <pre>{@code
 * Timeout.of(Duration.ofSeconds(5)).withWrite(Duration.ofMinutes(1));   // large uploads
 * }</pre>
 */
public class WriteTimeoutException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public WriteTimeoutException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public WriteTimeoutException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
