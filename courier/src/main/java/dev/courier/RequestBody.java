package dev.courier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.internal.Json;
import dev.courier.internal.body.AggregatingSubscriber;
import dev.courier.internal.body.InMemoryContent;
import dev.courier.internal.body.InputStreamSource;
import dev.courier.internal.body.PullPublisher;
import dev.courier.internal.body.StreamedBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The content of a request: its bytes as a {@link Flow.Publisher}, its length and its content type.
 *
 * <p>Use the factories to send bytes, text, a file, a stream, a form or JSON; {@link Multipart} builds file
 * uploads. A body is <em>replayable</em> when {@link #publisher()} can be called again, which redirects, retries
 * and digest auth need; bodies over an {@link InputStream} or a caller's publisher are one-shot, and
 * {@link #buffered()} turns them into replayable ones. The factories' bodies are immutable and thread-safe (a
 * one-shot body's only state is whether it was taken). Subclass it for a body of your own.
 *
 * <p>Threading: file and stream bodies read (and may block) on the thread that calls {@code request(n)} on their
 * subscription; the network transport makes that a thread other than its event loop.
 *
 * <pre>{@code
 * RequestBody body = RequestBody.json(Map.of("name", "Ada"));
 * body.contentType();   // "application/json"
 * body.bytes();         // {"name":"Ada"}
 * }</pre>
 */
public abstract class RequestBody {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final RequestBody EMPTY = new InMemoryBody(new byte[0], null);

    /**
     * Creates a body; for subclasses that implement a body of their own.
     *
     * <p>Use the static factories unless none of them fits.
     *
     * <pre>{@code
     * class Generated extends RequestBody { ... }
     * }</pre>
     */
    protected RequestBody() {}

    /**
     * The number of bytes the body produces, or -1 when unknown (the transport then uses chunked encoding).
     *
     * <p>Use it to set Content-Length.
     *
     * <pre>{@code
     * RequestBody.of("héllo").contentLength();   // 6
     * }</pre>
     */
    public abstract long contentLength();

    /**
     * The media type the body implies, or null when it implies none (raw bytes, files and streams).
     *
     * <p>Use it as the Content-Type header unless the request sets one.
     *
     * <pre>{@code
     * RequestBody.form(Map.of("q", "x")).contentType();   // "application/x-www-form-urlencoded"
     * }</pre>
     */
    public abstract String contentType();

    /**
     * Whether {@link #publisher()} can be called again for a fresh copy of the bytes.
     *
     * <p>Use it before sending a body twice (redirects, retries); call {@link #buffered()} when it is false.
     *
     * <pre>{@code
     * RequestBody.of(inputStream).isReplayable();   // false
     * }</pre>
     */
    public abstract boolean isReplayable();

    /**
     * The bytes of the body, in chunks, with backpressure.
     *
     * <p>Use it to send the body. A replayable body gives a fresh stream per call; a one-shot body throws
     * {@link StreamConsumedException} on the second call.
     *
     * <pre>{@code
     * body.publisher().subscribe(subscriber);
     * }</pre>
     */
    public abstract Flow.Publisher<ByteBuffer> publisher();

    /**
     * The whole content of an in-memory body (bytes, text, form, JSON), as a copy.
     *
     * <p>Use it when a request's bytes are needed at once, as {@code Request.content()} does.
     *
     * <pre>{@code
     * RequestBody.of("hi").bytes();   // {'h', 'i'}
     * }</pre>
     *
     * @throws IllegalStateException for bodies not held in memory: one-shot bodies ({@link #buffered()} first)
     *     and file-backed ones
     */
    public byte[] bytes() {
        if (isReplayable()) {
            throw new IllegalStateException("This body is streamed (from a file, for example), not held in memory; "
                    + "read its publisher() for its bytes");
        }
        throw new IllegalStateException("This body is a one-shot stream and is not held in memory; "
                + "call buffered() and use the body it completes with");
    }

    /**
     * A replayable version of this body: itself when already replayable, else an in-memory copy of its bytes.
     *
     * <p>Use it before a body must be sent more than once. Buffering reads the whole one-shot body, on the thread
     * that subscribes when the source is a stream.
     *
     * <pre>{@code
     * RequestBody again = RequestBody.of(inputStream).buffered().join();
     * again.bytes();
     * }</pre>
     */
    public CompletableFuture<RequestBody> buffered() {
        if (isReplayable()) {
            return CompletableFuture.completedFuture(this);
        }
        String type = contentType();
        AggregatingSubscriber aggregator = new AggregatingSubscriber(contentLength());
        publisher().subscribe(aggregator);
        return aggregator.future().thenApply(content -> new InMemoryBody(content, type));
    }

    /**
     * The empty body: no bytes, no content type.
     *
     * <p>Use it for requests that carry no content.
     *
     * <pre>{@code
     * RequestBody.empty().contentLength();   // 0
     * }</pre>
     */
    public static RequestBody empty() {
        return EMPTY;
    }

    /**
     * A body of raw bytes, copied so later changes to the array do not change the body.
     *
     * <p>Use it for binary content whose type the request's headers give, if anyone's.
     *
     * <pre>{@code
     * RequestBody.of(new byte[] {1, 2, 3});
     * }</pre>
     */
    public static RequestBody of(byte[] content) {
        return of(content, null);
    }

    /**
     * A body of raw bytes with a content type; the array is copied.
     *
     * <p>Use it for binary content of a known media type.
     *
     * <pre>{@code
     * RequestBody.of(png, "image/png");
     * }</pre>
     */
    public static RequestBody of(byte[] content, String contentType) {
        Objects.requireNonNull(content, "content");
        return new InMemoryBody(content.clone(), contentType);
    }

    /**
     * A body of raw bytes that uses {@code content} itself, not a copy: the array must not change
     * until every request that carries the body is done. For large bodies sent often, where the copy
     * {@link #of(byte[], String)} makes costs a full pass over the bytes and as much garbage (as
     * OkHttp's {@code RequestBody.create(byte[])} and the JDK's {@code BodyPublishers.ofByteArray} do).
     *
     * <pre>{@code
     * byte[] payload = Files.readAllBytes(path);
     * client.post("/upload", o -> o.body(RequestBody.wrap(payload, "application/octet-stream")));
     * }</pre>
     *
     * @param contentType the media type, or null when the request's headers give it (if anyone does)
     */
    public static RequestBody wrap(byte[] content, String contentType) {
        Objects.requireNonNull(content, "content");
        return new InMemoryBody(content, contentType);
    }

    /**
     * A body of text encoded as UTF-8, typed {@code text/plain; charset=utf-8}.
     *
     * <p>Use it for plain text.
     *
     * <pre>{@code
     * RequestBody.of("hello");
     * }</pre>
     */
    public static RequestBody of(String text) {
        return of(text, TEXT);
    }

    /**
     * A body of text in the charset named by {@code contentType}'s {@code charset} parameter, else UTF-8.
     *
     * <p>Use it for text formats such as CSV or XML.
     *
     * <pre>{@code
     * RequestBody.of("a;b", "text/csv; charset=iso-8859-1");   // encoded as ISO-8859-1
     * }</pre>
     *
     * @throws IllegalArgumentException when the charset is unknown
     */
    public static RequestBody of(String text, String contentType) {
        Objects.requireNonNull(text, "text");
        return new InMemoryBody(text.getBytes(charsetOf(contentType)), contentType);
    }

    /**
     * A body streamed from a file in 64 KiB chunks, never loaded whole; its length is the file's size now.
     *
     * <p>Use it to upload files of any size. The body is replayable: each {@link #publisher()} reopens the file.
     *
     * <pre>{@code
     * RequestBody.of(Path.of("backup.tar"));
     * }</pre>
     *
     * @throws UncheckedIOException when the file's size cannot be read
     */
    public static RequestBody of(Path file) {
        return of(file, null);
    }

    /**
     * A body streamed from a file, with a content type.
     *
     * <p>Use it to upload a file of a known media type.
     *
     * <pre>{@code
     * RequestBody.of(Path.of("photo.jpg"), "image/jpeg");
     * }</pre>
     *
     * @throws UncheckedIOException when the file's size cannot be read
     */
    public static RequestBody of(Path file, String contentType) {
        Objects.requireNonNull(file, "file");
        long size = sizeOf(file);
        // Bounded to the size the file had now, so the Content-Length sent stays true.
        return new StreamedBody(size, contentType, () -> InputStreamSource.ofFile(file, size));
    }

    /**
     * A one-shot body read from a stream of unknown length (sent chunked); the stream is closed when done.
     *
     * <p>Use it for content produced on the fly. It cannot be replayed; see {@link #buffered()}.
     *
     * <pre>{@code
     * RequestBody.of(process.getInputStream());
     * }</pre>
     */
    public static RequestBody of(InputStream in) {
        return of(in, -1);
    }

    /**
     * A one-shot body read from a stream that holds {@code length} bytes.
     *
     * <p>Use it when the length is known, so the transport can send Content-Length. A stream that ends sooner
     * fails the body; bytes past {@code length} are not read.
     *
     * <pre>{@code
     * RequestBody.of(blob.getBinaryStream(), blob.length());
     * }</pre>
     */
    public static RequestBody of(InputStream in, long length) {
        Objects.requireNonNull(in, "in");
        checkLength(length);
        return new OneShotBody(PullPublisher.oneShot(InputStreamSource.of(in, length)), length);
    }

    /**
     * A one-shot body of unknown length from a publisher of your own.
     *
     * <p>Use it to send bytes produced by a reactive pipeline.
     *
     * <pre>{@code
     * RequestBody.of(HttpRequest.BodyPublishers.ofString("x"));
     * }</pre>
     */
    public static RequestBody of(Flow.Publisher<ByteBuffer> publisher) {
        return of(publisher, -1);
    }

    /**
     * A one-shot body from a publisher that produces exactly {@code length} bytes.
     *
     * <p>Use it when the length is known, so the transport can send Content-Length.
     *
     * <pre>{@code
     * RequestBody.of(publisher, 1024);
     * }</pre>
     */
    public static RequestBody of(Flow.Publisher<ByteBuffer> publisher, long length) {
        Objects.requireNonNull(publisher, "publisher");
        checkLength(length);
        return new OneShotBody(publisher, length);
    }

    /**
     * A form body, {@code application/x-www-form-urlencoded}, encoded as {@link QueryParams} encodes a query.
     *
     * <p>Use it to submit HTML-style forms. An {@link Iterable} value repeats its key; a null value sends the
     * key alone.
     *
     * <pre>{@code
     * RequestBody.form(Map.of("tag", List.of("a", "b")));   // tag=a&tag=b
     * }</pre>
     */
    public static RequestBody form(Map<String, ?> fields) {
        Objects.requireNonNull(fields, "fields");
        String encoded = QueryParams.of(fields).encode();
        return new InMemoryBody(encoded.getBytes(StandardCharsets.UTF_8), FORM);
    }

    /**
     * A JSON body, {@code application/json}, serialised by Courier's shared Jackson mapper.
     *
     * <p>Use it to send records, POJOs, maps and lists to JSON APIs.
     *
     * <pre>{@code
     * RequestBody.json(new User("ada", 36));   // {"name":"ada","age":36}
     * }</pre>
     *
     * @throws IllegalArgumentException when the value cannot be serialised
     */
    public static RequestBody json(Object value) {
        return json(value, Json.mapper());
    }

    /**
     * A JSON body serialised by {@code mapper}.
     *
     * <p>Use it when the API needs serialisation settings of its own (naming strategy, date format).
     *
     * <pre>{@code
     * RequestBody.json(user, new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
     * }</pre>
     *
     * @throws IllegalArgumentException when the value cannot be serialised
     */
    public static RequestBody json(Object value, ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        try {
            return new InMemoryBody(mapper.writeValueAsBytes(value), JSON);
        } catch (JsonProcessingException e) {
            String type = value == null ? "null" : value.getClass().getName();
            throw new IllegalArgumentException("Cannot serialise a " + type + " to JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Describes the body by its length, type and replayability, never its bytes (they may be secret or huge).
     *
     * <p>Use it in logs.
     *
     * <pre>{@code
     * RequestBody.of("hi").toString();   // RequestBody[length=2, type=text/plain; charset=utf-8, replayable]
     * }</pre>
     */
    @Override
    public String toString() {
        return "RequestBody[length=" + contentLength() + ", type=" + contentType()
                + (isReplayable() ? ", replayable]" : ", one-shot]");
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the size of " + file, e);
        }
    }

    private static void checkLength(long length) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0, got " + length);
        }
    }

    private static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        for (String param : contentType.split(";")) {
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String name = param.substring(eq + 1).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new IllegalArgumentException("Unknown charset \"" + name + "\" in " + contentType, e);
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** Bytes held in memory; the array is owned by the body and only handed out as copies or read-only views. */
    private static final class InMemoryBody extends RequestBody implements InMemoryContent {
        private final byte[] content;
        private final String contentType;

        InMemoryBody(byte[] content, String contentType) {
            this.content = content;
            this.contentType = contentType;
        }

        @Override
        public long contentLength() {
            return content.length;
        }

        @Override
        public String contentType() {
            return contentType;
        }

        @Override
        public boolean isReplayable() {
            return true;
        }

        @Override
        public Flow.Publisher<ByteBuffer> publisher() {
            return PullPublisher.of(content);
        }

        @Override
        public byte[] bytes() {
            return content.clone();
        }

        @Override
        public byte[] array() {
            return content;
        }
    }

    /** A stream or a caller's publisher, handed out once. */
    private static final class OneShotBody extends RequestBody {
        private final Flow.Publisher<ByteBuffer> publisher;
        private final long length;
        private final AtomicBoolean taken = new AtomicBoolean();

        OneShotBody(Flow.Publisher<ByteBuffer> publisher, long length) {
            this.publisher = publisher;
            this.length = length;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public String contentType() {
            return null;
        }

        @Override
        public boolean isReplayable() {
            return false;
        }

        @Override
        public Flow.Publisher<ByteBuffer> publisher() {
            if (!taken.compareAndSet(false, true)) {
                throw new StreamConsumedException("This request body is a one-shot stream and was already sent; "
                        + "call buffered() first to send it more than once");
            }
            return publisher;
        }
    }
}
