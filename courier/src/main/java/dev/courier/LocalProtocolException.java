package dev.courier;

/**
 * The request could not be sent as valid HTTP (for example a body longer than its declared Content-Length).
 *
 * <pre>{@code
 * catch (LocalProtocolException e) { // fix the request; retrying will not help }
 * }</pre>
 */
public class LocalProtocolException extends HttpProtocolException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public LocalProtocolException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public LocalProtocolException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
