package dev.courier;

import java.util.Objects;
import java.util.Set;

/**
 * A proxy to send requests through: its URL (scheme http, https, socks5 or socks5h), credentials and
 * extra headers for the proxy.
 *
 * <p>Credentials may be given in the URL's userinfo or with {@link #withCredentials}; either way the
 * password is masked in {@link #toString()} and they are sent only to the proxy.
 *
 * <pre>{@code
 * AsyncClient.builder().proxy(Proxy.of("http://user:secret@proxy.internal:3128"));
 * }</pre>
 */
public final class Proxy {
    private static final Set<String> SCHEMES = Set.of("http", "https", "socks5", "socks5h");

    private final Url url;
    private final String username;
    private final String password;
    private final Headers headers;

    private Proxy(Url url, String username, String password, Headers headers) {
        if (!SCHEMES.contains(url.scheme())) {
            throw new IllegalArgumentException("Proxy scheme must be http, https, socks5 or socks5h: "
                    + url.withoutUserInfo());
        }
        this.url = url.withoutUserInfo();
        this.username = username;
        this.password = password;
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /** A proxy from its URL, which may carry {@code user:password@}. */
    public static Proxy of(String url) {
        return of(Url.parse(url));
    }

    /** A proxy from its URL, which may carry {@code user:password@}. */
    public static Proxy of(Url url) {
        boolean hasUser = !url.username().isEmpty();
        return new Proxy(url, hasUser ? url.username() : null, hasUser ? url.password() : null, Headers.empty());
    }

    /** This proxy with these credentials (Basic for HTTP proxies, username/password for SOCKS5). */
    public Proxy withCredentials(String username, String password) {
        return new Proxy(url, Objects.requireNonNull(username, "username"), Objects.requireNonNull(password, "password"),
                headers);
    }

    /** This proxy with headers sent to the proxy itself (on CONNECT, or with absolute-form requests). */
    public Proxy withHeaders(Headers headers) {
        return new Proxy(url, username, password, headers);
    }

    /** The proxy URL, without credentials. */
    public Url url() {
        return url;
    }

    /** The user name, or null when none. */
    public String username() {
        return username;
    }

    /** The password, or null when none. */
    public String password() {
        return password;
    }

    /** Headers for the proxy. */
    public Headers headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proxy p && p.url.equals(url) && Objects.equals(p.username, username)
                && Objects.equals(p.password, password) && p.headers.equals(headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, username, password, headers);
    }

    /** The URL with the password masked: {@code Proxy[http://user:****@host:3128]}. */
    @Override
    public String toString() {
        if (username == null) {
            return "Proxy[" + url + "]";
        }
        String s = url.toString();
        int at = s.indexOf("://") + 3;
        return "Proxy[" + s.substring(0, at) + username + ":****@" + s.substring(at) + "]";
    }
}
