package dev.courier;

import dev.courier.internal.url.PercentEncoding;
import dev.courier.internal.url.UrlInput;
import dev.courier.internal.url.UrlJoin;
import dev.courier.internal.url.UrlParser;
import dev.courier.internal.url.UrlRecord;
import java.util.Objects;

/**
 * An absolute URL, parsed and normalized by the WHATWG URL Standard's rules: the one value every
 * connection target, Host header, TLS name, cookie and redirect decision in Courier is taken from.
 *
 * <p>Use {@link #parse} for a URL string, {@link #resolve} for a redirect's {@code Location}, and
 * {@link #join} for a client's base URL. A {@code Url} is immutable; the {@code with} methods return
 * modified copies. Two URLs are equal when their normalized forms ({@link #toString}) are.
 *
 * <p>What normalization means: the scheme and host are lower-cased; international domain names become
 * A-labels (punycode); numeric IPv4 forms ({@code 0x7f.1}, {@code 2130706433}, {@code 127.1}) become a
 * dotted quad; IPv6 is compressed; the default port is dropped; dot segments ({@code .}, {@code ..},
 * {@code %2e}) are removed; characters a component may not hold are percent-encoded as UTF-8 (a space
 * in a path becomes {@code %20}), while existing {@code %XX} triplets are kept. For the special schemes
 * (http, https, ws, wss, ftp) {@code \} is a path separator, and the userinfo ends at the authority's
 * last {@code @}, so it is never part of the host.
 *
 * <p>Deliberate differences from the URL Standard:
 * <ul>
 *   <li>An ASCII tab, CR, LF or NUL anywhere inside the URL (after the ends are trimmed) is rejected
 *       with {@link InvalidUrlException}, where the standard silently removes tab, CR and LF. As httpx
 *       does: a CRLF in a URL must never reach the wire, and must never be dropped unnoticed either.
 *   <li>{@code file:} URLs are rejected: an HTTP client has no use for them.
 *   <li>Hosts are mapped with {@link java.net.IDN} (IDNA2003 without unassigned code points), not UTS #46
 *       non-transitional processing: {@code ß} and {@code ς} map as in transitional processing
 *       ({@code faß.de} becomes {@code fass.de}), ZWJ and ZWNJ are removed instead of rejected, code
 *       points assigned after Unicode 3.2 (most emoji) are rejected, and so are non-ASCII labels whose
 *       A-label exceeds 63 characters and {@code xn--} labels over 255 characters (the latter bounds
 *       the decoding work). A-labels are always what Courier compares, never Unicode.
 * </ul>
 *
 * <pre>{@code
 * Url url = Url.parse("HTTPS://User:p%40ss@Bücher.example:443/a/./b/../c?q=1#top");
 * url.toString();      // "https://User:p%40ss@xn--bcher-kva.example/a/c?q=1#top"
 * url.host();          // "xn--bcher-kva.example"
 * url.port();          // 443
 * url.password();      // "p@ss"
 * url.pathAndQuery();  // "/a/c?q=1"
 * url.resolve("../d").toString();   // "https://User:p%40ss@xn--bcher-kva.example/d"
 * }</pre>
 */
public final class Url {
    private final UrlRecord record;
    private final String href;
    private final String path;
    /** Computed on first use; a race computes the same string twice, harmlessly. */
    private String authority;

    private Url(UrlRecord record) {
        this.record = record;
        this.href = record.href();
        this.path = record.path();
    }

    /**
     * Parses an absolute URL; use it for every URL string that comes from a user or a config.
     *
     * <pre>{@code
     * Url.parse("http://example.com\\@evil.test/").host();   // "example.com" ('\' is a '/')
     * Url.parse("/relative");                                 // InvalidUrlException: no scheme
     * }</pre>
     *
     * @throws InvalidUrlException when the input is relative or malformed; the reason says why
     */
    public static Url parse(String input) {
        Objects.requireNonNull(input, "input");
        return new Url(UrlParser.parse(input, null));
    }

