package dev.courier.cli;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the request and response heads and bodies the way people read them: on a terminal, a
 * coloured status line and header names and indented JSON; into a pipe, the body's exact bytes.
 *
 * <p>A response body is streamed: unless it is to be formatted, it goes out as it arrives, so
 * {@code courier URL > big.iso} never holds the body in memory. On a terminal, a body whose first
 * bytes contain a NUL is binary and is replaced by a one-line note (as httpie does), rather than
 * filling the screen with garbage.
 *
 * <pre>{@code
 * OutputPrinter printer = new OutputPrinter(System.out, true, true, true);
 * printer.responseHead(response);
 * printer.responseBody(response);
 * }</pre>
 */
final class OutputPrinter {
    static final String BINARY_NOTE = "+-----------------------------------------+\n"
            + "| NOTE: binary data not shown in terminal |\n"
            + "+-----------------------------------------+\n";
    private static final int FIRST_CHUNK = 8192;

    private final OutputStream out;
    private final boolean colours;
    private final boolean format;
    private final boolean terminal;

    /**
     * @param out where to write (standard output, or standard error for a download's headers)
     * @param colours whether to paint with ANSI colours
     * @param format whether to indent JSON bodies
     * @param terminal whether {@code out} is a terminal: binary bodies are then left out, and a text
     *     body ends with a newline
     */
    OutputPrinter(OutputStream out, boolean colours, boolean format, boolean terminal) {
        this.out = out;
        this.colours = colours;
        this.format = format;
        this.terminal = terminal;
    }

    /** {@code GET /path HTTP/1.1}, Host, then the request's header fields, and a blank line. */
    void requestHead(Request request, String httpVersion) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(paint(Ansi.METHOD, request.method())).append(' ')
                .append(paint(Ansi.TARGET, request.url().pathAndQuery())).append(' ')
                .append(paint(Ansi.PROTOCOL, httpVersion)).append('\n');
        // The transport adds Host from the URL (and never takes the caller's), so show it as sent.
        head.append(field("Host", request.url().authority()));
        for (Map.Entry<String, String> f : request.headers()) {
            if (!f.getKey().equalsIgnoreCase("Host")) {
                head.append(field(f.getKey(), f.getValue()));
            }
        }
        head.append('\n');
        write(head.toString());
    }

    /** The request body when it is held in memory, else a note; followed by a blank line. */
    void requestBody(Request request) throws IOException {
        RequestBody body = request.body();
        if (body.contentLength() == 0) {
            return;
        }
        byte[] bytes;
        try {
            bytes = body.bytes();
        } catch (IllegalStateException streamed) {
            // File-backed bodies (multipart with files, @file) are streamed to the server, not kept.
            write(paint(Ansi.NOTE, "[" + (body.contentLength() < 0 ? "streamed" : body.contentLength() + " bytes")
                    + (body.contentType() == null ? "" : " of " + body.contentType()) + ", streamed from a file]") + "\n\n");
            return;
        }
        String type = request.headers().get("Content-Type");
        writeBody(bytes, type, StandardCharsets.UTF_8);
        write(terminal ? "\n" : "\n\n");
    }

    /** {@code HTTP/1.1 200 OK}, the header fields, and a blank line. */
    void responseHead(Response response) throws IOException {
        StringBuilder head = new StringBuilder();
        String status = response.statusCode() + (response.reasonPhrase() == null || response.reasonPhrase().isEmpty()
                ? "" : " " + response.reasonPhrase());
        head.append(paint(Ansi.PROTOCOL, response.httpVersion())).append(' ')
                .append(paint(Ansi.forStatus(response.statusCode()), status)).append('\n');
        Headers headers = response.headers();
        for (Map.Entry<String, String> f : headers) {
            head.append(field(f.getKey(), f.getValue()));
        }
        head.append('\n');
        write(head.toString());
    }

    /**
     * Streams the response body out (formatted when asked and it is JSON), and returns the number of
     * body bytes read.
     */
    long responseBody(Response response) throws IOException {
        InputStream in = response.bodyStream();
        byte[] buffer = new byte[FIRST_CHUNK];
        int n = in.read(buffer);
        if (n < 0) {
            return 0;
        }
        if (terminal && isBinary(buffer, n, response.headers().get("Content-Type"))) {
            write(BINARY_NOTE);
            return n;
        }
        if (format) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(buffer, 0, n);
            in.transferTo(all);
            writeBody(all.toByteArray(), response.headers().get("Content-Type"), response.encoding());
            return all.size();
        }
        out.write(buffer, 0, n);
        long total = n;
        byte last = buffer[n - 1];
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
            if (n > 0) {
                last = buffer[n - 1];
            }
        }
        if (terminal && last != '\n') {
            write("\n");
        }
        out.flush();
        return total;
    }

    /** A body in memory: formatted JSON when asked and it parses, else its text; binary gets a note on a terminal. */
    private void writeBody(byte[] bytes, String contentType, Charset charset) throws IOException {
        if (terminal && isBinary(bytes, Math.min(bytes.length, FIRST_CHUNK), contentType)) {
            write(BINARY_NOTE);
            return;
        }
        if (format) {
            String text = new String(bytes, charset);
            String json = looksLikeJson(contentType, text) ? JsonFormatter.format(text, colours) : null;
            String shown = json != null ? json : text;
            write(terminal && !shown.endsWith("\n") ? shown + "\n" : shown);
            return;
        }
        out.write(bytes);
        if (terminal && bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            write("\n");
        }
        out.flush();
    }

    /** JSON by its media type, or text and scripts that start like JSON (httpie formats both). */
    static boolean looksLikeJson(String contentType, String text) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            return true;
        }
        String start = text.stripLeading();
        boolean jsonStart = start.startsWith("{") || start.startsWith("[");
        return jsonStart && (type.isEmpty() || type.startsWith("text/") || type.contains("javascript"));
    }

    /**
     * Whether the first bytes of a body are binary: a NUL among them (httpie's test, since text never
     * has one), or, for a media type that is not text, bytes that are not UTF-8.
     */
    static boolean isBinary(byte[] bytes, int length, String contentType) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return !isTextual(contentType) && !isUtf8(bytes, length);
    }

    private static boolean isTextual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript")
                || type.contains("x-www-form-urlencoded") || type.contains("charset=");
    }

    /** Valid UTF-8, allowing a character cut off at the end of the chunk. */
    private static boolean isUtf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(length);
        return !decoder.decode(ByteBuffer.wrap(bytes, 0, length), chars, false).isError();
    }

    private String field(String name, String value) {
        return paint(Ansi.HEADER_NAME, name) + ": " + value + "\n";
    }

    private String paint(String colour, String text) {
        return colours ? colour + text + Ansi.RESET : text;
    }

    /** Text goes out as UTF-8 whatever the locale says: terminals are UTF-8, and pipes get what we were sent. */
    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
