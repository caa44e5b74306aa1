package dev.courier.support.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;

/**
 * The ready-made routes of {@link JettyServer}, and the byte pattern their bodies use.
 *
 * <ul>
 *   <li>{@code /echo}, {@code /echo/...} (any method): 200, {@code application/json}:
 *       {@code {"method", "uri" (path+query as received), "path", "query" (or null), "version"
 *       ("HTTP/1.1"), "secure", "headers" (lower-cased name -> list of values, in arrival order),
 *       "body" (UTF-8 text), "bodyLength"}}.
 *   <li>{@code /bytes/{n}}: n {@link #pattern pattern} bytes with {@code Content-Length}.
 *   <li>{@code /stream/{n}?chunks=k} (k default 4): the same n bytes, chunked, in at least k
 *       separately flushed chunks of at most 64 KiB.
 *   <li>{@code /status/{code}} (200-599): that status, empty body.
 *   <li>{@code /delay/{ms}}: 200 {@code "delayed <ms> ms"} after ms milliseconds (capped at 30 s),
 *       without holding a thread.
 *   <li>{@code /gzip}: {@link #GZIP_TEXT} gzipped, {@code Content-Encoding: gzip},
 *       {@code Content-Length}; {@code /gzip?zeros=n} gzips n zero bytes, streamed (chunked).
 *   <li>{@code /headers/{n}}: 200 with n headers {@code X-Header-i: value-i} (i from 0), empty body.
 *   <li>{@code /drip?bytes=10&chunks=10&delayMs=100}: the status line and headers at once
 *       ({@code Content-Length: bytes}), then {@code chunks} pieces of the pattern, each after
 *       {@code delayMs} (capped at 30 s per piece).
 *   <li>{@code /redirect/{n}?status=302&delayMs=0}: for n &gt; 0 that status with
 *       {@code Location: /redirect/{n-1}} (the query kept), sent after delayMs (capped at 30 s);
 *       {@code /redirect/0} is 200 "done" at once.
 *   <li>{@code /redirect-to?url=U&status=302}: that status with {@code Location: U} verbatim.
 *   <li>{@code /close}: 200 "closing" with {@code Connection: close}; Jetty closes the connection.
 *   <li>{@code /trailers?bytes=n} (n default 10): n pattern bytes without {@code Content-Length}
 *       (chunked on HTTP/1.1), then the trailer fields {@code X-Bytes: n} and
 *       {@code X-Checksum: <CRC-32 of the body, lower-case hex>}.
 *   <li>{@code /echo-stream} (any method): 200 {@code application/octet-stream}, the head sent at
 *       once, then every piece of the request body written back (and flushed) as soon as it
 *       arrives, so the response streams while the upload goes on; after the body the trailer
 *       field {@code X-Received-Bytes: <request body length>}. Blocks one Jetty thread meanwhile.
 * </ul>
 *
 * <pre>{@code
 * try (JettyServer server = JettyServer.start()) {
 *     HttpResponse<byte[]> r = httpClient.send(HttpRequest.newBuilder(server.uri("/bytes/1000")).build(),
 *             HttpResponse.BodyHandlers.ofByteArray());
 *     assertThat(r.body()).isEqualTo(JettyRoutes.pattern(1000));
 * }
 * }</pre>
 */
public final class JettyRoutes {
    /** The text {@code /gzip} compresses. */
    public static final String GZIP_TEXT = "{\"gzipped\":true,\"text\":\"" + "courier ".repeat(64).trim() + "\"}";

    /** The longest delay a route waits (per wait). */
    public static final long MAX_DELAY_MS = 30_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLICE = 64 * 1024;
    private static final long MAX_BYTES = 1L << 30;

    private JettyRoutes() {}

    /** The first n bytes of the body pattern: {@code abcdefghijklmnopqrstuvwxyz} repeated. */
    public static byte[] pattern(int n) {
        return pattern(0, n);
    }

