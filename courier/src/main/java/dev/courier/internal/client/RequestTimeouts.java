package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.Timeout;

/**
 * The {@link Timeout} a request is sent with: its {@code "timeout"} extension when it has one (an
 * override for the whole call, as in httpx's {@code extensions={"timeout": ...}}; extensions travel
 * with redirects, retries and auth round trips), else {@link Request#timeout()}. The transport
 * obeys that one, so the call-wide total deadline is read from it and cut on it.
 */
public final class RequestTimeouts {
    /** The name of the request extension that overrides the request's timeout for the transport. */
    public static final String EXTENSION = "timeout";

    private RequestTimeouts() {}

    /**
     * The timeout the transport will apply to {@code request}; null when it has none (the transport's default).
     *
     * @throws IllegalArgumentException when the {@code "timeout"} extension holds something else
     *     than a {@link Timeout}: ignoring it would send the request without the limit its caller set
     */
    public static Timeout of(Request request) {
        Object override = request.extension(EXTENSION);
        if (override == null) {
            return request.timeout();
        }
        if (override instanceof Timeout timeout) {
            return timeout;
        }
        throw new IllegalArgumentException("The request extension \"" + EXTENSION + "\" must hold a "
                + Timeout.class.getName() + ", not a " + override.getClass().getName()
                + " (for example Timeout.of(Duration.ofSeconds(10)))");
    }

    /** {@code request} with {@code timeout} in the place {@link #of} reads it from. */
    static Request with(Request request, Timeout timeout) {
        return request.extension(EXTENSION) instanceof Timeout
                ? request.toBuilder().extension(EXTENSION, timeout).build()
                : request.toBuilder().timeout(timeout).build();
    }
}