    /**
     * Tells whether {@code input} (trimmed) starts with a valid scheme and {@code :}, which is what
     * makes {@link #join} take it as a whole URL.
     *
     * <pre>{@code
     * Url.isAbsolute("https://h/");   // true
     * Url.isAbsolute("/users");       // false
     * Url.isAbsolute("mailto:a@b");   // true
     * }</pre>
     */
    public static boolean isAbsolute(String input) {
        return UrlInput.isAbsolute(Objects.requireNonNull(input, "input"));
    }

    /**
     * Resolves a reference against this URL by RFC 3986 §5 (as the URL Standard does it); use it for a
     * redirect's {@code Location} or a link in a page.
     *
     * <pre>{@code
     * Url base = Url.parse("http://a/b/c/d;p?q");
     * base.resolve("../g").toString();   // "http://a/b/g"
     * base.resolve("//h/x").toString();  // "http://h/x"
     * base.resolve("?y").toString();     // "http://a/b/c/d;p?y"
     * }</pre>
     *
     * @throws InvalidUrlException when the result is not a valid URL
     */
    public Url resolve(String reference) {
        return new Url(UrlParser.parse(Objects.requireNonNull(reference, "reference"), record));
    }

    /**
     * Merges a reference onto this URL as a client's base URL, as httpx does; use it to build request
     * URLs from {@code baseUrl}. An absolute reference is parsed on its own. Otherwise this URL's path
     * acts as a directory (a trailing {@code /} is implied), the reference's path is appended with its
     * leading slashes stripped, dot segments are then removed, and the reference's query and fragment
     * are taken; a reference with no path (empty, or only a query or fragment) gets this path as a
     * directory too ({@code https://h/v1/?page=2}). The
     * reference is never read as {@code //host}: {@code "//x/y"} becomes the path {@code x/y}.
     *
     * <pre>{@code
     * Url.parse("https://h/v1").join("/users?x=1").toString();   // "https://h/v1/users?x=1"
     * Url.parse("https://h/v1/").join("users").toString();       // "https://h/v1/users"
     * Url.parse("https://h").join("a").toString();               // "https://h/a"
     * Url.parse("https://h/v1").join("?page=2").toString();      // "https://h/v1/?page=2"
     * }</pre>
     *
     * @throws InvalidUrlException when the reference holds a forbidden character or is an invalid absolute URL
     */
    public Url join(String reference) {
        return new Url(UrlJoin.join(record, Objects.requireNonNull(reference, "reference")));
    }

    /**
     * The scheme, lower-case and without {@code :}.
     *
     * <pre>{@code
     * Url.parse("HTTPS://h/").scheme();   // "https"
     * }</pre>
     */
    public String scheme() {
        return record.scheme();
    }

    /**
     * The username, percent-decoded; "" when absent. Use it to build credentials from a URL.
     *
     * <pre>{@code
     * Url.parse("http://us%20er:pw@h/").username();   // "us er"
     * }</pre>
     */
    public String username() {
        return PercentEncoding.decode(record.username());
    }

    /**
     * The password, percent-decoded; "" when absent.
     *
     * <pre>{@code
     * Url.parse("http://user:p%40ss@h/").password();   // "p@ss"
     * }</pre>
     */
    public String password() {
        return PercentEncoding.decode(record.password());
    }

    /**
     * The username as it appears in the URL, percent-encoded; "" when absent.
     *
     * <pre>{@code
     * Url.parse("http://us er@h/").encodedUsername();   // "us%20er"
     * }</pre>
     */
    public String encodedUsername() {
        return record.username();
    }

    /**
     * The password as it appears in the URL, percent-encoded; "" when absent.
     *
     * <pre>{@code
     * Url.parse("http://u:a@b@h/").encodedPassword();   // "a%40b"
     * }</pre>
     */
    public String encodedPassword() {
        return record.password();
    }

    /**
     * The host in ASCII form: lower-case, punycode for international names, IPv4 as a dotted quad,
     * IPv6 compressed without brackets; "" for URLs without a host ({@code mailto:x}). Compare this,
     * never a Unicode form, in security decisions.
     *
     * <pre>{@code
     * Url.parse("http://0x7f.1/").host();          // "127.0.0.1"
     * Url.parse("http://[0:0::1]/").host();        // "::1"
     * Url.parse("http://ÉXAMPLE.com/").host();     // "xn--xample-9ua.com"
     * }</pre>
     */
    public String host() {
        String host = record.host();
        if (host == null) {
            return "";
        }
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * The effective port: the explicit one, else the scheme's default (http 80, https 443, ws 80,
     * wss 443, ftp 21), else -1. Use it as the port to connect to.
     *
     * <pre>{@code
     * Url.parse("https://h/").port();        // 443
     * Url.parse("http://h:8080/").port();    // 8080
     * }</pre>
     */
    public int port() {
        return record.port() != -1 ? record.port() : record.defaultPort();
    }

