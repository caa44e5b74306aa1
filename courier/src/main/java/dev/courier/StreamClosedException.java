package dev.courier;

/**
 * The response was closed before its body was read, so the body is gone.
 *
 * <pre>{@code
 * r.close(); r.read();   // throws
 * }</pre>
 */
public class StreamClosedException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to do instead. */
    public StreamClosedException(String message) {
        super(message);
    }
}
