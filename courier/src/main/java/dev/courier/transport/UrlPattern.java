package dev.courier.transport;

import dev.courier.Url;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * A pattern that chooses a transport for a URL, as httpx's mounts do: by scheme, host and port.
 *
 * <p>Forms: {@code all://} (everything), {@code https://} (one scheme), {@code http://example.com}
 * (one host, that scheme), {@code all://example.com:1234} (one host and port),
 * {@code all://*.example.com} (subdomains only), {@code all://*example.com} (the domain and its
 * subdomains). When several match, the most specific wins: a pattern with a port, then the longer
 * host, then the longer scheme ({@link #SPECIFIC_FIRST}).
 *
 * <pre>{@code
 * AsyncClient.builder()
 *         .mount("all://", defaultTransport)
 *         .mount("all://*.internal.example.com", internalTransport)
 *         .mount("http://localhost:8080", devTransport);
 * }</pre>
 */
public final class UrlPattern {
    /** Orders patterns from the most specific to the least, the order in which they are tried. */
    public static final Comparator<UrlPattern> SPECIFIC_FIRST = Comparator
            .comparingInt((UrlPattern p) -> p.port < 0 ? 1 : 0)
            .thenComparingInt(p -> -p.host.length())
            .thenComparingInt(p -> -p.scheme.length());

    private final String pattern;
    private final String scheme;
    private final String host;
    private final int port;

    private UrlPattern(String pattern, String scheme, String host, int port) {
        this.pattern = pattern;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    /**
     * Parses a pattern of the form {@code scheme://[host][:port]}, where scheme may be {@code all}.
     *
     * @throws IllegalArgumentException when the pattern has no {@code ://}, a path, or a bad port
     */
    public static UrlPattern parse(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        int sep = pattern.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("Mount pattern must look like \"scheme://host:port\" (scheme may be "
                    + "\"all\"), e.g. \"all://\" or \"https://*.example.com\": " + pattern);
        }
        String scheme = pattern.substring(0, sep).toLowerCase(Locale.ROOT);
        String authority = pattern.substring(sep + 3);
        if (authority.indexOf('/') >= 0 || authority.indexOf('?') >= 0 || authority.indexOf('#') >= 0) {
            throw new IllegalArgumentException("Mount pattern must not have a path, query or fragment: " + pattern);
        }
        String host = authority;
        int port = -1;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && authority.indexOf(']', colon) < 0) {
            host = authority.substring(0, colon);
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -2;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Mount pattern has an invalid port: " + pattern);
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new UrlPattern(pattern, scheme.equals("all") ? "" : scheme, host.toLowerCase(Locale.ROOT), port);
    }

    /** True when {@code url} falls under this pattern. */
    public boolean matches(Url url) {
        if (!scheme.isEmpty() && !scheme.equals(url.scheme())) {
            return false;
        }
        if (port >= 0 && url.port() != port) {
            return false;
        }
        if (host.isEmpty()) {
            return true;
        }
        String urlHost = url.host();
        if (host.startsWith("*.")) {
            String domain = host.substring(1);
            return urlHost.endsWith(domain) && urlHost.length() > domain.length();
        }
        if (host.startsWith("*")) {
            String domain = host.substring(1);
            return urlHost.equals(domain) || urlHost.endsWith("." + domain);
        }
        return urlHost.equals(host);
    }

    /** The pattern as given. */
    @Override
    public String toString() {
        return pattern;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlPattern p && p.scheme.equals(scheme) && p.host.equals(host) && p.port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port);
    }
}