    /**
     * Tells whether the port is the scheme's default, either because none was given or because the
     * one given equals the default (it is then dropped from {@link #toString}).
     *
     * <pre>{@code
     * Url.parse("http://h:80/").hasDefaultPort();     // true
     * Url.parse("http://h:8080/").hasDefaultPort();   // false
     * }</pre>
     */
    public boolean hasDefaultPort() {
        return record.port() == -1;
    }

    /**
     * The host (IPv6 in brackets) plus {@code :port} when the port is not the default: the value of
     * the Host header and of the CONNECT request target's host part.
     *
     * <pre>{@code
     * Url.parse("http://[::1]:8080/").authority();   // "[::1]:8080"
     * Url.parse("https://h:443/").authority();       // "h"
     * }</pre>
     */
    public String authority() {
        String known = authority;
        if (known == null) {
            String host = record.host() == null ? "" : record.host();
            authority = known = record.port() == -1 ? host : host + ":" + record.port();
        }
        return known;
    }

    /**
     * The origin, {@code scheme "://" authority}; "null" for URLs without a host, as browsers say.
     * Use it to key connection pools and to decide whether a redirect leaves the origin.
     *
     * <pre>{@code
     * Url.parse("https://user@h:443/p?q").origin();   // "https://h"
     * }</pre>
     */
    public String origin() {
        return record.host() == null ? "null" : record.scheme() + "://" + authority();
    }

    /**
     * Tells whether both URLs share scheme, host and effective port; URLs without a host share no
     * origin. Use it to decide whether credentials may follow a redirect.
     *
     * <pre>{@code
     * Url.parse("https://h/a").sameOrigin(Url.parse("https://h:443/b"));   // true
     * Url.parse("https://h/").sameOrigin(Url.parse("http://h/"));          // false
     * }</pre>
     */
    public boolean sameOrigin(Url other) {
        return record.host() != null && other.record.host() != null && origin().equals(other.origin());
    }

    /**
     * The path, percent-encoded; at least "/" for the special schemes.
     *
     * <pre>{@code
     * Url.parse("http://h/a b/%2e%2e/c").path();   // "/c"
     * Url.parse("http://h").path();                // "/"
     * }</pre>
     */
    public String path() {
        return path;
    }

    /**
     * The query, percent-encoded and without {@code ?}; null when absent, "" when the URL ends with a
     * bare {@code ?}. Use {@link #queryParams()} for its parameters.
     *
     * <pre>{@code
     * Url.parse("http://h/?a=1&b").query();   // "a=1&b"
     * Url.parse("http://h/").query();         // null
     * }</pre>
     */
    public String query() {
        return record.query();
    }

    /**
     * The fragment, percent-encoded and without {@code #}; null when absent. It is never sent.
     *
     * <pre>{@code
     * Url.parse("http://h/#top").fragment();   // "top"
     * }</pre>
     */
    public String fragment() {
        return record.fragment();
    }

    /**
     * The HTTP request-target: the path plus {@code "?" + query} when there is a query, never a
     * fragment. For the special schemes it is printable ASCII: no space, CR, LF or other control.
     *
     * <pre>{@code
     * Url.parse("http://h/a b?x=1#f").pathAndQuery();   // "/a%20b?x=1"
     * }</pre>
     */
    public String pathAndQuery() {
        return record.query() == null ? path : path + "?" + record.query();
    }

    /**
     * The query's parameters, decoded; empty when there is no query.
     *
     * <pre>{@code
     * Url.parse("http://h/?tag=a&tag=b").queryParams().getAll("tag");   // ["a", "b"]
     * }</pre>
     */
    public QueryParams queryParams() {
        return QueryParams.parse(record.query());
    }

