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
    private final boolean serverMadeProgress;

    public UnprocessedRequestException(RequestException failure, boolean serverMadeProgress) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.serverMadeProgress = serverMadeProgress;
    }

    /**
     * True when the connection that turned the request away had processed other streams (a GOAWAY
     * with a last-stream-id above 0: a server draining after so many requests per connection), so
     * trying again is progress rather than a loop.
     */
    public boolean serverMadeProgress() {
        return serverMadeProgress;
    }

    /** The failure to report when no retry happens. */
    public RequestException failure() {
        return failure;
    }
}
