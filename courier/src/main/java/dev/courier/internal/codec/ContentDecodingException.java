package dev.courier.internal.codec;

/**
 * The failure of decoding a response body's Content-Encoding: a limit was passed (size, expansion
 * ratio, number of codings), or a stream was corrupt or truncated.
 *
 * <p>{@link DecompressionHandler} fires it through {@code exceptionCaught} and drops the rest of the
 * body; the transport turns it into the public {@code DecodingException}.
 */
public final class ContentDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what was wrong, such as "truncated gzip stream". */
    public ContentDecodingException(String message) {
        super(message);
    }

    /** Creates the exception with the library failure that caused it. */
    public ContentDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
