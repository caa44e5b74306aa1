package dev.courier;

/**
 * Reading the response failed: the connection was reset or closed while a response was expected.
 *
 * <pre>{@code
 * catch (ReadException e) { // the request may have been processed; retry only if idempotent }
 * }</pre>
 */
public class ReadException extends NetworkException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public ReadException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ReadException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
