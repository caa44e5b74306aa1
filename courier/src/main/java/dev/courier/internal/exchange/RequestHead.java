package dev.courier.internal.exchange;

import dev.courier.Headers;
import dev.courier.LocalProtocolException;
import dev.courier.Proxy;
import dev.courier.Request;
import dev.courier.internal.http.BasicCredentials;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A request's head as it goes out: method, request-target, the Host value and the other header
 * fields in wire order. It is decided here once for both protocols: an HTTP/1.1 connection writes it
 * as Netty's request ({@link #http1Message}), an HTTP/2 stream maps the same fields to its HEADERS,
 * so the two cannot drift apart.
 */
public final class RequestHead {
    private static final DefaultHttpHeadersFactory WIRE_HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    private final HttpMethod method;
    private final String target;
    private final String authority;
    /** Alternating names and wire values, Host excluded; only the first {@code 2 * size} are used. */
    private final String[] fields;
    private final int size;
    private final boolean wantsClose;
    private final boolean expectsContinue;
    private final boolean transferEncoding;
    /** The body's length as the head declares it (or as the body knows it), or -1 when chunked. */
    private final long contentLength;

    private RequestHead(HttpMethod method, String target, String authority, String[] fields, int size,
            boolean wantsClose, boolean expectsContinue, boolean transferEncoding, long contentLength) {
        this.method = method;
        this.target = target;
        this.authority = authority;
        this.fields = fields;
        this.size = size;
        this.wantsClose = wantsClose;
        this.expectsContinue = expectsContinue;
        this.transferEncoding = transferEncoding;
        this.contentLength = contentLength;
    }

