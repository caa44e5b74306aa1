package dev.courier;

/**
 * The response body was already consumed by a streaming read and was not kept, so it cannot be read again.
 *
 * <pre>{@code
 * r.body().subscribe(s1); r.body();   // throws: the stream was already consumed
 * }</pre>
 */
public class StreamConsumedException extends StreamException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that says what to do instead. */
    public StreamConsumedException(String message) {
        super(message);
    }
}