    /** n bytes of the body pattern starting at absolute position {@code offset}. */
    public static byte[] pattern(long offset, int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) ('a' + (offset + i) % 26);
        }
        return bytes;
    }

    static List<Map.Entry<String, JettyServer.Route>> defaults() {
        return List.of(
                Map.entry("/echo", JettyRoutes::echo),
                Map.entry("/echo/{rest*}", JettyRoutes::echo),
                Map.entry("/bytes/{n}", JettyRoutes::bytes),
                Map.entry("/stream/{n}", JettyRoutes::stream),
                Map.entry("/status/{code}", JettyRoutes::status),
                Map.entry("/delay/{ms}", JettyRoutes::delay),
                Map.entry("/gzip", JettyRoutes::gzip),
                Map.entry("/headers/{n}", JettyRoutes::headers),
                Map.entry("/drip", JettyRoutes::drip),
                Map.entry("/redirect/{n}", JettyRoutes::redirect),
                Map.entry("/redirect-to", JettyRoutes::redirectTo),
                Map.entry("/close", JettyRoutes::close),
                Map.entry("/trailers", JettyRoutes::trailers),
                Map.entry("/echo-stream", JettyRoutes::echoStream));
    }

    static void echo(Request request, Response response, Callback callback) throws Exception {
        byte[] body = Content.Source.asInputStream(request).readAllBytes();
        HttpURI uri = request.getHttpURI();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(field.getValue());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("method", request.getMethod());
        json.put("uri", uri.getPathQuery());
        json.put("path", uri.getPath());
        json.put("query", uri.getQuery());
        json.put("version", request.getConnectionMetaData().getProtocol());
        json.put("secure", request.isSecure());
        json.put("headers", headers);
        json.put("body", new String(body, StandardCharsets.UTF_8));
        json.put("bodyLength", body.length);
        fixed(response, callback, 200, "application/json", JSON.writeValueAsBytes(json));
    }

    static void bytes(Request request, Response response, Callback callback) throws IOException {
        long n = size(JettyServer.param(request, "n"));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, n);
        writePattern(response, callback, n, SLICE);
    }

    static void stream(Request request, Response response, Callback callback) throws IOException {
        long n = size(JettyServer.param(request, "n"));
        long chunks = Math.max(1, intQuery(request, "chunks", 4));
        long piece = Math.max(1, Math.min(SLICE, (n + chunks - 1) / chunks));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, "chunked");
        writePattern(response, callback, n, (int) piece);
    }

    static void status(Request request, Response response, Callback callback) {
        int code = Integer.parseInt(JettyServer.param(request, "code"));
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status must be 200-599: " + code);
        }
        response.setStatus(code);
        if (code != 204 && code != 304) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        }
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    static void delay(Request request, Response response, Callback callback) {
        long ms = Math.min(MAX_DELAY_MS, Math.max(0, Long.parseLong(JettyServer.param(request, "ms"))));
        byte[] body = ("delayed " + ms + " ms").getBytes(StandardCharsets.US_ASCII);
        request.getComponents().getScheduler().schedule(
                () -> fixed(response, callback, 200, "text/plain", body), ms, TimeUnit.MILLISECONDS);
    }

    static void gzip(Request request, Response response, Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
        String zeros = Request.extractQueryParameters(request).getValue("zeros");
        if (zeros == null) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buffer)) {
                gz.write(GZIP_TEXT.getBytes(StandardCharsets.UTF_8));
            }
            fixed(response, callback, 200, "application/json", buffer.toByteArray());
            return;
        }
        long n = size(zeros);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        try (OutputStream out = new GZIPOutputStream(Content.Sink.asOutputStream(response), SLICE)) {
            byte[] block = new byte[SLICE];
            for (long left = n; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    static void headers(Request request, Response response, Callback callback) {
        int n = Integer.parseInt(JettyServer.param(request, "n"));
        if (n < 0 || n > 100_000) {
            throw new IllegalArgumentException("header count must be 0-100000: " + n);
        }
        for (int i = 0; i < n; i++) {
            response.getHeaders().add("X-Header-" + i, "value-" + i);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    static void drip(Request request, Response response, Callback callback) {
        long bytes = Math.min(MAX_BYTES, Math.max(0, intQuery(request, "bytes", 10)));
        long chunks = Math.max(1, Math.min(Math.max(1, bytes), intQuery(request, "chunks", Math.min(Math.max(1, bytes), 10))));
        long delayMs = Math.min(MAX_DELAY_MS, Math.max(0, intQuery(request, "delayMs", 100)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes);
        new Runnable() {
            private long sent;
            private long piecesSent;

            @Override
            public void run() {
                long remainingPieces = chunks - piecesSent;
                int len = (int) ((bytes - sent + remainingPieces - 1) / remainingPieces);
                byte[] piece = pattern(sent, len);
                sent += len;
                piecesSent++;
                boolean last = piecesSent == chunks;
                response.write(last, ByteBuffer.wrap(piece), Callback.from(() -> {
                    if (last) {
                        callback.succeeded();
                    } else {
                        request.getComponents().getScheduler().schedule(this, delayMs, TimeUnit.MILLISECONDS);
                    }
                }, callback::failed));
            }

            void begin() {
                response.write(false, BufferUtil.EMPTY_BUFFER, Callback.from(
                        () -> request.getComponents().getScheduler().schedule(this, delayMs, TimeUnit.MILLISECONDS),
                        callback::failed));
            }
        }.begin();
    }

    static void redirect(Request request, Response response, Callback callback) {
        int n = Integer.parseInt(JettyServer.param(request, "n"));
        if (n <= 0) {
            fixed(response, callback, 200, "text/plain", "done".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        String query = request.getHttpURI().getQuery();
        long status = intQuery(request, "status", 302);
        long delayMs = Math.min(MAX_DELAY_MS, Math.max(0, intQuery(request, "delayMs", 0)));
        String location = "/redirect/" + (n - 1) + (query == null ? "" : "?" + query);
        checkRedirectStatus(status);
        if (delayMs == 0) {
            redirectTo(response, callback, status, location);
            return;
        }
        request.getComponents().getScheduler().schedule(
                () -> redirectTo(response, callback, status, location), delayMs, TimeUnit.MILLISECONDS);
    }

    static void redirectTo(Request request, Response response, Callback callback) {
        String url = Request.extractQueryParameters(request).getValue("url");
        if (url == null) {
            throw new IllegalArgumentException("missing ?url=");
        }
        redirectTo(response, callback, intQuery(request, "status", 302), url);
    }

    static void close(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        fixed(response, callback, 200, "text/plain", "closing".getBytes(StandardCharsets.US_ASCII));
    }

    static void trailers(Request request, Response response, Callback callback) {
        long n = intQuery(request, "bytes", 10);
        if (n < 0 || n > MAX_BYTES) {
            throw new IllegalArgumentException("bytes must be 0-" + MAX_BYTES + ": " + n);
        }
        CRC32 crc = new CRC32();
        for (long sent = 0; sent < n; sent += SLICE) {
            crc.update(pattern(sent, (int) Math.min(SLICE, n - sent)));
        }
        String checksum = Long.toHexString(crc.getValue());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.setTrailersSupplier(() -> HttpFields.build()
                .put("X-Bytes", Long.toString(n))
                .put("X-Checksum", checksum));
        writePattern(response, callback, n, SLICE);
    }

    static void echoStream(Request request, Response response, Callback callback) {
        AtomicLong received = new AtomicLong();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.setTrailersSupplier(() -> HttpFields.build().put("X-Received-Bytes", Long.toString(received.get())));
        try {
            blockingWrite(response, BufferUtil.EMPTY_BUFFER);
            InputStream in = Content.Source.asInputStream(request);
            byte[] buffer = new byte[SLICE];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.addAndGet(n);
                // The write is waited for, so the buffer may be reused afterwards.
                blockingWrite(response, ByteBuffer.wrap(buffer, 0, n));
            }
        } catch (Exception e) {
            callback.failed(e);
            return;
        }
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private static void blockingWrite(Response response, ByteBuffer bytes) throws Exception {
        FutureCallback written = new FutureCallback();
        response.write(false, bytes, written);
        written.get(MAX_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    private static void checkRedirectStatus(long status) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("redirect status must be 3xx: " + status);
        }
    }

    private static void redirectTo(Response response, Callback callback, long status, String location) {
        checkRedirectStatus(status);
        response.setStatus((int) status);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    private static void fixed(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void writePattern(Response response, Callback callback, long n, int slice) {
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            for (long sent = 0; sent < n; sent += slice) {
                out.write(pattern(sent, (int) Math.min(slice, n - sent)));
            }
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private static long size(String text) {
        long n = Long.parseLong(text);
        if (n < 0 || n > MAX_BYTES) {
            throw new IllegalArgumentException("size must be 0-" + MAX_BYTES + ": " + n);
        }
        return n;
    }

    private static long intQuery(Request request, String name, long fallback) {
        Fields.Field field = Request.extractQueryParameters(request).get(name);
        return field == null ? fallback : Long.parseLong(field.getValue());
    }
}
