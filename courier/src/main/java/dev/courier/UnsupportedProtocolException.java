package dev.courier;

/**
 * The URL's scheme has no transport: only {@code http} and {@code https} are spoken, unless a mount says otherwise.
 *
 * <pre>{@code
 * client.get("ftp://example.com/file");   // fails with this
 * }</pre>
 */
public class UnsupportedProtocolException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public UnsupportedProtocolException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public UnsupportedProtocolException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
