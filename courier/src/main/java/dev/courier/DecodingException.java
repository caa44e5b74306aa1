package dev.courier;

/**
 * The response body could not be decoded: a broken or oversized Content-Encoding stream, or text or JSON that does not parse.
 *
 * <pre>{@code
 * catch (DecodingException e) { // the server sent a body it described wrongly }
 * }</pre>
 */
public class DecodingException extends RequestException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public DecodingException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public DecodingException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