    /**
     * A copy whose query is {@code params} encoded; empty params remove the query. Use it to add or
     * change parameters: {@code url.withQueryParams(url.queryParams().set("page", 2))}.
     *
     * <pre>{@code
     * Url.parse("http://h/p?x=1").withQueryParams(QueryParams.of("q", "a b")).toString();   // "http://h/p?q=a+b"
     * }</pre>
     */
    public Url withQueryParams(QueryParams params) {
        return new Url(record.withQuery(params.isEmpty() ? null : params.encode()));
    }

    /**
     * A copy with the query replaced by already-encoded text (without {@code ?}); null removes it.
     * Characters a query may not hold (space, quotes, controls, non-ASCII) are percent-encoded;
     * {@code %XX} triplets are kept.
     *
     * <pre>{@code
     * Url.parse("http://h/p").withQuery("a=1&b=%20").toString();   // "http://h/p?a=1&b=%20"
     * }</pre>
     */
    public Url withQuery(String encodedQuery) {
        return new Url(record.withQuery(encodedQuery));
    }

    /**
     * A copy with the fragment replaced (without {@code #}), encoded with the fragment set; null
     * removes it.
     *
     * <pre>{@code
     * Url.parse("http://h/#a").withFragment("sec 2").toString();   // "http://h/#sec%202"
     * }</pre>
     */
    public Url withFragment(String fragment) {
        return new Url(record.withFragment(fragment));
    }

    /**
     * A copy without username and password; use it before logging a URL or sending it elsewhere.
     *
     * <pre>{@code
     * Url.parse("https://u:p@h/").withoutUserInfo().toString();   // "https://h/"
     * }</pre>
     */
    public Url withoutUserInfo() {
        return new Url(record.withUserInfo(null, null));
    }

    /**
     * A copy with the given raw (unencoded) username and password; null or "" leaves that part out.
     * Both are percent-encoded (including {@code %}), so {@link #username()} and {@link #password()}
     * give them back unchanged.
     *
     * <pre>{@code
     * Url.parse("https://h/").withUserInfo("me", "p@ss:w%rd").toString();   // "https://me:p%40ss%3Aw%25rd@h/"
     * }</pre>
     *
     * @throws IllegalStateException when the URL has no host to carry credentials
     */
    public Url withUserInfo(String username, String password) {
        return new Url(record.withUserInfo(username, password));
    }

    /**
     * A copy with the given raw path: percent-encoded with the path set ({@code ?} and {@code #}
     * included, existing {@code %XX} kept) and dot segments removed. For special schemes {@code \}
     * separates segments and a missing leading {@code /} is implied.
     *
     * <pre>{@code
     * Url.parse("http://h/old?q").withPath("/new path/../x").toString();   // "http://h/x?q"
     * }</pre>
     *
     * @throws IllegalStateException when the URL has an opaque path, such as {@code mailto:a@b}
     */
    public Url withPath(String path) {
        return new Url(record.withPath(Objects.requireNonNull(path, "path")));
    }

    /**
     * A copy with another scheme; the port is kept unless it is the new scheme's default, which is then
     * dropped. Use it to move between http and https, or ws and wss.
     *
     * <pre>{@code
     * Url.parse("http://h:443/").withScheme("https").toString();   // "https://h/"
     * Url.parse("https://h/").withScheme("http").port();            // 80
     * }</pre>
     *
     * @throws InvalidUrlException when the scheme is malformed, {@code file}, or would switch between a
     *     special scheme (http, https, ws, wss, ftp) and another one
     */
    public Url withScheme(String scheme) {
        return new Url(record.withScheme(scheme));
    }

    /** Equal when both normalized forms are: {@code Url.parse("HTTP://H:80/")} equals {@code Url.parse("http://h")}. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Url url && href.equals(url.href);
    }

    @Override
    public int hashCode() {
        return href.hashCode();
    }

    /**
     * The normalized URL (WHATWG "href"), default port omitted.
     *
     * <pre>{@code
     * Url.parse("HTTP://Example.COM:80/a/../b").toString();   // "http://example.com/b"
     * }</pre>
     */
    @Override
    public String toString() {
        return href;
    }
}