    /**
     * The head of {@code request} on a connection that forwards to {@code forwardProxy} (its
     * credentials and headers added, for the proxy), or that leads to the origin (null), directly
     * or through a tunnel: Host from the URL (never from the caller: RELIABILITY §1.2), the caller's fields in
     * order, the proxy's, and Accept-Encoding when the caller set none. A Proxy-Authorization set
     * on the request goes only to a forwarding proxy that has no credentials of its own: directly,
     * or inside a tunnel, the origin is on the other end, and the credentials are a proxy's
     * (RELIABILITY §1.1), for example a client-wide header meant for a proxy that NO_PROXY bypasses.
     *
     * <p>A Content-Length the fields carry more than once with the same value is written once.
     *
     * @throws LocalProtocolException when the fields carry both Content-Length and Transfer-Encoding,
     *     a Content-Length that is not decimal digits or differs from the body's length or from
     *     another Content-Length field, a Transfer-Encoding other than chunked, or a value that
     *     starts with a space or tab
     */
    public static RequestHead of(Request request, String acceptEncoding, Proxy forwardProxy) {
        Headers caller = request.headers();
        Headers proxyHeaders = forwardProxy == null ? Headers.empty() : forwardProxy.headers();
        String[] fields = new String[2 * (caller.size() + proxyHeaders.size() + 2)];
        int n = 0;
        boolean hasAcceptEncoding = false;
        boolean proxyCredentials = forwardProxy != null && forwardProxy.username() != null;
        for (int i = 0; i < caller.size(); i++) {
            String name = caller.name(i);
            if (name.equalsIgnoreCase("Host")
                    || (forwardProxy == null || proxyCredentials) && name.equalsIgnoreCase("Proxy-Authorization")) {
                continue;
            }
            if (name.equalsIgnoreCase("Accept-Encoding")) {
                hasAcceptEncoding = true;
            }
            fields[n++] = name;
            fields[n++] = wireValue(startsAsFieldContent(request, name, caller.value(i)));
        }
        for (int i = 0; i < proxyHeaders.size(); i++) {
            String name = proxyHeaders.name(i);
            // The proxy's credentials replace any Proxy-Authorization, and go last.
            if (proxyCredentials && name.equalsIgnoreCase("Proxy-Authorization")) {
                continue;
            }
            fields[n++] = name;
            fields[n++] = wireValue(startsAsFieldContent(request, name, proxyHeaders.value(i)));
        }
        if (proxyCredentials) {
            fields[n++] = HttpHeaderNames.PROXY_AUTHORIZATION.toString();
            fields[n++] = BasicCredentials.header(forwardProxy.username(), forwardProxy.password());
        }
        if (!hasAcceptEncoding && acceptEncoding != null) {
            fields[n++] = HttpHeaderNames.ACCEPT_ENCODING.toString();
            fields[n++] = acceptEncoding;
        }
        long declaredLength = -1;
        boolean transferEncoding = false;
        boolean close = false;
        boolean expectContinue = false;
        // Fields are kept by copying them down to w: a repeated Content-Length is left out.
        int w = 0;
        for (int i = 0; i < n; i += 2) {
            String name = fields[i];
            if (name.equalsIgnoreCase("Content-Length")) {
                long length = contentLength(request, fields[i + 1]);
                if (declaredLength >= 0) {
                    if (length != declaredLength) {
                        throw new LocalProtocolException("The request carries two different Content-Length values, "
                                + declaredLength + " and " + length, request);
                    }
                    // The same length again is consistent, but it goes out once: a message has one
                    // Content-Length (RFC 9110 §8.6). Sent twice, each recipient chooses to refuse the
                    // message or take one of them (nghttp2 refuses any repeat over HTTP/2, where these
                    // fields become HEADERS), and recipients that frame a message differently are what
                    // request smuggling is built on.
                    continue;
                }
                declaredLength = length;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                // Only chunked frames a request body (RFC 9112 §6.1); any other coding, or chunked
                // twice, would send bytes the server cannot delimit (RELIABILITY §1.3).
                if (transferEncoding || !fields[i + 1].trim().equalsIgnoreCase("chunked")) {
                    throw new LocalProtocolException("A request's Transfer-Encoding may only be \"chunked\", in one field; got \""
                            + fields[i + 1] + "\"" + (transferEncoding ? " in a second field" : ""), request);
                }
                transferEncoding = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                close |= hasMember(fields[i + 1], "close");
            } else if (name.equalsIgnoreCase("Expect")) {
                expectContinue |= hasMember(fields[i + 1], "100-continue");
            }
            if (w != i) {
                fields[w] = name;
                fields[w + 1] = fields[i + 1];
            }
            w += 2;
        }
        n = w;
        if (declaredLength >= 0 && transferEncoding) {
            throw new LocalProtocolException("A request may not carry both Content-Length and Transfer-Encoding",
                    request);
        }
        long bodyLength = request.body().contentLength();
        if (declaredLength >= 0 && bodyLength >= 0 && declaredLength != bodyLength) {
            // A short declaration would leave the rest of the body to be read as the next request on
            // this connection, a long one would stall the server waiting for bytes that never come.
            throw new LocalProtocolException("The request's Content-Length is " + declaredLength
                    + " but its body is " + bodyLength + " bytes", request);
        }
        return new RequestHead(method(request), target(request, forwardProxy), request.url().authority(), fields,
                n / 2, close, expectContinue, transferEncoding, declaredLength >= 0 ? declaredLength : bodyLength);
    }

    /** The value of a Content-Length field: decimal digits only (RFC 9110 §8.6), no sign, space or list. */
    private static long contentLength(Request request, String value) {
        boolean digits = !value.isEmpty() && value.length() <= 18;
        for (int i = 0; digits && i < value.length(); i++) {
            digits = value.charAt(i) >= '0' && value.charAt(i) <= '9';
        }
        if (!digits) {
            throw new LocalProtocolException("The request's Content-Length \"" + value
                    + "\" is not a length in decimal digits", request);
        }
        return Long.parseLong(value);
    }

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

    /** The HTTP/1.1 header fields of {@code request} sent straight to its origin (the benchmarks call this). */
    static HttpHeaders headers(Request request, String acceptEncoding) {
        return of(request, acceptEncoding, null).http1Headers();
    }

    public HttpMethod method() {
        return method;
    }

    public String target() {
        return target;
    }

    /** The Host value: the URL's host, and its port when not the scheme's default. */
    public String authority() {
        return authority;
    }

