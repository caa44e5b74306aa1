package dev.courier;

/**
 * The server's response broke the protocol: a malformed status line or header, bad framing, a short body, an invalid redirect.
 *
 * <pre>{@code
 * catch (RemoteProtocolException e) { log.warn("bad server: {}", e.getMessage()); }
 * }</pre>
 */
public class RemoteProtocolException extends HttpProtocolException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public RemoteProtocolException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public RemoteProtocolException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
