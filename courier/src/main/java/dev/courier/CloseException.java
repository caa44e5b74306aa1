package dev.courier;

/**
 * Closing a connection failed.
 *
 * <pre>{@code
 * catch (CloseException e) { // usually safe to ignore; the connection is gone either way }
 * }</pre>
 */
public class CloseException extends NetworkException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public CloseException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public CloseException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
