package dev.courier.internal.exchange;

import dev.courier.RequestException;

/**
 * The request was not processed: the server said so (the HTTP/2 stream was above the last-stream-id
 * of a GOAWAY, or was reset with REFUSED_STREAM, RFC 9113 §8.7), or it was never sent (the HTTP/2
 * connection the pool handed out received GOAWAY, failed or closed before the exchange's turn). Any
 * request may then be sent again on another connection, provided its body can be read again or was
 * never read; otherwise the wrapped exception is what the caller sees.
 */
public final class UnprocessedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RequestException failure;
    private final boolean serverMadeProgress;
    private final boolean bodyUnread;

    public UnprocessedRequestException(RequestException failure, boolean serverMadeProgress, boolean bodyUnread) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.serverMadeProgress = serverMadeProgress;
        this.bodyUnread = bodyUnread;
    }

    /**
     * True when the connection that turned the request away had processed other streams (a GOAWAY
     * with a last-stream-id above 0: a server draining after so many requests per connection), so
     * trying again is progress rather than a loop.
     */
    public boolean serverMadeProgress() {
        return serverMadeProgress;
    }

    /**
     * True when nothing read the request's body yet: even a body that can be read only once can go
     * on the next attempt.
     */
    public boolean bodyUnread() {
        return bodyUnread;
    }

    /** The failure to report when no retry happens. */
    public RequestException failure() {
        return failure;
    }
}
