package dev.courier;

/**
 * The proxy refused or failed the request: a CONNECT answered with something other than 2xx, a 407
 * (proxy authentication required) to a forwarded request, or a SOCKS5 failure.
 * {@link #status()} holds the proxy's HTTP status when it sent one.
 *
 * <pre>{@code
 * catch (ProxyException e) {
 *     if (e.status() == 407) { // check the proxy's credentials }
 * }
 * }</pre>
 */
public class ProxyException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final int status;

    /** Creates the exception for {@code request}. */
    public ProxyException(String message, Request request) {
        this(message, request, 0, null);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ProxyException(String message, Request request, Throwable cause) {
        this(message, request, 0, cause);
    }

    /** Creates the exception for {@code request} with the proxy's HTTP {@code status} (0 when none). */
    public ProxyException(String message, Request request, int status, Throwable cause) {
        super(message, request, cause);
        this.status = status;
    }

    /** The HTTP status the proxy answered with (407 for missing or wrong credentials), or 0 when it sent none. */
    public int status() {
        return status;
    }
}
