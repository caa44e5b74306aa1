package dev.courier;

/**
 * Writing the request failed: the connection was reset or closed while sending.
 *
 * <pre>{@code
 * catch (WriteException e) { // the server may have seen part of the request }
 * }</pre>
 */
public class WriteException extends NetworkException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public WriteException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public WriteException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
