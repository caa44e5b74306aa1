package dev.courier;

import dev.courier.internal.body.ByteArraySource;
import dev.courier.internal.body.ChunkSource;
import dev.courier.internal.body.ConcatSource;
import dev.courier.internal.body.InputStreamSource;
import dev.courier.internal.body.StreamedBody;
import java.io.ByteArrayOutputStream;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The builder of {@code multipart/form-data} request bodies: form fields and file uploads, as httpx sends
 * {@code data} with {@code files}.
 *
 * <p>Use it to upload files the way an HTML form does. Parts are written in the order they are added. The built
 * body knows its length, is replayable, and streams file parts from disk without loading them. Field names and
 * filenames are quoted, with {@code "}, CR and LF percent-escaped as browsers do (WHATWG HTML, multipart/form-data
 * encoding algorithm).
 *
 * <pre>{@code
 * RequestBody body = Multipart.builder()
 *         .field("title", "Holiday")
 *         .file("photo", Path.of("beach.jpg"))
 *         .build();
 * }</pre>
 */
public final class Multipart {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEFAULT_FILENAME = "upload";
    private static final String DEFAULT_TYPE = "application/octet-stream";
    private static final String BCHARS = "'()+_,-./:=? ";
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?= ";

    private Multipart() {}

    /**
     * Starts an empty multipart body with a random boundary.
     *
     * <p>Use it whenever a request uploads files.
     *
     * <pre>{@code
     * Multipart.builder().field("a", "1").build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The mutable collector of parts; {@link #build()} turns it into an immutable {@link RequestBody}.
     *
     * <p>Use one builder per body; it is not thread-safe.
     *
     * <pre>{@code
     * Multipart.Builder b = Multipart.builder();
     * b.field("name", "value");
     * RequestBody body = b.build();
     * }</pre>
     */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();
        private String boundary;

        private Builder() {}

        /**
         * Sets the boundary that separates the parts, instead of 32 random hex characters.
         *
         * <p>Use it for reproducible bodies, as in tests. It must be 1 to 70 characters from RFC 2046's set
         * (letters, digits and {@code '()+_,-./:=?} and space), not ending in a space.
         *
         * <pre>{@code
         * Multipart.builder().boundary("xyz").field("a", "1").build();
         * }</pre>
         *
         * @throws IllegalArgumentException when the boundary is not valid
         */
        public Builder boundary(String boundary) {
            this.boundary = validBoundary(boundary);
            return this;
        }

        /**
         * Adds a text field, encoded as UTF-8.
         *
         * <p>Use it for the non-file inputs of a form.
         *
         * <pre>{@code
         * builder.field("comment", "Nice!");
         * }</pre>
         */
        public Builder field(String name, String value) {
            Objects.requireNonNull(value, "value");
            parts.add(new Part(header(name, null, null), value.getBytes(StandardCharsets.UTF_8), null, 0));
            return this;
        }

        /**
         * Adds a file part named after the file, with a content type guessed from its name.
         *
         * <p>Use it for an upload whose name and type the file itself gives. The type comes from
         * {@link URLConnection#getFileNameMap()}, else {@code application/octet-stream}.
         *
         * <pre>{@code
         * builder.file("report", Path.of("report.pdf"));   // filename="report.pdf", application/pdf
         * }</pre>
         *
         * @throws java.io.UncheckedIOException when the file's size cannot be read
         */
        public Builder file(String name, Path file) {
            return file(name, file, null, null);
        }

        /**
         * Adds a file part with the given filename and content type; null picks the defaults of
         * {@link #file(String, Path)}.
         *
         * <p>Use it to upload a file under another name or type. The file's size is taken now and its bytes are
         * read each time the body is sent.
         *
         * <pre>{@code
         * builder.file("data", Path.of("/tmp/x1"), "export.csv", "text/csv");
         * }</pre>
         *
         * @throws java.io.UncheckedIOException when the file's size cannot be read
         */
        public Builder file(String name, Path file, String filename, String contentType) {
            Objects.requireNonNull(file, "file");
            Path leaf = file.getFileName();
            String effectiveName = filename != null ? filename : leaf != null ? leaf.toString() : DEFAULT_FILENAME;
            byte[] header = header(name, effectiveName, contentTypeOr(contentType, effectiveName));
            parts.add(new Part(header, null, file, RequestBody.sizeOf(file)));
            return this;
        }

        /**
         * Adds a file part from bytes in memory (copied); a null filename becomes {@code "upload"} and a null
         * content type is guessed from the filename.
         *
         * <p>Use it for generated content that should arrive as a file.
         *
         * <pre>{@code
         * builder.file("avatar", pngBytes, "me.png", null);   // image/png
         * }</pre>
         */
        public Builder file(String name, byte[] content, String filename, String contentType) {
            Objects.requireNonNull(content, "content");
            String effectiveName = filename != null ? filename : DEFAULT_FILENAME;
            byte[] header = header(name, effectiveName, contentTypeOr(contentType, effectiveName));
            parts.add(new Part(header, content.clone(), null, 0));
            return this;
        }

