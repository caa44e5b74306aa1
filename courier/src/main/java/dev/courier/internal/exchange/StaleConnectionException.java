package dev.courier.internal.exchange;

import dev.courier.RequestException;

/**
 * A reused connection failed before any byte of the response arrived: the server most likely
 * closed it while it sat idle. The transport may retry once on a new connection; otherwise the
 * wrapped exception is what the caller sees.
 */
public final class StaleConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RequestException failure;
    private final boolean bodySent;

    StaleConnectionException(RequestException failure, boolean bodySent) {
        super(failure.getMessage(), failure, false, false);
        this.failure = failure;
        this.bodySent = bodySent;
    }

    /** The failure to report when no retry happens. */
    public RequestException failure() {
        return failure;
    }

    /**
     * True when the server may have the whole request or part of its body: some of the body was
     * handed to the connection, or the request has no body and its head was.
     */
    public boolean bodySent() {
        return bodySent;
    }
}
