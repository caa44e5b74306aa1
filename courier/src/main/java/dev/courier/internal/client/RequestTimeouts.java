package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.Timeout;

/**
 * The {@link Timeout} a request is sent with: its {@code "timeout"} extension when that holds one
 * (an override for one send, as in httpx's {@code extensions={"timeout": ...}}), else
 * {@link Request#timeout()}. The transport obeys that one, so the call-wide total deadline is read
 * from it and cut on it.
 */
public final class RequestTimeouts {
    /** The name of the request extension that overrides the request's timeout for the transport. */
    public static final String EXTENSION = "timeout";

    private RequestTimeouts() {}

    /** The timeout the transport will apply to {@code request}; null when it has none (the transport's default). */
    public static Timeout of(Request request) {
        return request.extension(EXTENSION) instanceof Timeout override ? override : request.timeout();
    }

    /** {@code request} with {@code timeout} in the place {@link #of} reads it from. */
    static Request with(Request request, Timeout timeout) {
        return request.extension(EXTENSION) instanceof Timeout
                ? request.toBuilder().extension(EXTENSION, timeout).build()
                : request.toBuilder().timeout(timeout).build();
    }
}