        /**
         * Builds the body: {@code multipart/form-data; boundary=...}, with a known length, replayable.
         *
         * <p>Use it once all parts are added; the builder may be used again afterwards. A body with no file
         * parts from a {@link Path} is held in memory, so {@link RequestBody#bytes()} works on it.
         *
         * <pre>{@code
         * RequestBody body = builder.build();
         * body.contentType();   // "multipart/form-data; boundary=3f2a..."
         * }</pre>
         */
        public RequestBody build() {
            String b = boundary != null ? boundary : HexFormat.of().formatHex(randomBytes());
            byte[] dashBoundary = ("--" + b + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = {'\r', '\n'};
            // Fixed bytes between file contents are merged into single segments, so the body is a short
            // alternation of in-memory runs and files.
            List<Segment> segments = new ArrayList<>();
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            for (Part part : parts) {
                run.writeBytes(dashBoundary);
                run.writeBytes(part.header());
                if (part.file() == null) {
                    run.writeBytes(part.content());
                } else {
                    segments.add(new Segment(run.toByteArray(), null, 0));
                    run.reset();
                    segments.add(new Segment(null, part.file(), part.fileSize()));
                }
                run.writeBytes(crlf);
            }
            run.writeBytes(("--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            segments.add(new Segment(run.toByteArray(), null, 0));
            String type = "multipart/form-data; boundary=" + (isToken(b) ? b : "\"" + b + "\"");
            return new MultipartBody(List.copyOf(segments), type);
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            return bytes;
        }
    }

    private static String contentTypeOr(String contentType, String filename) {
        if (contentType != null) {
            return contentType;
        }
        String guessed = URLConnection.getFileNameMap().getContentTypeFor(filename);
        return guessed != null ? guessed : DEFAULT_TYPE;
    }

    private static byte[] header(String name, String filename, String contentType) {
        Objects.requireNonNull(name, "name");
        StringBuilder h = new StringBuilder("Content-Disposition: form-data; name=\"").append(escape(name)).append('"');
        if (filename != null) {
            h.append("; filename=\"").append(escape(filename)).append('"');
        }
        if (contentType != null) {
            if (contentType.indexOf('\r') >= 0 || contentType.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("A content type must not contain CR or LF: " + contentType);
            }
            h.append("\r\nContent-Type: ").append(contentType);
        }
        return h.append("\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    // WHATWG HTML's multipart/form-data encoding: these three would end the quoted string or the header line.
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("%22");
                case '\r' -> out.append("%0D");
                case '\n' -> out.append("%0A");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String validBoundary(String boundary) {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw new IllegalArgumentException("A multipart boundary must be 1 to 70 characters and not end in a "
                    + "space (RFC 2046), got \"" + boundary + "\"");
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            if (!alnum && BCHARS.indexOf(c) < 0) {
                throw new IllegalArgumentException("A multipart boundary may hold only letters, digits and "
                        + "'()+_,-./:=? and space (RFC 2046); \"" + boundary + "\" has '" + c + "'");
            }
        }
        return boundary;
    }

    // A boundary with tspecials must be quoted in the Content-Type parameter (RFC 2045 §5.1).
    private static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (TSPECIALS.indexOf(value.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** One part as added: its rendered headers and either in-memory content or a file of a known size. */
    private record Part(byte[] header, byte[] content, Path file, long fileSize) {}

    /** A piece of the wire form: fixed bytes, or a file streamed when the body is sent. */
    private record Segment(byte[] bytes, Path file, long fileSize) {
        long length() {
            return bytes != null ? bytes.length : fileSize;
        }

        ChunkSource open() {
            return bytes != null ? new ByteArraySource(bytes) : InputStreamSource.ofFile(file, fileSize);
        }
    }

    /** The built body: a replayable concatenation of its segments. */
    private static final class MultipartBody extends StreamedBody {
        private final List<Segment> segments;

        MultipartBody(List<Segment> segments, String contentType) {
            super(segments.stream().mapToLong(Segment::length).sum(), contentType,
                    () -> new ConcatSource(segments.stream().map(Segment::open).toList()));
            this.segments = segments;
        }

        // Without file parts the whole body is one in-memory segment, so it can answer bytes() as in-memory bodies do.
        @Override
        public byte[] bytes() {
            if (segments.size() == 1) {
                return segments.get(0).bytes().clone();
            }
            return super.bytes();
        }
    }
}
