package dev.courier.internal.url;

import dev.courier.InvalidUrlException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed URL's components in their normalized, encoded form, as the WHATWG URL record holds them.
 *
 * <p>{@link UrlParser} fills one in; after that it is never changed, and every {@code with} method
 * returns a modified copy, so {@code dev.courier.Url} can share it freely.
 *
 * <pre>{@code
 * UrlRecord r = UrlParser.parse("HTTP://Example.com:80/a/../b?q#f", null);
 * r.host();   // "example.com"
 * r.port();   // -1: the default port is dropped
 * r.path();   // "/b"
 * r.href();   // "http://example.com/b?q#f"
 * }</pre>
 */
public final class UrlRecord {
    String scheme = "";
    String username = "";
    String password = "";
    /** Serialized host, IPv6 in brackets; null when the URL has none (mailto:x). */
    String host;
    /** The explicit port when it is not the scheme's default, else -1. */
    int port = -1;
    List<String> path = new ArrayList<>();
    /** The whole path of URLs such as {@code mailto:a@b}, which is not a list of segments; else null. */
    String opaquePath;
    String query;
    String fragment;
    /** The serialization and the path string, when the parser's fast path already had them. */
    String knownHref;
    String knownPath;

    UrlRecord() {}

    UrlRecord copy() {
        UrlRecord copy = new UrlRecord();
        copy.scheme = scheme;
        copy.username = username;
        copy.password = password;
        copy.host = host;
        copy.port = port;
        copy.path = new ArrayList<>(path);
        copy.opaquePath = opaquePath;
        copy.query = query;
        copy.fragment = fragment;
        return copy;
    }

    /** The lower-case scheme, without {@code :}. */
    public String scheme() {
        return scheme;
    }

    /** The percent-encoded username, "" when absent. */
    public String username() {
        return username;
    }

    /** The percent-encoded password, "" when absent. */
    public String password() {
        return password;
    }

    /** The serialized host (IPv6 in brackets), or null when the URL has no host. */
    public String host() {
        return host;
    }

    /** The explicit port when it differs from the scheme's default, else -1. */
    public int port() {
        return port;
    }

    /** The scheme's default port, or -1 when it has none. */
    public int defaultPort() {
        return Schemes.defaultPort(scheme);
    }

    /** Whether the scheme is special (http, https, ws, wss, ftp). */
    public boolean isSpecial() {
        return Schemes.isSpecial(scheme);
    }

    /** Whether the path is opaque ({@code mailto:x}) rather than a list of segments. */
    public boolean hasOpaquePath() {
        return opaquePath != null;
    }

    /** The encoded path: the opaque path, or "/" before each segment. */
    public String path() {
        if (knownPath != null) {
            return knownPath;
        }
        if (opaquePath != null) {
            return opaquePath;
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** The encoded query without {@code ?}, or null. */
    public String query() {
        return query;
    }

    /** The encoded fragment without {@code #}, or null. */
    public String fragment() {
        return fragment;
    }

    /** The WHATWG serialization of the whole URL. */
    public String href() {
        if (knownHref != null) {
            return knownHref;
        }
        StringBuilder out = new StringBuilder(64).append(scheme).append(':');
        if (host != null) {
            out.append("//");
            if (!username.isEmpty() || !password.isEmpty()) {
                out.append(username);
                if (!password.isEmpty()) {
                    out.append(':').append(password);
                }
                out.append('@');
            }
            out.append(host);
            if (port != -1) {
                out.append(':').append(port);
            }
        } else if (opaquePath == null && path.size() > 1 && path.get(0).isEmpty()) {
            // Without this, a path starting "//" would read back as an authority.
            out.append("/.");
        }
        out.append(path());
        if (query != null) {
            out.append('?').append(query);
        }
        if (fragment != null) {
            out.append('#').append(fragment);
        }
        return out.toString();
    }

    /**
     * A copy with the path replaced by {@code rawPath}, percent-encoded with the path set and with dot
     * segments removed.
     */
    public UrlRecord withPath(String rawPath) {
        if (opaquePath != null) {
            throw new IllegalStateException("a URL with an opaque path (such as mailto:) has no path segments to replace");
        }
        UrlRecord copy = copy();
        copy.path.clear();
        UrlParser.parsePath(copy, rawPath);
        return copy;
    }

    /** A copy with the query replaced (null removes it); characters a query may not hold are encoded. */
    public UrlRecord withQuery(String encodedQuery) {
        UrlRecord copy = copy();
        copy.query = encodedQuery == null ? null : PercentEncoding.encode(encodedQuery,
                isSpecial() ? PercentEncoding.Set.SPECIAL_QUERY : PercentEncoding.Set.QUERY);
        return copy;
    }

    /** A copy with the fragment replaced (null removes it), encoded with the fragment set. */
    public UrlRecord withFragment(String fragment) {
        UrlRecord copy = copy();
        copy.fragment = fragment == null ? null : PercentEncoding.encode(fragment, PercentEncoding.Set.FRAGMENT);
        return copy;
    }

    /**
     * A copy with raw (unencoded) credentials; null or "" leaves that part empty. The component set
     * is used, so a {@code %} in a password is encoded and reads back unchanged.
     */
    public UrlRecord withUserInfo(String rawUsername, String rawPassword) {
        boolean any = (rawUsername != null && !rawUsername.isEmpty()) || (rawPassword != null && !rawPassword.isEmpty());
        if (any && (host == null || host.isEmpty())) {
            throw new IllegalStateException("a URL without a host cannot carry a username or password");
        }
        UrlRecord copy = copy();
        copy.username = rawUsername == null ? "" : PercentEncoding.encode(rawUsername, PercentEncoding.Set.COMPONENT);
        copy.password = rawPassword == null ? "" : PercentEncoding.encode(rawPassword, PercentEncoding.Set.COMPONENT);
        return copy;
    }

    /**
     * A copy with another scheme; the port is dropped when it is the new scheme's default. Switching
     * between a special and a non-special scheme is refused, as the URL standard does, because the two
     * are parsed by different rules.
     */
    public UrlRecord withScheme(String newScheme) {
        if (newScheme == null || newScheme.isEmpty() || !Schemes.isAsciiAlpha(newScheme.charAt(0))
                || !newScheme.chars().allMatch(Schemes::isSchemeChar)) {
            throw new InvalidUrlException(newScheme, "invalid scheme");
        }
        String lower = newScheme.toLowerCase(Locale.ROOT);
        if (lower.equals("file")) {
            throw new InvalidUrlException(newScheme, "file: URLs are not supported");
        }
        if (Schemes.isSpecial(lower) != isSpecial()) {
            throw new InvalidUrlException(newScheme, "cannot switch between a special scheme (http, https, ws, wss, ftp)"
                    + " and a non-special one");
        }
        UrlRecord copy = copy();
        copy.scheme = lower;
        if (copy.port == Schemes.defaultPort(lower)) {
            copy.port = -1;
        }
        return copy;
    }
}
