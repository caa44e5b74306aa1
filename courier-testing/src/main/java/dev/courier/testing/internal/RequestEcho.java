package dev.courier.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * httpbin's view of a request ({@code get_dict} in httpbin 0.7.0): the keys an endpoint asks
 * for, in httpbin's spelling and shapes, so that tests written against httpbin read ours alike.
 */
final class RequestEcho {
    /** Proxy headers httpbin hides from {@code headers} unless {@code ?show_env} is given. */
    private static final Set<String> ENV_HEADERS = Set.of("x-varnish", "x-request-start", "x-heroku-queue-depth",
            "x-real-ip", "x-forwarded-proto", "x-forwarded-protocol", "x-forwarded-ssl", "x-heroku-queue-wait-time",
            "x-forwarded-for", "x-heroku-dynos-in-use", "x-forwarded-port",
            "x-request-id", "via", "total-route-time", "connect-time");

    private RequestEcho() {}

    /** A map with the given httpbin keys (url, args, form, data, origin, headers, files, json, method). */
    static Map<String, Object> of(Exchange ex, String... keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> form = null;
        Map<String, Object> files = null;
        for (String key : keys) {
            switch (key) {
                case "url" -> out.put(key, ex.origin() + ex.request.uri());
                case "args" -> out.put(key, flatten(ex.query));
                case "origin" -> out.put(key, origin(ex));
                case "headers" -> out.put(key, headers(ex));
                case "method" -> out.put(key, ex.method());
                case "data" -> out.put(key, isForm(ex) ? "" : jsonSafe(ex.body));
                case "json" -> out.put(key, json(ex.body));
                case "form", "files" -> {
                    if (form == null) {
                        form = new LinkedHashMap<>();
                        files = new LinkedHashMap<>();
                        parseForm(ex, form, files);
                    }
                    out.put(key, key.equals("form") ? form : files);
                }
                default -> throw new IllegalArgumentException("no httpbin key " + key);
            }
        }
        return out;
    }

    /** The request headers with Title-Case names (werkzeug's spelling); repeated ones joined by commas. */
    static Map<String, String> headers(Exchange ex) {
        boolean showEnv = ex.query.containsKey("show_env");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : ex.request.headers()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-http2-") || (!showEnv && ENV_HEADERS.contains(lower))) {
                continue; // Netty's HTTP/2 bookkeeping, and what httpbin hides
            }
            out.merge(titleCase(lower), h.getValue(), (a, b) -> a + "," + b);
        }
        return out;
    }

    static String titleCase(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    static String origin(Exchange ex) {
        String forwarded = ex.header("X-Forwarded-For");
        if (forwarded != null) {
            return forwarded;
        }
        SocketAddress remote = ex.ctx.channel().remoteAddress();
        if (remote == null && ex.ctx.channel().parent() != null) {
            remote = ex.ctx.channel().parent().remoteAddress();
        }
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    /** One value as a string, several as a list (httpbin's {@code semiflatten}). */
    static Map<String, Object> flatten(Map<String, List<String>> multi) {
        Map<String, Object> out = new LinkedHashMap<>();
        multi.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : List.copyOf(v)));
        return out;
    }

    /** UTF-8 text as is; other bytes as a base64 data URL (httpbin's {@code json_safe}). */
    static String jsonSafe(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(bytes);
        }
    }

    private static JsonNode json(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        try {
            return Exchange.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isForm(Exchange ex) {
        String type = ex.header(HttpHeaderNames.CONTENT_TYPE.toString());
        if (type == null) {
            return false;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/form-data");
    }

    private static void parseForm(Exchange ex, Map<String, Object> form, Map<String, Object> files) {
        if (!isForm(ex) || ex.body.length == 0) {
            return;
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        Map<String, List<String>> uploads = new LinkedHashMap<>();
        HttpPostRequestDecoder decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), ex.request);
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload upload) {
                    uploads.computeIfAbsent(upload.getName(), k -> new ArrayList<>()).add(jsonSafe(upload.get()));
                } else if (data instanceof Attribute attribute) {
                    fields.computeIfAbsent(attribute.getName(), k -> new ArrayList<>()).add(attribute.getValue());
                }
            }
        } catch (IOException | HttpPostRequestDecoder.ErrorDataDecoderException e) {
            return; // httpbin shows an unparsable form as empty
        } finally {
            decoder.destroy();
        }
        form.putAll(flatten(fields));
        files.putAll(flatten(uploads));
    }
}
