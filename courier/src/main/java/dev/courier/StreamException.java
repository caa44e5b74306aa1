package dev.courier;

/**
 * A response body was used out of order: read twice, read after close, or accessed before it was read.
 *
 * <pre>{@code
 * try (Response r = client.stream("GET", url).join()) {
 *     r.content();   // ResponseNotReadException: call read() first, or consume body()
 * }
 * }</pre>
 */
public class StreamException extends CourierException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to do instead. */
    public StreamException(String message) {
        super(message);
    }
}
