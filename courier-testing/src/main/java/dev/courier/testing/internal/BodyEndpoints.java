package dev.courier.testing.internal;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The endpoints about bodies and time: content codings, streams, random and ranged bytes, drip
 * and delay. Waiting is always a task scheduled on the event loop, never a sleep on it, so one
 * slow endpoint does not hold up other connections.
 */
final class BodyEndpoints {
    /** httpbin's caps: 100 KiB of bytes, 100 stream lines, 10 s of delay, 10 MiB of drip. */
    static final int MAX_BYTES = 100 * 1024;
    static final int MAX_LINES = 100;
    static final double MAX_SECONDS = 10;
    static final int MAX_DRIP_BYTES = 10 * 1024 * 1024;
    /** A drip is sent in at most this many pieces, so a big drip is not a million timer tasks. */
    private static final int MAX_DRIP_PIECES = 1000;
    private static final String OCTETS = "application/octet-stream";
    /** werkzeug's default type, which httpbin's plain error answers carry. */
    private static final String TEXT = "text/plain; charset=utf-8";
    /** Stream lines are one JSON document each, so no pretty-printing there. */
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private BodyEndpoints() {}

    static void encoded(Exchange ex, String coding) {
        Map<String, Object> body = RequestEcho.of(ex, "origin", "headers");
        body.put("method", ex.method());
        String contentEncoding;
        byte[] json;
        switch (coding) {
            case "gzip" -> {
                body.put("gzipped", true);
                json = compress(Exchange.toJson(body), GZIPOutputStream::new);
                contentEncoding = "gzip";
            }
            case "deflate" -> {
                body.put("deflated", true);
                json = compress(Exchange.toJson(body), DeflaterOutputStream::new); // zlib-wrapped, as httpbin
                contentEncoding = "deflate";
            }
            default -> {
                body.put("brotli", true);
                Brotli4jLoader.ensureAvailability();
                try {
                    json = Encoder.compress(Exchange.toJson(body));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                contentEncoding = "br";
            }
        }
        HttpHeaders h = Exchange.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CONTENT_ENCODING, contentEncoding);
        ex.send(200, h, json);
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] bytes, Compressor compressor) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(buffer)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static void stream(Exchange ex, int lines) {
        int n = Math.min(lines, MAX_LINES);
        ex.startStream(200, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
        Map<String, Object> line = RequestEcho.of(ex, "url", "args", "headers", "origin");
        for (int i = 0; i < n; i++) {
            line.put("id", i);
            ex.writeChunk((compactJson(line) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        ex.endStream();
    }

    private static String compactJson(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void streamBytes(Exchange ex, int count) {
        int n = Math.min(count, MAX_BYTES);
        // Drawn whole, then cut: the same seed gives the same bytes whatever the chunk size.
        byte[] all = new byte[n];
        random(ex).nextBytes(all);
        int chunkSize = Math.max(1, parseInt(ex.param("chunk_size", "10240"), 10240));
        ex.startStream(200, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTETS));
        for (int sent = 0; sent < n; sent += chunkSize) {
            ex.writeChunk(Arrays.copyOfRange(all, sent, Math.min(n, sent + chunkSize)));
        }
        ex.endStream();
    }

    static void bytes(Exchange ex, int count) {
        byte[] bytes = new byte[Math.min(count, MAX_BYTES)];
        random(ex).nextBytes(bytes);
        ex.send(200, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTETS), bytes);
    }

    /** A seeded generator repeats its bytes across requests (not httpbin's bytes: another generator). */
    private static Random random(Exchange ex) {
        String seed = ex.param("seed", null);
        return seed == null ? new Random() : new Random(parseInt(seed, 0));
    }

    // /range/n: the bytes "abcd…" (byte i is 'a' + i % 26), so any range can be checked by the client.
    static void range(Exchange ex, int size) {
        HttpHeaders h = Exchange.headers().set(HttpHeaderNames.ETAG, "range" + size).set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        if (size <= 0 || size > MAX_BYTES) {
            h.set(HttpHeaderNames.CONTENT_TYPE, TEXT);
            ex.send(404, h, "number of bytes must be in the range (0, 102400]".getBytes(StandardCharsets.UTF_8));
            return;
        }
        long[] span = byteRange(ex.header("Range"), size);
        if (span == null) {
            ex.send(416, h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size).set(HttpHeaderNames.CONTENT_TYPE, TEXT), new byte[0]);
            return;
        }
        int first = (int) span[0];
        int last = (int) span[1];
        byte[] bytes = new byte[last - first + 1];
        for (int i = first; i <= last; i++) {
            bytes[i - first] = (byte) ('a' + i % 26);
        }
        h.set(HttpHeaderNames.CONTENT_TYPE, OCTETS).set(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
        ex.send(first == 0 && last == size - 1 ? 200 : 206, h, bytes);
    }

    /** {first, last} of a single {@code bytes=} range; the whole when absent or not understood; null when unsatisfiable. */
    static long[] byteRange(String header, int size) {
        if (header == null || !header.trim().startsWith("bytes=") || header.contains(",")) {
            return new long[] {0, size - 1};
        }
        String spec = header.trim().substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[] {0, size - 1};
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            long first;
            long last;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                first = Math.max(0, size - suffix);
                last = size - 1;
                if (suffix == 0) {
                    return null;
                }
            } else {
                first = Long.parseLong(a);
                last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            }
            return first > last || first >= size ? null : new long[] {first, last};
        } catch (NumberFormatException e) {
            return new long[] {0, size - 1};
        }
    }

    // /drip: numbytes '*' bytes spread over duration seconds after delay seconds, with a Content-Length.
    static void drip(Exchange ex) {
        double duration = clampSeconds(parseDouble(ex.param("duration", "2"), 2));
        double delay = clampSeconds(parseDouble(ex.param("delay", "0"), 0));
        int numbytes = (int) Math.min(parseLong(ex.param("numbytes", "10"), 10), MAX_DRIP_BYTES);
        int code = (int) parseLong(ex.param("code", "200"), 200);
        if (numbytes <= 0) {
            ex.text(400, TEXT, "number of bytes must be positive");
            return;
        }
        if (code < 200 || code > 999) {
            code = 200;
        }
        int pieces = Math.min(numbytes, MAX_DRIP_PIECES);
        long intervalNanos = (long) (duration * 1e9 / pieces);
        HttpHeaders h = Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, OCTETS)
                .set(HttpHeaderNames.CONTENT_LENGTH, numbytes);
        int status = code;
        ex.schedule(() -> {
            ex.startStream(status, h);
            dripPiece(ex, 0, pieces, numbytes, intervalNanos);
        }, (long) (delay * 1e9), TimeUnit.NANOSECONDS);
    }

    private static void dripPiece(Exchange ex, int index, int pieces, int numbytes, long intervalNanos) {
        // Piece i carries the bytes [i*n/pieces, (i+1)*n/pieces): every byte exactly once.
        int from = (int) ((long) index * numbytes / pieces);
        int to = (int) ((long) (index + 1) * numbytes / pieces);
        byte[] piece = new byte[to - from];
        Arrays.fill(piece, (byte) '*');
        ex.writeChunk(piece);
        if (index + 1 == pieces) {
            ex.endStream();
        } else {
            ex.schedule(() -> dripPiece(ex, index + 1, pieces, numbytes, intervalNanos), intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    static void delay(Exchange ex, String seconds) {
        double delay;
        try {
            delay = clampSeconds(Double.parseDouble(seconds));
        } catch (NumberFormatException e) {
            ex.text(400, "text/html; charset=utf-8", "delay must be a number of seconds");
            return;
        }
        // The echo is taken now: the request's buffers are released once this handler returns.
        Map<String, Object> body = RequestEcho.of(ex, "args", "data", "files", "form", "headers", "origin", "url");
        ex.schedule(() -> ex.json(200, body), (long) (delay * 1e9), TimeUnit.NANOSECONDS);
    }

    private static double clampSeconds(double seconds) {
        return Double.isNaN(seconds) ? 0 : Math.max(0, Math.min(seconds, MAX_SECONDS));
    }

    private static int parseInt(String text, int fallback) {
        return (int) parseLong(text, fallback);
    }

    private static long parseLong(String text, long fallback) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static double parseDouble(String text, double fallback) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
