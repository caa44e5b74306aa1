package dev.courier.internal.exchange;

import dev.courier.LocalProtocolException;
import dev.courier.Proxy;
import dev.courier.internal.http.BasicCredentials;
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

    /**
     * The request-target: origin-form (path and query) for the origin, absolute-form (without
     * userinfo or fragment) for a forwarding proxy.
     */
    static String target(Request request, Proxy forwardProxy) {
        return forwardProxy == null ? request.url().pathAndQuery() : request.url().origin() + request.url().pathAndQuery();
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
        return headers(request, acceptEncoding, null, false);
    }

    /**
     * The wire headers on a connection that forwards to {@code forwardProxy} (its credentials and
     * headers added, for the proxy) or is {@code tunnelled} through a proxy: inside a tunnel the
     * origin is on the other end, so a Proxy-Authorization set on the request is not sent (it is
     * the proxy's, RELIABILITY §1.1).
     */
    static HttpHeaders headers(Request request, String acceptEncoding, Proxy forwardProxy, boolean tunnelled) {
        HttpHeaders out = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        out.add(HttpHeaderNames.HOST, request.url().authority());
        boolean hasAcceptEncoding = false;
        boolean proxyCredentials = forwardProxy != null && forwardProxy.username() != null;
        for (Map.Entry<String, String> field : request.headers()) {
            String name = field.getKey();
            if (name.equalsIgnoreCase("Host")
                    || (tunnelled || proxyCredentials) && name.equalsIgnoreCase("Proxy-Authorization")) {
                continue;
            }
            if (name.equalsIgnoreCase("Accept-Encoding")) {
                hasAcceptEncoding = true;
            }
            out.add(name, wireValue(field.getValue()));
        }
        if (forwardProxy != null) {
            for (Map.Entry<String, String> field : forwardProxy.headers()) {
                out.add(field.getKey(), field.getValue());
            }
            if (proxyCredentials) {
                out.set(HttpHeaderNames.PROXY_AUTHORIZATION, BasicCredentials.header(forwardProxy.username(),
                        forwardProxy.password()));
            }
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
