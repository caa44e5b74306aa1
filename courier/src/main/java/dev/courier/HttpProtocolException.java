package dev.courier;

/**
 * The HTTP exchange broke the protocol, on our side ({@link LocalProtocolException}) or the server's ({@link RemoteProtocolException}).
 *
 * <pre>{@code
 * catch (HttpProtocolException e) { // the connection was closed and not reused }
 * }</pre>
 */
public class HttpProtocolException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public HttpProtocolException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public HttpProtocolException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
