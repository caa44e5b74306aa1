package dev.courier;

import dev.courier.auth.Auth;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.http.HeaderValidation;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable HTTP request: method, URL, headers and body, plus per-request settings (timeout,
 * auth, whether to follow redirects) and free-form extensions.
 *
 * <p>Clients build requests for you ({@link AsyncClient#buildRequest}); build one yourself to
 * {@code send} it, or in a transport, a hook or an auth. The method is upper-cased and must be an
 * HTTP token. The framing headers follow the body: {@code Content-Length} when its length is known
 * (for an empty body only on POST, PUT and PATCH), {@code Transfer-Encoding: chunked} when it is
 * not, and the body's {@code Content-Type} unless the headers already name one. Null settings mean
 * "use the client's".
 *
 * <pre>{@code
 * Request r = Request.builder("POST", "https://api.example.com/items")
 *         .header("Accept", "application/json")
 *         .body(RequestBody.json(Map.of("name", "x")))
 *         .build();
 * client.send(r).join();
 * }</pre>
 */
public final class Request {
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    private final String method;
    private final Url url;
    private final Headers headers;
    private final RequestBody body;
    private final Timeout timeout;
    private final Boolean followRedirects;
    private final Auth auth;
    private final Boolean idempotent;
    private final Map<String, Object> extensions;
    /**
     * The sending client's listener, for the network events its transport reports; null when it
     * has none. Not API: only the client sets it (see {@link ApiAccess}), and copies keep it so that
     * a wrapping transport's {@code withHeader(...)} still reaches the network transport with it.
     */
    private final EventListener eventListener;

    static {
        ApiAccess.setRequestAccess(new ApiAccess.RequestAccess() {
            @Override
            public EventListener eventListener(Request request) {
                return request.eventListener;
            }

            @Override
            public Request withEventListener(Request request, EventListener listener) {
                EventListener attached = listener == EventListener.NONE ? null : listener;
                return request.eventListener == attached ? request : new Request(request, attached);
            }
        });
    }

    private Request(Builder b) {
        this.method = b.method;
        this.url = b.url;
        this.body = b.body;
        this.headers = framed(b.headers, b.method, b.body);
        this.timeout = b.timeout;
        this.followRedirects = b.followRedirects;
        this.auth = b.auth;
        this.idempotent = b.idempotent;
        this.extensions = b.extensions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
        this.eventListener = b.eventListener;
    }

    /** {@code r} with another listener: one allocation, the values shared (they are immutable). */
    private Request(Request r, EventListener eventListener) {
        this.method = r.method;
        this.url = r.url;
        this.body = r.body;
        this.headers = r.headers;
        this.timeout = r.timeout;
        this.followRedirects = r.followRedirects;
        this.auth = r.auth;
        this.idempotent = r.idempotent;
        this.extensions = r.extensions;
        this.eventListener = eventListener;
    }

    /** A builder for a request with this method and absolute URL. */
    public static Builder builder(String method, String url) {
        return new Builder(method, Url.parse(url));
    }

    /** A builder for a request with this method and URL. */
    public static Builder builder(String method, Url url) {
        return new Builder(method, url);
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The method, upper-case: {@code GET}, {@code POST}, ... */
    public String method() {
        return method;
    }

    /** The absolute URL. */
    public Url url() {
        return url;
    }

    /** The headers, including the framing headers derived from the body. */
    public Headers headers() {
        return headers;
    }

    /** The body; {@link RequestBody#empty()} when there is none. */
    public RequestBody body() {
        return body;
    }

    /**
     * The whole body as bytes, for a body held in memory (bytes, text, form, JSON, multipart of
     * in-memory parts).
     *
     * @throws IllegalStateException for a streaming body; buffer it first with {@code body().buffered()}
     */
    public byte[] content() {
        return body.bytes();
    }

    /**
     * This request's timeout, or null to use the client's. An extension named {@code "timeout"}
     * holding a {@link Timeout} overrides it (see {@link dev.courier.transport.HttpTransport}).
     */
    public Timeout timeout() {
        return timeout;
    }

    /** Whether to follow redirects, or null to use the client's setting. */
    public Boolean followRedirects() {
        return followRedirects;
    }

    /** This request's auth, or null to use the client's. */
    public Auth auth() {
        return auth;
    }

    /**
     * Whether sending this request twice has the effect of sending it once, so that a {@link Retry}
     * may resend it after a failure that came after it was sent: true for GET, HEAD, OPTIONS, TRACE,
     * PUT and DELETE (RFC 9110 §9.2.2), for a request carrying an {@code Idempotency-Key} (or
     * {@code X-Idempotency-Key}) header, and for one marked with {@link Builder#idempotent}, which
     * also can mark a request of any method as not idempotent.
     */
    public boolean isIdempotent() {
        if (idempotent != null) {
            return idempotent;
        }
        return IDEMPOTENT_METHODS.contains(method) || headers.contains("Idempotency-Key")
                || headers.contains("X-Idempotency-Key");
    }

    /** Extensions: named values for hooks, transports and middleware. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The extension called {@code name}, or null. */
    public Object extension(String name) {
        return extensions.get(name);
    }

    /** This request with the header {@code name} set to {@code value}, replacing any existing field of that name. */
    public Request withHeader(String name, String value) {
        return toBuilder().setHeader(name, value).build();
    }

    /** This request with these headers (framing headers are derived again from the body). */
    public Request withHeaders(Headers headers) {
        return toBuilder().headers(headers).build();
    }

    /** This request sent to another URL. */
    public Request withUrl(Url url) {
        return toBuilder().url(url).build();
    }

    /** {@code Request[GET https://example.com/path]}; userinfo is left out. */
    @Override
    public String toString() {
        return "Request[" + method + " " + url.withoutUserInfo() + "]";
    }

    private static Headers framed(Headers headers, String method, RequestBody body) {
        long length = body.contentLength();
        String type = body.contentType();
        if (type != null && !headers.contains("Content-Type")) {
            headers = headers.with("Content-Type", type);
        }
        if (headers.contains("Content-Length") || headers.contains("Transfer-Encoding")) {
            return headers;
        }
        if (length > 0 || (length == 0 && BODY_METHODS.contains(method))) {
            return headers.with("Content-Length", Long.toString(length));
        }
        if (length < 0) {
            return headers.with("Transfer-Encoding", "chunked");
        }
        return headers;
    }

    /**
     * Builds a {@link Request}; one setter per field.
     *
     * <pre>{@code
     * Request r = Request.builder("GET", "https://example.com/").header("Accept", "text/html").build();
     * }</pre>
     */
    public static final class Builder {
        private String method;
        private Url url;
        private Headers headers = Headers.empty();
        private RequestBody body = RequestBody.empty();
        private Timeout timeout;
        private Boolean followRedirects;
        private Auth auth;
        private Boolean idempotent;
        private final Map<String, Object> extensions = new LinkedHashMap<>();
        private EventListener eventListener;

        private Builder(String method, Url url) {
            method(method);
            url(url);
        }

        private Builder(Request r) {
            this.method = r.method;
            this.url = r.url;
            this.headers = r.headers;
            this.body = r.body;
            this.timeout = r.timeout;
            this.followRedirects = r.followRedirects;
            this.auth = r.auth;
            this.idempotent = r.idempotent;
            this.extensions.putAll(r.extensions);
            this.eventListener = r.eventListener;
        }

        /** The method; upper-cased, and it must be an HTTP token. */
        public Builder method(String method) {
            if (method != null) {
                switch (method) {
                    case "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE" -> {
                        // The common methods, already tokens in upper case: nothing to check or change.
                        this.method = method;
                        return this;
                    }
                    default -> { }
                }
            }
            HeaderValidation.requireToken(method, "HTTP method");
            this.method = method.toUpperCase(Locale.ROOT);
            return this;
        }

        /** The absolute URL. */
        public Builder url(Url url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        /** Appends a header field. */
        public Builder header(String name, String value) {
            this.headers = headers.with(name, value);
            return this;
        }

        /** Sets a header, replacing any field of that name. */
        public Builder setHeader(String name, String value) {
            this.headers = headers.set(name, value);
            return this;
        }

        /** Removes every field called {@code name}. */
        public Builder removeHeader(String name) {
            this.headers = headers.without(name);
            return this;
        }

        /**
         * The body. Content-Length and Transfer-Encoding are derived from it again, and its content
         * type replaces any Content-Type header when it has one.
         */
        public Builder body(RequestBody body) {
            this.body = Objects.requireNonNull(body, "body (use RequestBody.empty())");
            this.headers = headers.without("Content-Length").without("Transfer-Encoding");
            if (body.contentType() != null) {
                this.headers = headers.without("Content-Type");
            }
            return this;
        }

        /** This request's timeout; null to use the client's. */
        public Builder timeout(Timeout timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Whether to follow redirects; null to use the client's setting. */
        public Builder followRedirects(Boolean followRedirects) {
            this.followRedirects = followRedirects;
            return this;
        }

        /** This request's auth; null to use the client's. */
        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Marks the request as idempotent (true: safe to resend after a read failure or a retryable
         * status, whatever its method) or not (false: never resent once sent, even a GET); null, the
         * default, decides by method and {@code Idempotency-Key}. See {@link Request#isIdempotent()}.
         */
        public Builder idempotent(Boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** Sets an extension; a null value removes it. */
        public Builder extension(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                extensions.remove(name);
            } else {
                extensions.put(name, value);
            }
            return this;
        }

        /** The request. */
        public Request build() {
            return new Request(this);
        }
    }
}
