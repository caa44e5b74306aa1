package dev.courier.internal.exchange;

import dev.courier.RequestException;

/**
 * The server said it did not process the request: the HTTP/2 stream was above the last-stream-id
 * of a GOAWAY, or was reset with REFUSED_STREAM (RFC 9113 §8.7). Any request may then be sent again
 * on another connection, provided its body can be replayed; otherwise the wrapped exception is what
 * the caller sees.
 */
public final class UnprocessedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RequestException failure;

    public UnprocessedRequestException(RequestException failure) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
    }

    /** The failure to report when no retry happens. */
    public RequestException failure() {
        return failure;
    }
}
