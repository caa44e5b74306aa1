package dev.courier;

/**
 * The proxy refused or failed the request (for example a 407 to a CONNECT, or a SOCKS failure).
 *
 * <pre>{@code
 * catch (ProxyException e) { // check the proxy URL and its credentials }
 * }</pre>
 */
public class ProxyException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public ProxyException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ProxyException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
