package dev.courier.internal.cookie;

import java.util.Locale;

/**
 * RFC 6265 §5.1.3 domain matching and §5.1.4 path matching, plus the small host predicates the jar
 * needs. Hosts are compared in their ASCII (punycode) form, as {@link dev.courier.Url#host()} gives
 * them; IPv6 addresses come without brackets.
 *
 * <pre>{@code
 * DomainMatching.domainMatches("www.example.com", "example.com");   // true
 * DomainMatching.domainMatches("badexample.com", "example.com");    // false: no dot boundary
 * DomainMatching.pathMatches("/foo/bar", "/foo");                    // true
 * DomainMatching.pathMatches("/foobar", "/foo");                     // false
 * }</pre>
 */
public final class DomainMatching {
    private DomainMatching() {}

    /**
     * §5.1.3: the host equals the domain, or ends with {@code "." + domain} and is not an IP address.
     * Both are expected lower-case.
     */
    public static boolean domainMatches(String host, String domain) {
        if (host.equals(domain)) {
            return true;
        }
        return !domain.isEmpty()
                && host.length() > domain.length()
                && host.endsWith(domain)
                && host.charAt(host.length() - domain.length() - 1) == '.'
                && !isIpAddress(host);
    }

    /**
     * §5.1.4: the cookie path equals the request path, or is a prefix of it that ends with {@code /}
     * or is followed by {@code /} in the request path. Paths compare case-sensitively, undecoded.
     */
    public static boolean pathMatches(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        if (!requestPath.startsWith(cookiePath)) {
            return false;
        }
        return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
    }

    /** §5.1.4 default-path: the request path up to, not including, its last {@code /}; "/" at the top. */
    public static String defaultPath(String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            return "/";
        }
        int last = requestPath.lastIndexOf('/');
        return last == 0 ? "/" : requestPath.substring(0, last);
    }

    /**
     * True for an IPv4 dotted quad or an IPv6 address (without brackets), the forms a parsed URL's
     * host takes: a WHATWG host ending in a numeric label is always parsed as IPv4.
     */
    public static boolean isIpAddress(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** True for the schemes whose connections are secure: https and wss. */
    public static boolean isSecureScheme(String scheme) {
        return "https".equals(scheme) || "wss".equals(scheme);
    }

    /**
     * The canonical form of a cookie domain given by a user or a file: lower-case, one leading dot
     * removed. Not validated: the jar checks it against the request host and the public suffixes.
     */
    public static String canonicalDomain(String domain) {
        if (domain == null) {
            return "";
        }
        String d = domain.toLowerCase(Locale.ROOT);
        return d.startsWith(".") ? d.substring(1) : d;
    }
}
