package dev.courier;

/**
 * A failure in the transport layer: connecting, sending or receiving bytes, or speaking the protocol.
 *
 * <p>Nothing about the response status is known when this is thrown. Retry policies look at its
 * subclasses: a {@link ConnectFailedException} or {@link ConnectTimeoutException} means nothing was sent.
 *
 * <pre>{@code
 * catch (TransportException e) { metrics.increment("transport_errors"); }
 * }</pre>
 */
public class TransportException extends RequestException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public TransportException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public TransportException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
