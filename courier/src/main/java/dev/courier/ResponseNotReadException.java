package dev.courier;

/**
 * A buffered accessor ({@code content()}, {@code text()}, {@code json()}) was called on a streaming response whose body has not been read.
 *
 * <pre>{@code
 * client.stream("GET", url).join().text();   // throws: call read() first
 * }</pre>
 */
public class ResponseNotReadException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to do instead. */
    public ResponseNotReadException(String message) {
        super(message);
    }
}
