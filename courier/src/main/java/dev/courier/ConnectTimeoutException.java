package dev.courier;

/**
 * The connection (TCP, proxy or TLS handshake) was not established within {@link Timeout#connect()}.
 *
 * <p>Nothing was sent, so any request may be retried.
 *
 * <pre>{@code
 * Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(2));
 * }</pre>
 */
public class ConnectTimeoutException extends RequestTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public ConnectTimeoutException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ConnectTimeoutException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
