package dev.courier;

import dev.courier.internal.SafeText;
import java.util.Objects;

/**
 * One cookie as requests and responses carry it: a name, a value, and the domain and path it is for.
 *
 * <p>An empty domain means the cookie goes to every host, and path {@code "/"} to every path: that
 * is how client-level cookies set by name and value behave. Cookies read from a response's
 * {@code Set-Cookie} carry the domain and path the server gave (or the response's host and path).
 *
 * <pre>{@code
 * Cookie c = Cookie.of("session", "abc123").withDomain("example.com").withPath("/api");
 * }</pre>
 */
public final class Cookie {
    private final String name;
    private final String value;
    private final String domain;
    private final String path;

    private Cookie(String name, String value, String domain, String path) {
        this.name = requireCookieText(name, "name");
        this.value = requireCookieText(value, "value");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.path = Objects.requireNonNull(path, "path");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Cookie name must not be empty");
        }
    }

    /** A cookie for every host and path. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, "", "/");
    }

    /** A cookie for {@code domain} (empty for any host) and {@code path}. */
    public static Cookie of(String name, String value, String domain, String path) {
        return new Cookie(name, value, domain == null ? "" : domain, path == null || path.isEmpty() ? "/" : path);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** The value, as sent. */
    public String value() {
        return value;
    }

    /** The domain, lower-case and without a leading dot; empty for any host. */
    public String domain() {
        return domain;
    }

    /** The path prefix the cookie is sent for; {@code "/"} for all. */
    public String path() {
        return path;
    }

    /** This cookie with another domain. */
    public Cookie withDomain(String domain) {
        return of(name, value, domain, path);
    }

    /** This cookie with another path. */
    public Cookie withPath(String path) {
        return of(name, value, domain, path);
    }

    /**
     * True when this cookie should be sent to {@code url}: its domain is empty, equals the host, or
     * is a parent domain of it; and its path is a prefix of the URL's path on a segment boundary.
     */
    public boolean matches(Url url) {
        String host = url.host();
        boolean domainOk = domain.isEmpty() || host.equals(domain)
                || (host.endsWith("." + domain) && !isIpLiteral(host));
        if (!domainOk) {
            return false;
        }
        String requestPath = url.path();
        if (requestPath.equals(path) || path.equals("/")) {
            return true;
        }
        return requestPath.startsWith(path)
                && (path.endsWith("/") || requestPath.charAt(path.length()) == '/');
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static String requireCookieText(String text, String what) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ';' || (what.equals("name") && (c == '=' || c == ' '))) {
                throw new IllegalArgumentException("Cookie " + what + " contains the forbidden character "
                        + SafeText.codePoint(c) + " at index " + i);
            }
        }
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie c && c.name.equals(name) && c.value.equals(value)
                && c.domain.equals(domain) && c.path.equals(path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, domain, path);
    }

    /** {@code name=[redacted] (domain path)}: cookie values are secrets. */
    @Override
    public String toString() {
        return name + "=[redacted]" + (domain.isEmpty() ? "" : " domain=" + domain) + " path=" + path;
    }
}
