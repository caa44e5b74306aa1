package dev.courier;

import dev.courier.auth.Auth;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The options of one call, collected through a {@code Consumer<RequestOptions>}: query parameters,
 * headers, cookies, one kind of body, and per-request settings.
 *
 * <p>Values given here win over the client's defaults of the same name. A body is given once, in
 * one of its forms: raw {@code content}, a {@code form}, a {@code json} value, or {@code file}s
 * (with optional form fields, sent together as multipart/form-data, as httpx does with
 * {@code data=} and {@code files=}). Mixing forms is an {@link IllegalArgumentException}.
 *
 * <pre>{@code
 * client.post("/upload", o -> o
 *         .param("overwrite", "true")
 *         .header("X-Request-Id", id)
 *         .form(Map.of("title", "Holiday"))
 *         .file("photo", Path.of("beach.jpg"))
 *         .timeout(Timeout.of(Duration.ofMinutes(2))));
 * }</pre>
 *
 * <p>Instances are not thread-safe; each call gets a new one.
 */
public final class RequestOptions {
    QueryParams params = QueryParams.empty();
    Headers headers = Headers.empty();
    Cookies cookies = Cookies.empty();
    RequestBody content;
    Object json;
    boolean hasJson;
    Map<String, Object> form;
    final List<Consumer<Multipart.Builder>> files = new ArrayList<>();
    Auth auth;
    Boolean followRedirects;
    Timeout timeout;
    Boolean idempotent;
    final Map<String, Object> extensions = new LinkedHashMap<>();

    RequestOptions() {}

    /** Adds a query parameter; a null value makes a key-only parameter ({@code ?flag}). */
    public RequestOptions param(String name, Object value) {
        params = params.with(name, value);
        return this;
    }

    /** Adds query parameters from a map (Iterable values repeat the key; null values are key-only). */
    public RequestOptions params(Map<String, ?> params) {
        this.params = this.params.merge(QueryParams.of(params));
        return this;
    }

    /** Adds a header field. */
    public RequestOptions header(String name, String value) {
        headers = headers.with(name, value);
        return this;
    }

    /** Adds header fields from a map (Iterable values add one field each). */
    public RequestOptions headers(Map<String, ?> headers) {
        this.headers = this.headers.merge(Headers.of(headers));
        return this;
    }

    /** Adds header fields. */
    public RequestOptions headers(Headers headers) {
        this.headers = this.headers.merge(headers);
        return this;
    }

    /** Adds a cookie for this request. */
    public RequestOptions cookie(String name, String value) {
        cookies = cookies.with(name, value);
        return this;
    }

    /** Adds cookies for this request. */
    public RequestOptions cookies(Map<String, String> cookies) {
        this.cookies = this.cookies.merge(Cookies.of(cookies));
        return this;
    }

    /** The body as bytes. */
    public RequestOptions content(byte[] content) {
        return body(RequestBody.of(content));
    }

    /** The body as UTF-8 text ({@code text/plain; charset=utf-8} unless a Content-Type header is set). */
    public RequestOptions content(String content) {
        return body(RequestBody.of(content));
    }

    /** The body read from a stream, sent chunked; it cannot be replayed for redirects or retries. */
    public RequestOptions content(InputStream content) {
        return body(RequestBody.of(content));
    }

    /** The body read from a file, streamed; it can be replayed. */
    public RequestOptions content(Path file) {
        return body(RequestBody.of(file));
    }

    /** The body from a publisher, sent chunked; it cannot be replayed. */
    public RequestOptions content(Flow.Publisher<ByteBuffer> content) {
        return body(RequestBody.of(content));
    }

    /** The body, in any form {@link RequestBody} offers. */
    public RequestOptions body(RequestBody body) {
        requireNoBody("content");
        this.content = Objects.requireNonNull(body, "body");
        return this;
    }

    /** Form fields: sent as application/x-www-form-urlencoded, or as multipart parts alongside files. */
    public RequestOptions form(Map<String, ?> fields) {
        if (content != null || hasJson) {
            requireNoBody("form");
        }
        if (form == null) {
            form = new LinkedHashMap<>();
        }
        form.putAll(fields);
        return this;
    }

    /** A file part, named after the file, its content type guessed from the name. */
    public RequestOptions file(String field, Path file) {
        return addFile(m -> m.file(field, file));
    }

    /** A file part with an explicit file name and content type (either may be null for the default). */
    public RequestOptions file(String field, Path file, String filename, String contentType) {
        return addFile(m -> m.file(field, file, filename, contentType));
    }

    /** A file part from bytes. */
    public RequestOptions file(String field, byte[] content, String filename, String contentType) {
        return addFile(m -> m.file(field, content, filename, contentType));
    }

    private RequestOptions addFile(Consumer<Multipart.Builder> part) {
        if (content != null || hasJson) {
            requireNoBody("file");
        }
        files.add(part);
        return this;
    }

    /** The body as JSON (Jackson), with {@code Content-Type: application/json}. */
    public RequestOptions json(Object value) {
        requireNoBody("json");
        this.json = value;
        this.hasJson = true;
        return this;
    }

    /** Auth for this request, replacing the client's. */
    public RequestOptions auth(Auth auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
        return this;
    }

    /** Whether to follow redirects for this request. */
    public RequestOptions followRedirects(boolean followRedirects) {
        this.followRedirects = followRedirects;
        return this;
    }

    /** The timeout for this request, replacing the client's. */
    public RequestOptions timeout(Timeout timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Marks this request idempotent (true), so that retries may resend it after it was sent even when
     * its method is POST or PATCH; or not idempotent (false), so that it is never resent once sent.
     * See {@link Request#isIdempotent()}.
     */
    public RequestOptions idempotent(boolean idempotent) {
        this.idempotent = idempotent;
        return this;
    }

    /** A named value carried on the request for hooks, transports and middleware. */
    public RequestOptions extension(String name, Object value) {
        extensions.put(Objects.requireNonNull(name, "name"), value);
        return this;
    }

    private void requireNoBody(String adding) {
        if (content != null || hasJson || form != null || !files.isEmpty()) {
            throw new IllegalArgumentException("A request has one body: cannot add " + adding
                    + " to a body already given as " + (content != null ? "content" : hasJson ? "json"
                    : !files.isEmpty() ? "files" : "form"));
        }
    }

    /** The body these options describe, or {@link RequestBody#empty()}. */
    RequestBody body() {
        if (content != null) {
            return content;
        }
        if (hasJson) {
            return RequestBody.json(json);
        }
        if (!files.isEmpty()) {
            Multipart.Builder multipart = Multipart.builder();
            if (form != null) {
                form.forEach((name, value) -> addFormField(multipart, name, value));
            }
            files.forEach(part -> part.accept(multipart));
            return multipart.build();
        }
        if (form != null) {
            return RequestBody.form(form);
        }
        return RequestBody.empty();
    }

    private static void addFormField(Multipart.Builder multipart, String name, Object value) {
        if (value instanceof Iterable<?> values) {
            for (Object v : values) {
                multipart.field(name, String.valueOf(v));
            }
        } else {
            multipart.field(name, String.valueOf(value));
        }
    }
}