    /** The number of fields besides Host. */
    public int size() {
        return size;
    }

    /** The name of field {@code index}, as the caller spelled it. */
    public String name(int index) {
        return fields[2 * index];
    }

    /** The value of field {@code index} as it goes on the wire: one char per byte. */
    public String value(int index) {
        return fields[2 * index + 1];
    }

    /** True when the caller asked the server to close the connection after this exchange. */
    public boolean wantsClose() {
        return wantsClose;
    }

    /**
     * The number of body bytes the head promises: its Content-Length (which {@link #of} held to the
     * body's own length when the body knows it), else the body's length, or -1 for a body of unknown
     * length sent chunked.
     */
    public long contentLength() {
        return contentLength;
    }

    /** True when the request asks for 100 (Continue) before its body. */
    public boolean expectsContinue() {
        return expectsContinue;
    }

    /**
     * Netty's HTTP/1.1 request for this head. With {@code content} (the whole body, possibly empty)
     * it is a full request that ends the request; with null the body follows as HTTP content.
     */
    public HttpRequest http1Message(ByteBuf content) {
        HttpHeaders headers = http1Headers();
        return content == null ? new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target, headers)
                : new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, content, headers,
                        EmptyHttpHeaders.INSTANCE);
    }

    HttpHeaders http1Headers() {
        // Netty's validation is off because it would repeat Courier's: every name and value here
        // comes from a Courier Headers, which refused names that are not RFC 9110 tokens and values
        // with CR, LF, NUL or another control when it was built (and is immutable), or is Courier's
        // own: the parsed URL's authority (the URL parser refuses CR, LF and controls), the settings'
        // Accept-Encoding (coding tokens) and base64 credentials. The one rule Netty adds, no space or
        // tab first, is checked by of() (startsAsFieldContent). Non-ASCII values were pre-encoded as
        // UTF-8 bytes (wireValue), one char per byte as Netty writes them.
        if (transferEncoding) {
            // The encoder decides how to frame the body by reading Transfer-Encoding as a list with
            // case and spaces ignored (" Chunked"), which only DefaultHttpHeaders does; bodies
            // streamed this way are rare.
            HttpHeaders out = WIRE_HEADERS.newHeaders();
            out.add(HttpHeaderNames.HOST, authority);
            for (int i = 0; i < 2 * size; i += 2) {
                out.add(fields[i], fields[i + 1]);
            }
            return out;
        }
        // Otherwise the encoder only walks the fields in order: Netty's read-only headers over the
        // pairs spare the hash table DefaultHttpHeaders would build per request (and drop once written).
        CharSequence[] pairs = new CharSequence[2 * size + 2];
        pairs[0] = HttpHeaderNames.HOST;
        pairs[1] = authority;
        System.arraycopy(fields, 0, pairs, 2, 2 * size);
        return new ReadOnlyHttpHeaders(false, pairs);
    }

    /**
     * The one rule of Netty's value validation that Courier's Headers does not apply: a field value
     * starts with a visible character (RFC 9110 §5.5; RFC 9113 §8.2.1 makes a leading space or tab
     * malformed in HTTP/2). Netty refused such values; so does this, failing the request instead of
     * throwing inside the event loop as Netty's check did.
     */
    private static String startsAsFieldContent(Request request, String name, String value) {
        if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(0) == '\t')) {
            throw new LocalProtocolException("The value of header \"" + name
                    + "\" starts with a space or tab, which a field value may not", request);
        }
        return value;
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

    /**
     * True when one of the comma-separated members of {@code value}, trimmed of spaces and controls,
     * is {@code member} in any ASCII case: how Netty's {@code HttpHeaders.containsValue} reads a list.
     */
    static boolean hasMember(String value, String member) {
        for (int start = 0; ; ) {
            int comma = value.indexOf(',', start);
            int from = start;
            int to = comma < 0 ? value.length() : comma;
            while (from < to && value.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && value.charAt(to - 1) <= ' ') {
                to--;
            }
            if (to - from == member.length() && value.regionMatches(true, from, member, 0, to - from)) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
    }
}
