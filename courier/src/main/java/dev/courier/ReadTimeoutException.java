package dev.courier;

/**
 * No byte of the response arrived within {@link Timeout#read()} (measured between bytes).
 *
 * <pre>{@code
 * Timeout.of(Duration.ofSeconds(5)).withRead(Duration.ofSeconds(30));   // slow servers
 * }</pre>
 */
public class ReadTimeoutException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public ReadTimeoutException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ReadTimeoutException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
