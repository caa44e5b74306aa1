package dev.courier;

/**
 * An I/O failure on the network: the peer refused, reset or closed the connection.
 *
 * <pre>{@code
 * catch (NetworkException e) { // connection-level trouble, whatever the phase }
 * }</pre>
 */
public class NetworkException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public NetworkException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public NetworkException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
