package dev.courier.internal.url;

import java.util.ArrayList;
import java.util.List;

/**
 * The parser's fast path for the URLs a client sends most: {@code http} or {@code https}, a
 * lower-case ASCII host name or dotted quad, an optional non-default port, and a path, query and
 * fragment of characters the URL Standard leaves as they are. For such input the full parser's
 * result is the input itself, split into components, so it is built directly, without the state
 * machine and its per-code-point work. Anything else (upper case, userinfo, IPv6, IDNA, a dot
 * segment, a character that would be percent-encoded, a default or zero-padded port) returns null
 * and goes the long way; {@code CanonicalUrlTest} holds the two paths to the same answers.
 *
 * <pre>{@code
 * CanonicalUrl.parse("http://127.0.0.1:8080/users?id=7").port();   // 8080
 * CanonicalUrl.parse("HTTP://example.com/");                      // null: the full parser lower-cases it
 * }</pre>
 */
final class CanonicalUrl {
    private static final boolean[] PATH = allowed("-._~!$&'()*+,;=:@%");
    private static final boolean[] QUERY = allowed("-._~!$&()*+,;=:@%/?");
    private static final boolean[] FRAGMENT = allowed("-._~!$&'()*+,;=:@%/?#");

    private CanonicalUrl() {}

    /** The record of {@code input} when it is in canonical form (its href is itself, or itself plus "/"), else null. */
    static UrlRecord parse(String input) {
        String scheme;
        int i;
        if (input.startsWith("http://")) {
            scheme = "http";
            i = 7;
        } else if (input.startsWith("https://")) {
            scheme = "https";
            i = 8;
        } else {
            return null;
        }
        int n = input.length();
        int hostStart = i;
        int labelStart = i;
        int labels = 0;
        boolean lastAllDigits = true;
        boolean allLabelsDigits = true;
        for (; i < n; i++) {
            char c = input.charAt(i);
            if (c == '.') {
                if (i == labelStart || !label(input, labelStart, i, lastAllDigits)) {
                    return null;
                }
                labels++;
                allLabelsDigits &= lastAllDigits;
                labelStart = i + 1;
                lastAllDigits = true;
            } else if (c >= '0' && c <= '9') {
                // a digit keeps lastAllDigits as it is
            } else if ((c >= 'a' && c <= 'z') || c == '-') {
                lastAllDigits = false;
            } else {
                break;
            }
        }
        if (i == labelStart || !label(input, labelStart, i, lastAllDigits)) {
            return null; // empty host, empty or trailing label
        }
        labels++;
        if (lastAllDigits && !(labels == 4 && allLabelsDigits)) {
            return null; // a number the IPv4 parser would reinterpret (or reject)
        }
        String host = input.substring(hostStart, i);
        int port = -1;
        if (i < n && input.charAt(i) == ':') {
            int digitsStart = ++i;
            int value = 0;
            for (; i < n && i - digitsStart < 6; i++) {
                char c = input.charAt(i);
                if (c < '0' || c > '9') {
                    break;
                }
                value = value * 10 + (c - '0');
            }
            int digits = i - digitsStart;
            if (digits == 0 || digits > 5 || input.charAt(digitsStart) == '0' || value > 65535
                    || value == Schemes.defaultPort(scheme)) {
                return null;
            }
            port = value;
        }
        List<String> path = new ArrayList<>(4);
        int pathStart = i;
        boolean slashAdded = false;
        if (i == n || input.charAt(i) != '/') {
            if (i < n && input.charAt(i) != '?' && input.charAt(i) != '#') {
                return null; // '@', '[', '\', upper case, ...
            }
            path.add("");
            slashAdded = true;
        } else {
            int segmentStart = ++i;
            for (; ; i++) {
                char c = i < n ? input.charAt(i) : '?';
                if (c == '/' || c == '?' || c == '#') {
                    if (isDotSegment(input, segmentStart, i)) {
                        return null;
                    }
                    path.add(input.substring(segmentStart, i));
                    if (c != '/') {
                        break;
                    }
                    segmentStart = i + 1;
                } else if (!allowed(PATH, c)) {
                    return null;
                }
            }
        }
        String pathText = slashAdded ? "/" : input.substring(pathStart, i);
        String query = null;
        if (i < n && input.charAt(i) == '?') {
            int start = ++i;
            while (i < n && input.charAt(i) != '#') {
                if (!allowed(QUERY, input.charAt(i++))) {
                    return null;
                }
            }
            query = input.substring(start, i);
        }
        String fragment = null;
        if (i < n) {
            int start = ++i; // past '#'
            for (; i < n; i++) {
                if (!allowed(FRAGMENT, input.charAt(i))) {
                    return null;
                }
            }
            fragment = input.substring(start);
        }
        if (slashAdded && (query != null || fragment != null)) {
            return null; // "http://h?q": the href gains a '/' in the middle; rare, left to the parser
        }
        UrlRecord url = new UrlRecord();
        url.scheme = scheme;
        url.host = host;
        url.port = port;
        url.path = path;
        url.query = query;
        url.fragment = fragment;
        url.knownPath = pathText;
        url.knownHref = slashAdded ? input + "/" : input;
        return url;
    }

    /**
     * Whether a host label is one the domain or IPv4 parser keeps as it is: not an IDNA label
     * ({@code xn--}), not a hex number, and for an all-digit label of a dotted quad, 0 to 255 without
     * a leading zero.
     */
    private static boolean label(String s, int start, int end, boolean allDigits) {
        if (allDigits) {
            int length = end - start;
            return length <= 3 && (length == 1 || s.charAt(start) != '0')
                    && Integer.parseInt(s, start, end, 10) <= 255;
        }
        if (s.startsWith("xn--", start)) {
            return false;
        }
        if (end - start >= 2 && s.charAt(start) == '0' && s.charAt(start + 1) == 'x') {
            for (int j = start + 2; j < end; j++) {
                char c = s.charAt(j);
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                    return true; // "0xzz" is a name, not a number
                }
            }
            return false; // "0x7f": a hex number
        }
        return true;
    }

    /** Whether the segment may be a dot segment (".", "..", or with %2e): the parser removes those. */
    private static boolean isDotSegment(String s, int start, int end) {
        int length = end - start;
        if ((length == 1 || length == 2) && s.charAt(start) == '.' && s.charAt(end - 1) == '.') {
            return true;
        }
        for (int j = start; j + 2 < end; j++) {
            if (s.charAt(j) == '%' && s.charAt(j + 1) == '2' && (s.charAt(j + 2) | 0x20) == 'e') {
                return true;
            }
        }
        return false;
    }

    private static boolean allowed(boolean[] set, char c) {
        return c < 128 && set[c];
    }

    private static boolean[] allowed(String punctuation) {
        boolean[] set = new boolean[128];
        for (char c = '0'; c <= '9'; c++) {
            set[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            set[c] = true;
            set[c - 'a' + 'A'] = true;
        }
        for (char c : punctuation.toCharArray()) {
            set[c] = true;
        }
        return set;
    }
}
