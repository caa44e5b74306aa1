package dev.courier.testing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One request and the means to answer it: whole responses, streamed ones, and work scheduled on
 * the channel's event loop (the endpoints that wait never block it).
 */
final class Exchange {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final ChannelHandlerContext ctx;
    final FullHttpRequest request;
    final boolean secure;
    final String path;
    final List<String> segments;
    final Map<String, List<String>> query;
    final byte[] body;
    private boolean answered;

    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, boolean secure) {
        this.ctx = ctx;
        this.request = request;
        this.secure = secure;
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        this.path = decoder.path();
        this.query = decoder.parameters();
        this.segments = new ArrayList<>();
        for (String s : decoder.rawPath().split("/")) {
            if (!s.isEmpty()) {
                segments.add(QueryStringDecoder.decodeComponent(s));
            }
        }
        byte[] bytes = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), bytes);
        this.body = bytes;
    }

    String method() {
        return request.method().name();
    }

    boolean isHead() {
        return "HEAD".equals(method());
    }

    String header(String name) {
        return request.headers().get(name);
    }

    /** The first value of a query parameter, or {@code fallback}. */
    String param(String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    /** The request's cookies by name, in order (a repeated name keeps its last value); "" for a bare name. */
    Map<String, String> cookies() {
        Map<String, String> cookies = new LinkedHashMap<>();
        String header = header("Cookie");
        if (header != null) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
                if (!name.isEmpty()) {
                    cookies.put(name, eq < 0 ? "" : pair.substring(eq + 1).trim());
                }
            }
        }
        return cookies;
    }

    /** {@code http://host:port} as the client addressed us. */
    String origin() {
        String host = header("Host");
        if (host == null) {
            host = ctx.channel().localAddress().toString().replaceFirst("^.*/", "");
        }
        return (secure ? "https" : "http") + "://" + host;
    }

    static HttpHeaders headers() {
        return new DefaultHttpHeaders();
    }

    void json(int status, Object value) {
        json(status, value, headers());
    }

    void json(int status, Object value, HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        send(status, headers, toJson(value));
    }

    void text(int status, String contentType, String text) {
        send(status, headers().set(HttpHeaderNames.CONTENT_TYPE, contentType), text.getBytes(StandardCharsets.UTF_8));
    }

    void empty(int status, HttpHeaders headers) {
        send(status, headers, new byte[0]);
    }

    /** A whole response with a Content-Length (a HEAD gets the length and no body). */
    void send(int status, HttpHeaders headers, byte[] content) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content));
        response.headers().set(headers);
        if (status != 204 && status != 304) { // these never have a body, nor a length for one
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.length);
        }
        decorate(response);
        answered = true;
        ctx.writeAndFlush(response);
    }

    /** Starts a streamed response: chunked unless {@code headers} carry a Content-Length. */
    void startStream(int status, HttpHeaders headers) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        response.headers().set(headers);
        if (!response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        decorate(response);
        answered = true;
        ctx.writeAndFlush(response);
    }

    void writeChunk(byte[] bytes) {
        if (!isHead()) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    void endStream() {
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Runs {@code task} on the event loop later, unless the client has gone by then. */
    void schedule(Runnable task, long delay, TimeUnit unit) {
        answered = true;
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                task.run();
            }
        }, delay, unit);
    }

    void fail(Throwable cause) {
        if (answered) {
            ctx.close(); // a streamed response cannot become a 500 any more
        } else {
            text(500, "text/plain; charset=utf-8", "TestServer error: " + cause);
        }
    }

    private void decorate(HttpResponse response) {
        // httpbin answers every request with these; clients' CORS code paths see the same.
        String origin = header("Origin");
        response.headers().set("Access-Control-Allow-Origin", origin == null ? "*" : origin);
        response.headers().set("Access-Control-Allow-Credentials", "true");
        response.headers().set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
    }

    static byte[] toJson(Object value) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(value);
            byte[] withNewline = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            withNewline[bytes.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
