package dev.courier.internal.exchange;

import dev.courier.LocalProtocolException;
import dev.courier.Request;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Turns a Courier request into the HTTP/1.1 request line and headers Netty writes. */
final class RequestHead {
    private RequestHead() {}

    /** The request-target: origin-form (path and query) for a direct request. */
    static String target(Request request) {
        return request.url().pathAndQuery();
    }

    static HttpMethod method(Request request) {
        return HttpMethod.valueOf(request.method());
    }

    /**
     * The wire headers: Host from the URL (never from the caller: RELIABILITY §1.2), the caller's
     * fields in order, and Accept-Encoding when the caller set none. Netty validates every name and
     * value again (validation is never turned off).
     */
    static HttpHeaders headers(Request request, String acceptEncoding) {
        HttpHeaders out = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        out.add(HttpHeaderNames.HOST, request.url().authority());
        boolean hasAcceptEncoding = false;
        for (Map.Entry<String, String> field : request.headers()) {
            String name = field.getKey();
            if (name.equalsIgnoreCase("Host")) {
                continue;
            }
            if (name.equalsIgnoreCase("Accept-Encoding")) {
                hasAcceptEncoding = true;
            }
            out.add(name, wireValue(field.getValue()));
        }
        if (!hasAcceptEncoding && acceptEncoding != null) {
            out.add(HttpHeaderNames.ACCEPT_ENCODING, acceptEncoding);
        }
        if (out.contains(HttpHeaderNames.CONTENT_LENGTH) && out.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            throw new LocalProtocolException("A request may not carry both Content-Length and Transfer-Encoding",
                    request);
        }
        return out;
    }

    /** Non-ASCII values go out as UTF-8: Netty writes each char as one byte, so pre-encode. */
    private static String wireValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            }
        }
        return value;
    }

    /** True when the caller asked the server to close the connection after this exchange. */
    static boolean wantsClose(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.CONNECTION, "close", true);
    }

}
