package dev.courier.internal.http2;

import java.io.IOException;

/** The server misbehaved at the HTTP/2 connection level (a PING or SETTINGS flood, an unanswered PING). */
public final class Http2AbuseException extends IOException {
    private static final long serialVersionUID = 1L;

    Http2AbuseException(String message) {
        super(message);
    }
}
