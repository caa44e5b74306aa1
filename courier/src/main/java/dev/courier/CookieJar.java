package dev.courier;

import dev.courier.internal.cookie.InMemoryCookieJar;
import dev.courier.internal.cookie.NoCookieJar;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a client keeps the cookies servers set, and where it finds the ones to send: the storage
 * and retrieval models of RFC 6265 (§5.3, §5.4), with the public suffix list, size limits and
 * Netscape {@code cookies.txt} persistence. Implement it to keep cookies elsewhere (a database, a
 * per-user store); use {@link #inMemory()} for the default and {@link #none()} to turn cookies off.
 *
 * <p>A client calls {@link #saveFromResponse} with every response's {@code Set-Cookie} values and
 * {@link #loadForRequest} (or {@link #headerFor}) before every request, redirects included. The
 * other methods are for people: read, add, remove, save and load cookies by hand.
 *
 * <p>What the in-memory jar does with server cookies:
 * <ul>
 *   <li>Parses {@code Set-Cookie} by RFC 6265 §5.2: Expires in every form the §5.1.1 date algorithm
 *       accepts, Max-Age (which wins over Expires), Domain, Path, Secure, HttpOnly and SameSite.
 *   <li>Without Domain, a cookie is host-only; with Domain, it must domain-match the request host on
 *       a label boundary and must not be a public suffix (Mozilla's list, ICANN and private sections)
 *       unless it is the host itself. Cookies for IP addresses are always host-only.
 *   <li>Secure cookies are set and sent over https only, and plain http cannot overwrite them
 *       (RFC 6265bis). {@code __Secure-} and {@code __Host-} prefixes are enforced.
 *   <li>Max-Age=0, a negative Max-Age or a past Expires deletes the cookie; lifetimes are capped at
 *       400 days.
 *   <li>Name plus value over 4096 bytes: ignored. At most 50 cookies per registrable domain and 3000
 *       in all; the least recently used go first.
 *   <li>The {@code Cookie} header lists longer paths first, then older cookies first.
 * </ul>
 * Invalid or refused cookies are dropped silently, as the RFC says: server input never throws.
 *
 * <pre>{@code
 * CookieJar jar = CookieJar.inMemory();
 * Url url = Url.parse("https://www.example.com/app/login");
 * jar.saveFromResponse(url, List.of("sid=42; Domain=example.com; Path=/; Secure; HttpOnly"));
 * jar.headerFor(Url.parse("https://api.example.com/"));   // "sid=42"
 * jar.headerFor(Url.parse("http://api.example.com/"));    // null: Secure
 * jar.set("theme", "dark");                                 // for any host
 * jar.save(Path.of("cookies.txt"));                         // curl -b cookies.txt reads it
 * }</pre>
 */
public interface CookieJar {

    /**
     * Stores the cookies a response from {@code url} sets, by RFC 6265 §5.3: a cookie with the same
     * name, domain and path is replaced (keeping its creation time), and an expired one deletes it.
     * Values the jar refuses are dropped silently; this method never throws for server input.
     *
     * <pre>{@code
     * jar.saveFromResponse(response.url(), response.headers().getAll("Set-Cookie"));
     * }</pre>
     */
    void saveFromResponse(Url url, List<String> setCookieHeaders);

    /**
     * The unexpired cookies to send to {@code url} by RFC 6265 §5.4, longer paths first and then
     * older creation first; marks them as used now (for the eviction order).
     *
     * <pre>{@code
     * for (Cookie c : jar.loadForRequest(Url.parse("https://example.com/"))) { ... }
     * }</pre>
     */
    List<Cookie> loadForRequest(Url url);

    /**
     * The {@code Cookie} request header value for {@code url} ({@code "a=1; b=2"}), or null when no
     * cookie matches; built from {@link #loadForRequest}.
     *
     * <pre>{@code
     * String header = jar.headerFor(request.url());
     * if (header != null) request = request.withHeader("Cookie", header);
     * }</pre>
     */
    default String headerFor(Url url) {
        List<Cookie> cookies = loadForRequest(url);
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (Cookie c : cookies) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(c.name()).append('=').append(c.value());
        }
        return out.toString();
    }

    /**
     * A snapshot of every unexpired cookie; later changes to the jar do not show in it.
     *
     * <pre>{@code
     * for (Cookie c : jar.cookies()) System.out.println(c);   // values stay masked
     * }</pre>
     */
    Cookies cookies();

    /**
     * The value of the one unexpired cookie called {@code name}, or null when there is none.
     *
     * <pre>{@code
     * String sid = jar.get("sid");
     * }</pre>
     *
     * @throws CookieConflictException when several cookies (other domains or paths) have that name
     */
    String get(String name);

    /**
     * The value of the unexpired cookie with this name, domain and path, or null. The domain is
     * compared lower-case without a leading dot; "" is the any-host domain.
     *
     * <pre>{@code
     * jar.get("sid", "example.com", "/");
     * }</pre>
     */
    String get(String name, String domain, String path);

    /**
     * Adds a cookie, replacing the one with the same name, domain and path (whose creation time it
     * keeps). A cookie whose expiry has passed deletes that cookie instead. The server-side policy
     * (public suffixes, Secure origins) is not applied: the caller decides.
     *
     * <pre>{@code
     * jar.set(Cookie.builder("sid", "42").domain("example.com").hostOnly(true).build());
     * }</pre>
     *
     * @throws IllegalArgumentException when name and value exceed 4096 bytes
     */
    void set(Cookie cookie);

    /**
     * Adds a cookie for every host and path {@code "/"}, as {@code AsyncClient.Builder.cookie} does.
     *
     * <pre>{@code
     * jar.set("theme", "dark");
     * }</pre>
     */
    default void set(String name, String value) {
        set(Cookie.of(name, value));
    }

    /**
     * Removes every cookie called {@code name}, whatever its domain and path.
     *
     * <pre>{@code
     * jar.delete("sid");
     * }</pre>
     */
    void delete(String name);

    /**
     * Removes the cookie with this name, domain and path, if any.
     *
     * <pre>{@code
     * jar.delete("sid", "example.com", "/");
     * }</pre>
     */
    void delete(String name, String domain, String path);

    /**
     * Removes every cookie.
     *
     * <pre>{@code
     * jar.clear();
     * }</pre>
     */
    void clear();

    /**
     * Writes every unexpired cookie, session cookies included (expiry 0), to {@code file} in the
     * Netscape {@code cookies.txt} format that curl ({@code -c}/{@code -b}), wget and browser
     * extensions use: a {@code # Netscape HTTP Cookie File} header, then one tab-separated line per
     * cookie (domain, include-subdomains TRUE/FALSE, path, secure TRUE/FALSE, expiry in epoch
     * seconds, name, value), HttpOnly cookies prefixed with {@code #HttpOnly_}. A cookie for any host
     * is written with an empty domain field, which only Courier reads back. The file is replaced.
     *
     * <pre>{@code
     * jar.save(Path.of("cookies.txt"));
     * }</pre>
     *
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    void save(Path file);

    /**
     * Reads a Netscape {@code cookies.txt} (as written by {@link #save}, curl or a browser export)
     * and merges its cookies into the jar, replacing those with the same name, domain and path.
     * Expired lines and domain cookies for a public suffix are skipped.
     *
     * <pre>{@code
     * jar.load(Path.of("cookies.txt"));
     * }</pre>
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException for a malformed line, naming the file and the line number
     */
    void load(Path file);

    /**
     * A new, empty, thread-safe jar kept in memory: the default for clients.
     *
     * <pre>{@code
     * CookieJar jar = CookieJar.inMemory();
     * }</pre>
     */
    static CookieJar inMemory() {
        return new InMemoryCookieJar();
    }

    /**
     * A jar that stores nothing and sends nothing: cookies off. {@link #save} writes an empty file and
     * {@link #load} checks the file but keeps nothing.
     *
     * <pre>{@code
     * CookieJar off = CookieJar.none();
     * }</pre>
     */
    static CookieJar none() {
        return NoCookieJar.INSTANCE;
    }
}
