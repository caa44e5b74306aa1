package dev.courier.internal.http2;

import dev.courier.internal.exchange.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import io.netty.util.AsciiString;
import io.netty.util.internal.StringUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link RequestHead} as the fields of an HTTP/2 HEADERS frame, built straight from the head: what
 * Netty's {@code HttpConversionUtil.toHttp2Headers} makes of the equivalent HTTP/1.1 request
 * (pseudo-header fields, names lower-cased, connection-specific fields dropped, TE only as
 * "trailers", Cookie split into its pairs), without the HTTP/1.1 headers in between.
 */
final class Http2RequestHeaders {
    /**
     * Common names in their usual spellings, lower-case and Title-Case, mapped to Netty's lower-case
     * constants: most names a request carries are turned without allocating.
     */
    private static final Map<String, AsciiString> COMMON_NAMES = commonNames(
            HttpHeaderNames.ACCEPT, HttpHeaderNames.ACCEPT_CHARSET, HttpHeaderNames.ACCEPT_ENCODING,
            HttpHeaderNames.ACCEPT_LANGUAGE, HttpHeaderNames.AUTHORIZATION, HttpHeaderNames.CACHE_CONTROL,
            HttpHeaderNames.CONNECTION, HttpHeaderNames.CONTENT_ENCODING, HttpHeaderNames.CONTENT_LENGTH,
            HttpHeaderNames.CONTENT_TYPE, HttpHeaderNames.COOKIE, HttpHeaderNames.EXPECT, HttpHeaderNames.IF_MATCH,
            HttpHeaderNames.IF_MODIFIED_SINCE, HttpHeaderNames.IF_NONE_MATCH, HttpHeaderNames.IF_RANGE,
            HttpHeaderNames.IF_UNMODIFIED_SINCE, HttpHeaderNames.ORIGIN, HttpHeaderNames.PRAGMA,
            HttpHeaderNames.RANGE, HttpHeaderNames.REFERER, HttpHeaderNames.TE, HttpHeaderNames.USER_AGENT);

    /** RFC 9113 §8.2.2, and Netty's own extension fields, which HttpConversionUtil never sends. */
    @SuppressWarnings("deprecation") // KEEP_ALIVE and PROXY_CONNECTION: deprecated names, still dropped
    private static final Set<AsciiString> CONNECTION_SPECIFIC = Set.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.HOST, HttpHeaderNames.UPGRADE,
            ExtensionHeaderNames.STREAM_ID.text(), ExtensionHeaderNames.SCHEME.text(),
            ExtensionHeaderNames.PATH.text(), ExtensionHeaderNames.PROTOCOL.text());

    private Http2RequestHeaders() {}

    /**
     * The HEADERS fields of {@code head} on a connection whose :scheme is {@code scheme}. An HTTP/2
     * stream never forwards to a proxy, so the target is origin-form and becomes :path as it is.
     *
     * @throws IllegalArgumentException for a CONNECT request, whose target is not authority-form,
     *     or a TE field that is not a valid list
     */
    static Http2Headers of(RequestHead head, AsciiString scheme) {
        // Validation off: the values passed Courier's checks (and Netty's first-character rule) in
        // RequestHead, and the names are lower-cased tokens here.
        Http2Headers out = new DefaultHttp2Headers(false, false, head.size() + 4);
        HttpMethod method = head.method();
        if (HttpMethod.CONNECT.equals(method)) {
            // As HttpConversionUtil (RFC 9113 §8.5): only :method and :authority, from an authority-form target.
            String target = head.target();
            if (target.isEmpty() || target.indexOf('@') >= 0 || target.indexOf('/') >= 0) {
                throw new IllegalArgumentException("Invalid CONNECT request target: " + target);
            }
            out.authority(target);
        } else {
            out.path(head.target());
            out.scheme(scheme);
            out.authority(head.authority());
        }
        out.method(method.asciiName());
        Set<AsciiString> nominated = nominatedByConnection(head);
        for (int i = 0; i < head.size(); i++) {
            AsciiString name = lowerCase(head.name(i));
            if (CONNECTION_SPECIFIC.contains(name) || nominated != null && nominated.contains(name)) {
                continue;
            }
            String value = head.value(i);
            if (HttpHeaderNames.TE.contentEquals(name)) {
                // RFC 9113 §8.2.2: TE may only say "trailers".
                if (allowsTrailers(value)) {
                    out.add(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
                }
            } else if (HttpHeaderNames.COOKIE.contentEquals(name)) {
                addCookie(out, value);
            } else {
                out.add(name, value);
            }
        }
        return out;
    }

    /** The lower-case names listed in the head's Connection fields (RFC 9110 §7.6.1), or null if none. */
    private static Set<AsciiString> nominatedByConnection(RequestHead head) {
        Set<AsciiString> names = null;
        for (int i = 0; i < head.size(); i++) {
            if (head.name(i).equalsIgnoreCase("Connection")) {
                if (names == null) {
                    names = new HashSet<>();
                }
                for (String member : head.value(i).split(",", -1)) {
                    names.add(AsciiString.of(member).toLowerCase().trim());
                }
            }
        }
        return names;
    }

    private static boolean allowsTrailers(String value) {
        if (value.indexOf(',') < 0) {
            return AsciiString.contentEqualsIgnoreCase(AsciiString.trim(value), HttpHeaderValues.TRAILERS);
        }
        for (CharSequence member : StringUtil.unescapeCsvFields(value)) {
            if (AsciiString.contentEqualsIgnoreCase(AsciiString.trim(member), HttpHeaderValues.TRAILERS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One field per cookie-pair (RFC 9113 §8.2.3, for better compression) when the value is a
     * well-formed "; "-separated list; else the value whole. A pair that would start with more
     * whitespace keeps the value whole too: HTTP/2 forbids a field value starting with a space
     * (HttpConversionUtil's validation refused the request there).
     */
    private static void addCookie(Http2Headers out, String value) {
        // HttpConversionUtil also keeps values with chars above 0xff whole: a wire value has none.
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == ';') {
                if (i + 1 >= value.length() || value.charAt(i + 1) != ' '
                        || i + 2 < value.length() && (value.charAt(i + 2) == ' ' || value.charAt(i + 2) == '\t')) {
                    out.add(HttpHeaderNames.COOKIE, value);
                    return;
                }
                i++;
            }
        }
        int start = 0;
        for (int semicolon; (semicolon = value.indexOf(';', start)) >= 0; start = semicolon + 2) {
            out.add(HttpHeaderNames.COOKIE, value.substring(start, semicolon));
        }
        out.add(HttpHeaderNames.COOKIE, value.substring(start));
    }

    /** {@code name} in lower case (HTTP/2 requires it); names are tokens, so ASCII. */
    static AsciiString lowerCase(String name) {
        AsciiString common = COMMON_NAMES.get(name);
        if (common != null) {
            return common;
        }
        byte[] bytes = new byte[name.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = name.charAt(i);
            bytes[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return new AsciiString(bytes, false);
    }

    private static Map<String, AsciiString> commonNames(AsciiString... names) {
        Map<String, AsciiString> out = new HashMap<>();
        for (AsciiString name : names) {
            out.put(name.toString(), name);
            out.put(titleCase(name.toString()), name);
        }
        return Map.copyOf(out);
    }

    private static String titleCase(String lowerCase) {
        char[] chars = lowerCase.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (i == 0 || chars[i - 1] == '-') {
                chars[i] = Character.toUpperCase(chars[i]);
            }
        }
        return new String(chars);
    }
}
