package dev.courier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.Json;
import dev.courier.internal.body.ResponseBodyState;
import dev.courier.internal.cookie.CookiePolicy;
import dev.courier.internal.cookie.SetCookieParser;
import dev.courier.internal.http.LinkHeader;
import dev.courier.internal.http.MediaType;
import dev.courier.internal.http.StatusPhrases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An HTTP response: status, headers, protocol version, the request that produced it, the redirect
 * history, and one body.
 *
 * <p>Responses from {@code get}, {@code post}, {@code request} and {@code send} arrive with the
 * body read, so {@link #content()}, {@link #text()} and {@link #json()} work at once. Responses from
 * {@code stream} arrive with the body unread: consume it once with {@link #body()},
 * {@link #bodyStream()}, {@link #lines()} or {@link #consume}, or buffer it with {@link #read()}; then close the
 * response (try-with-resources), which frees the connection. The rules are httpx's: a buffered
 * accessor on an unread body throws {@link ResponseNotReadException}; streaming a body that was
 * already streamed throws {@link StreamConsumedException}; reading after {@link #close()} throws
 * {@link StreamClosedException}. A body that was read can be streamed again from memory.
 *
 * <p>Transports, mocks and apps create responses with {@link #builder()}.
 *
 * <pre>{@code
 * Response r = client.get("https://api.example.com/users/1").join();
 * r.raiseForStatus();
 * User u = r.json(User.class);
 *
 * try (Response s = client.stream("GET", "https://example.com/big.iso").join()) {
 *     try (InputStream in = s.bodyStream()) { in.transferTo(out); }
 * }
 * }</pre>
 */
public final class Response implements AutoCloseable {
    private final int statusCode;
    private final String reasonPhrase;
    private final String httpVersion;
    private final Headers headers;
    private final Request request;
    private final List<Response> history;
    private final Request nextRequest;
    private final Charset defaultEncoding;
    private final ResponseBodyState body;
    private final Supplier<Headers> trailers;
    private final long startNanos;
    private final int attempts;
    /** The body whose end ends {@link #elapsed()}: this response's own, or the original's in a copy made with toBuilder(). */
    private final ResponseBodyState timedBody;
    private final Map<String, Object> extensions;

    static {
        ApiAccess.setResponseBodyAccess(response -> response.body);
    }

    private Response(Builder b) {
        this.statusCode = b.statusCode;
        this.reasonPhrase = b.reasonPhrase != null ? b.reasonPhrase : StatusPhrases.of(b.statusCode);
        this.httpVersion = b.httpVersion;
        this.headers = b.headers;
        this.request = b.request;
        this.history = b.history;
        this.nextRequest = b.nextRequest;
        this.defaultEncoding = b.defaultEncoding;
        this.body = b.body != null ? b.body : ResponseBodyState.buffered(new byte[0]);
        this.trailers = b.trailers;
        this.startNanos = b.startNanos;
        this.attempts = b.attempts;
        // The builder's own map is copied, since the builder may be used again; an inherited map is already immutable.
        this.extensions = b.extensions.isEmpty() ? Map.of()
                : b.extensions instanceof LinkedHashMap ? Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions))
                : b.extensions;
        this.timedBody = b.timedBody != null ? b.timedBody : this.body;
    }

    /** A builder for a response; status 200 and an empty body unless set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this response's values and sharing its body: use the built response in
     * place of this one, which must not be used afterwards.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The status code, such as 200 or 404. */
    public int statusCode() {
        return statusCode;
    }

    /** The reason phrase the server sent, or the standard phrase for the status (HTTP/2 sends none). */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The protocol: {@code HTTP/1.1} or {@code HTTP/2}. */
    public String httpVersion() {
        return httpVersion;
    }

    /** The response headers, in wire order. */
    public Headers headers() {
        return headers;
    }

    /**
     * The trailer fields the server sent after the body (HTTP/2 trailers, or those of a chunked
     * HTTP/1.1 body); empty when it sent none. They exist only once the body has been read to its
     * end, so call this after reading or streaming it.
     *
     * @throws IllegalStateException while the body has not been read to its end
     */
    public Headers trailers() {
        if (!body.completion().isDone()) {
            throw new IllegalStateException("Trailers arrive after the body: read the body to its end first");
        }
        return trailers.get();
    }

    /** The request this answers (the last hop's, after redirects). */
    public Request request() {
        return request;
    }

    /** The URL this response came from, or null when the response has no request. */
    public Url url() {
        return request == null ? null : request.url();
    }

    /** The responses that came before this one (redirects and auth challenges), oldest first. */
    public List<Response> history() {
        return history;
    }

    /** When this is a redirect that was not followed, the request that would follow it; else null. */
    public Request nextRequest() {
        return nextRequest;
    }

    /**
     * How many times this response's request was sent to get it: 1, unless the client's {@link Retry}
     * policy sent it again after failures or retryable statuses (each redirect hop counts its own).
     */
    public int attempts() {
        return attempts;
    }

    /**
     * The time from sending the request to the end of the body; while the body is still being read,
     * the time so far.
     */
    public Duration elapsed() {
        long end = timedBody.endNanos();
        return Duration.ofNanos((end != 0 ? end : System.nanoTime()) - startNanos);
    }

    /**
     * The cookies this response sets, from its Set-Cookie headers parsed by RFC 6265 §5.2 (with their
     * expiry, Secure, HttpOnly and SameSite), as the server stated them: no storage policy (public
     * suffixes, domain checks, Secure origin) is applied, and a deletion ({@code Max-Age=0}) shows as
     * a cookie whose expiry has passed. Malformed values are skipped. A client's {@link CookieJar}
     * decides what is stored.
     *
     * <pre>{@code
     * String sid = response.cookies().get("sid");
     * }</pre>
     */
    public Cookies cookies() {
        Url url = url();
        Instant now = Instant.now();
        List<Cookie> out = new ArrayList<>();
        for (String header : headers.getAll("Set-Cookie")) {
            Cookie c = CookiePolicy.fromResponse(SetCookieParser.parse(header), url, now);
            if (c != null) {
                out.add(c);
            }
        }
        return Cookies.of(out);
    }

    /**
     * The Link header as httpx gives it: keyed by {@code rel} (or by URL when a link has no rel), each
     * value holding {@code url} and the link's parameters.
     *
     * <pre>{@code
     * String next = response.links().get("next").get("url");
     * }</pre>
     */
    public Map<String, Map<String, String>> links() {
        return LinkHeader.parse(headers.getAll("Link"));
    }

    /** The charset of the body text: Content-Type's charset when valid, else the client's default encoding. */
    public Charset encoding() {
        Charset declared = MediaType.charset(headers.get("Content-Type"));
        return declared != null ? declared : defaultEncoding;
    }

    /**
     * The body bytes.
     *
     * @throws ResponseNotReadException when the body of a streaming response has not been read
     */
    public byte[] content() {
        return body.content().clone();
    }

    /** The body decoded with {@link #encoding()}; malformed input becomes U+FFFD. */
    public String text() {
        return new String(body.content(), encoding());
    }

    /**
     * The body parsed as JSON.
     *
     * @throws DecodingException when the body is not valid JSON
     */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body.content());
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /**
     * The body parsed as JSON into {@code type}.
     *
     * @throws DecodingException when the body is not valid JSON or does not fit the type
     */
    public <T> T json(Class<T> type) {
        try {
            return Json.mapper().readValue(body.content(), type);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** The body parsed as JSON into a generic type: {@code json(new TypeReference<List<User>>() {})}. */
    public <T> T json(TypeReference<T> type) {
        try {
            return Json.mapper().readValue(body.content(), type);
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private DecodingException notJson(IOException e) {
        return new DecodingException("Response body from " + (url() == null ? null : url().withoutUserInfo())
                + " is not the JSON expected: "
                + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                request, e);
    }

    /** True for 1xx. */
    public boolean isInformational() {
        return statusCode >= 100 && statusCode < 200;
    }

    /** True for 2xx. */
    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** True for 301, 302, 303, 307 and 308 with a Location header: a redirect that can be followed. */
    public boolean isRedirect() {
        return (statusCode == 301 || statusCode == 302 || statusCode == 303 || statusCode == 307
                || statusCode == 308) && headers.contains("Location");
    }

    /** True for 4xx. */
    public boolean isClientError() {
        return statusCode >= 400 && statusCode < 500;
    }

    /** True for 5xx. */
    public boolean isServerError() {
        return statusCode >= 500 && statusCode < 600;
    }

    /** True for 4xx and 5xx. */
    public boolean isError() {
        return statusCode >= 400 && statusCode < 600;
    }

    /**
     * Returns this response when its status is 2xx, and throws otherwise, as httpx does.
     *
     * @throws HttpStatusException for any other status, naming status, reason and URL
     * @throws IllegalStateException when the response has no request (built by hand)
     */
    public Response raiseForStatus() {
        if (request == null) {
            throw new IllegalStateException("raiseForStatus() needs the response's request; build it with request(...)");
        }
        if (isSuccess()) {
            return this;
        }
        String kind = isInformational() ? "Informational response" : statusCode < 400 ? "Redirect response"
                : isClientError() ? "Client error" : isServerError() ? "Server error" : "Invalid status code";
        StringBuilder message = new StringBuilder(kind).append(" '").append(statusCode).append(' ')
                .append(reasonPhrase).append("' for url '").append(request.url().withoutUserInfo()).append('\'');
        if (statusCode >= 300 && statusCode < 400 && headers.contains("Location")) {
            message.append("\nRedirect location: '").append(headers.first("Location")).append('\'');
        }
        message.append("\nFor more information check: https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/")
                .append(statusCode);
        throw new HttpStatusException(message.toString(), request, this);
    }

    /**
     * The body as a stream of buffers, with backpressure. An unread body can be streamed once; a
     * read body is replayed from memory.
     */
    public Flow.Publisher<ByteBuffer> body() {
        return body.publisher();
    }

    /**
     * Streams the body to {@code consumer} without copying its bytes, then closes the response. This is the
     * fastest way through a large body: each chunk is a read-only view of the transport's own buffer, lent for
     * the length of {@link ChunkConsumer#accept} and reused once that call returns, so copy what you keep (as
     * Jetty's {@code onContent} and Apache HttpClient's {@code consume} ask). The next chunk is read after
     * {@code accept} returns, so memory stays bounded by what one read brings in. (Bytes that arrived before
     * this call, with the response head, were copied then; they come first, read-only as well.)
     *
     * <p>For a network response, {@code accept} runs on the connection's I/O thread: do not block in it. (A
     * body already read, or one from a mock or app transport, is delivered on the thread that has it.) An
     * exception from {@code accept} abandons the rest of the body (its connection is closed or drained, never
     * left waiting) and fails the returned future with that exception. The future completes with the number of
     * body bytes delivered, or fails with the body's own error (for example {@link RemoteProtocolException} when
     * the server closes the connection early, or {@link ReadTimeoutException}). A body already read into memory
     * is replayed from it. The one-time rules of {@link #body()} apply, reported through the future.
     *
     * <pre>{@code
     * MessageDigest sha = MessageDigest.getInstance("SHA-256");
     * long size = client.stream("GET", "https://example.com/big.iso")
     *         .thenCompose(r -> r.consume(sha::update))
     *         .join();
     * }</pre>
     */
    public CompletableFuture<Long> consume(ChunkConsumer consumer) {
        return body.consume(consumer);
    }

    /**
     * Takes one chunk of a body for {@link #consume}. The buffer is read-only and valid only until this method
     * returns.
     */
    @FunctionalInterface
    public interface ChunkConsumer {
        /** Takes {@code chunk}; throwing abandons the rest of the body. */
        void accept(ByteBuffer chunk) throws Exception;
    }

    /**
     * The body as a blocking {@link InputStream} that reads ahead a bounded number of buffers. Meant
     * for blocking code and virtual threads; never call its {@code read} on an I/O thread.
     */
    public InputStream bodyStream() {
        return body.inputStream();
    }

    /**
     * The body's lines decoded with {@link #encoding()}, read lazily and blockingly from
     * {@link #bodyStream()}; close the stream (or the response) when done.
     */
    public Stream<String> lines() {
        BufferedReader reader = new BufferedReader(new InputStreamReader(bodyStream(), encoding()));
        return reader.lines().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Reads the whole body into memory (once; later calls give the same bytes) and completes with it.
     * After this, {@link #content()}, {@link #text()} and {@link #json()} work.
     */
    public CompletableFuture<byte[]> read() {
        return body.read();
    }

    /** The body bytes received from the network so far. */
    public long bytesRead() {
        return body.bytesRead();
    }

    /** True when the body is in memory. */
    public boolean isRead() {
        return body.isRead();
    }

    /** True after {@link #close()}. */
    public boolean isClosed() {
        return body.isClosed();
    }

    /** True when the body was consumed by streaming and not kept. */
    public boolean isStreamConsumed() {
        return body.isStreamConsumed();
    }

    /**
     * Closes the response: an unread or partly read body is abandoned and its connection released.
     * Idempotent; a read body stays available.
     */
    @Override
    public void close() {
        body.close();
    }

    /**
     * Free-form values a transport attached to this response, by name: for example the exception of
     * an in-process app ({@code "exception"}, see {@link dev.courier.transport.AppTransport}). Empty
     * for most responses.
     */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The extension called {@code name}, or null. */
    public Object extension(String name) {
        return extensions.get(name);
    }

    /** {@code Response[200 OK HTTP/1.1 https://example.com/]}. */
    @Override
    public String toString() {
        return "Response[" + statusCode + (reasonPhrase.isEmpty() ? "" : " " + reasonPhrase) + " " + httpVersion
                + (request == null ? "" : " " + request.url().withoutUserInfo()) + "]";
    }

    /**
     * Builds a {@link Response}, for transports, mocks and in-process apps.
     *
     * <pre>{@code
     * Response r = Response.builder().status(201).header("Location", "/items/7").json(Map.of("id", 7)).build();
     * }</pre>
     */
    public static final class Builder {
        private int statusCode = 200;
        private String reasonPhrase;
        private String httpVersion = HttpVersion.HTTP_1_1.label();
        private Headers headers = Headers.empty();
        private Request request;
        private List<Response> history = List.of();
        private Request nextRequest;
        private Charset defaultEncoding = StandardCharsets.UTF_8;
        private ResponseBodyState body;
        private Supplier<Headers> trailers = Headers::empty;
        private long startNanos;
        private int attempts = 1;
        private ResponseBodyState timedBody;
        /** Immutable (shared, so a response without extensions allocates none) until extension(...) copies it. */
        private Map<String, Object> extensions = Map.of();

        private Builder() {
            // Here, not in the field's initializer: a copy (toBuilder, once per response) keeps the original's.
            startNanos = System.nanoTime();
        }

        private Builder(Response r) {
            statusCode = r.statusCode;
            reasonPhrase = r.reasonPhrase;
            httpVersion = r.httpVersion;
            headers = r.headers;
            request = r.request;
            history = r.history;
            nextRequest = r.nextRequest;
            defaultEncoding = r.defaultEncoding;
            body = r.body;
            trailers = r.trailers;
            startNanos = r.startNanos;
            attempts = r.attempts;
            timedBody = r.timedBody;
            extensions = r.extensions;
        }

        /** The status code (100 to 999). */
        public Builder status(int statusCode) {
            if (statusCode < 100 || statusCode > 999) {
                throw new IllegalArgumentException("Status code must have three digits: " + statusCode);
            }
            this.statusCode = statusCode;
            return this;
        }

        /** The reason phrase; by default the standard phrase of the status. */
        public Builder reason(String reasonPhrase) {
            this.reasonPhrase = reasonPhrase;
            return this;
        }

        /** The protocol label; {@code HTTP/1.1} by default. */
        public Builder httpVersion(String httpVersion) {
            this.httpVersion = Objects.requireNonNull(httpVersion, "httpVersion");
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

        /** A body already in memory. */
        public Builder content(byte[] content) {
            this.body = ResponseBodyState.buffered(content.clone());
            return this;
        }

        /** A text body in UTF-8, with {@code Content-Type: text/plain; charset=utf-8} unless one is set. */
        public Builder content(String text) {
            if (!headers.contains("Content-Type")) {
                headers = headers.with("Content-Type", "text/plain; charset=utf-8");
            }
            this.body = ResponseBodyState.buffered(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** A JSON body (Jackson), with {@code Content-Type: application/json} unless one is set. */
        public Builder json(Object value) {
            byte[] bytes;
            try {
                bytes = Json.mapper().writeValueAsBytes(value);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON: "
                        + e.getMessage(), e);
            }
            if (!headers.contains("Content-Type")) {
                headers = headers.with("Content-Type", "application/json");
            }
            this.body = ResponseBodyState.buffered(bytes);
            return this;
        }

        /** A streaming body (single subscription), read on demand. */
        public Builder body(Flow.Publisher<ByteBuffer> body) {
            this.body = ResponseBodyState.streaming(Objects.requireNonNull(body, "body"));
            return this;
        }

        /**
         * Where the trailers come from once the body has ended (a transport fills them in as they
         * arrive); none by default.
         */
        public Builder trailers(Supplier<Headers> trailers) {
            this.trailers = Objects.requireNonNull(trailers, "trailers");
            return this;
        }

        /** The request this response answers. */
        public Builder request(Request request) {
            this.request = request;
            return this;
        }

        /** The responses that came before, oldest first. */
        public Builder history(List<Response> history) {
            this.history = List.copyOf(history);
            return this;
        }

        /** The request that would follow this redirect. */
        public Builder nextRequest(Request nextRequest) {
            this.nextRequest = nextRequest;
            return this;
        }

        /** The charset for {@code text()} when Content-Type names none; UTF-8 by default. */
        public Builder defaultEncoding(Charset defaultEncoding) {
            this.defaultEncoding = Objects.requireNonNull(defaultEncoding, "defaultEncoding");
            return this;
        }

        /** The {@link System#nanoTime()} at which the request was sent, from which {@code elapsed()} counts. */
        public Builder startNanos(long startNanos) {
            this.startNanos = startNanos;
            return this;
        }

        /** How many times the request was sent to get this response (at least 1; 1 by default). */
        public Builder attempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
            }
            this.attempts = attempts;
            return this;
        }

        /** Sets an extension (see {@link Response#extensions()}); a null value removes it. */
        public Builder extension(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (value == null && !extensions.containsKey(name)) {
                return this;
            }
            if (!(extensions instanceof LinkedHashMap)) {
                extensions = new LinkedHashMap<>(extensions);
            }
            if (value == null) {
                extensions.remove(name);
            } else {
                extensions.put(name, value);
            }
            return this;
        }

        /** The response. */
        public Response build() {
            return new Response(this);
        }
    }
}
