package dev.courier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered collection of cookies: what a client sends by default, what a request adds,
 * and what a response set.
 *
 * <p>A cookie is identified by name, domain and path; adding one with the same three replaces it.
 * {@link #get(String)} returns the value for a name, and throws {@link CookieConflictException} when
 * several cookies share that name (ask with domain and path instead), as httpx does.
 *
 * <pre>{@code
 * Cookies c = Cookies.of(Map.of("theme", "dark")).with(Cookie.of("sid", "42", "example.com", "/"));
 * c.get("theme");                          // "dark"
 * c.headerValue(Url.parse("https://example.com/"));   // "theme=dark; sid=42"
 * }</pre>
 */
public final class Cookies implements Iterable<Cookie> {
    private static final Cookies EMPTY = new Cookies(List.of());

    private final List<Cookie> cookies;

    private Cookies(List<Cookie> cookies) {
        this.cookies = cookies;
    }

    /** No cookies. */
    public static Cookies empty() {
        return EMPTY;
    }

    /** Cookies for every host and path, from names and values in the map's order. */
    public static Cookies of(Map<String, String> namesAndValues) {
        Cookies out = EMPTY;
        for (Map.Entry<String, String> e : namesAndValues.entrySet()) {
            out = out.with(Cookie.of(e.getKey(), e.getValue()));
        }
        return out;
    }

    /**
     * The given cookies in order; a later cookie replaces an earlier one with the same name, domain
     * and path. Use it to wrap cookies taken from a jar or built one by one.
     *
     * <pre>{@code
     * Cookies c = Cookies.of(List.of(Cookie.of("a", "1"), Cookie.of("b", "2", "example.com", "/")));
     * }</pre>
     */
    public static Cookies of(Collection<Cookie> cookies) {
        Map<List<String>, Cookie> byIdentity = new LinkedHashMap<>();
        for (Cookie c : cookies) {
            Objects.requireNonNull(c, "cookie");
            byIdentity.put(List.of(c.name(), c.domain(), c.path()), c);
        }
        return byIdentity.isEmpty() ? EMPTY : new Cookies(List.copyOf(byIdentity.values()));
    }

    /** These cookies plus {@code cookie}, replacing one with the same name, domain and path. */
    public Cookies with(Cookie cookie) {
        List<Cookie> out = new ArrayList<>(cookies.size() + 1);
        boolean replaced = false;
        for (Cookie c : cookies) {
            if (sameIdentity(c, cookie)) {
                out.add(cookie);
                replaced = true;
            } else {
                out.add(c);
            }
        }
        if (!replaced) {
            out.add(cookie);
        }
        return new Cookies(Collections.unmodifiableList(out));
    }

    /** These cookies plus a cookie for every host and path. */
    public Cookies with(String name, String value) {
        return with(Cookie.of(name, value));
    }

    /** These cookies without any cookie called {@code name}, whatever its domain and path. */
    public Cookies without(String name) {
        List<Cookie> out = new ArrayList<>(cookies.size());
        for (Cookie c : cookies) {
            if (!c.name().equals(name)) {
                out.add(c);
            }
        }
        return out.size() == cookies.size() ? this : new Cookies(Collections.unmodifiableList(out));
    }

    /** These cookies updated with {@code other}: each of other's cookies replaces its namesake here. */
    public Cookies merge(Cookies other) {
        Cookies out = this;
        for (Cookie c : other) {
            out = out.with(c);
        }
        return out;
    }

    /**
     * The value of the one cookie called {@code name}, or null when there is none.
     *
     * @throws CookieConflictException when several cookies (for different domains or paths) share the name
     */
    public String get(String name) {
        Cookie found = null;
        for (Cookie c : cookies) {
            if (c.name().equals(name)) {
                if (found != null) {
                    throw new CookieConflictException(name, "Several cookies are called \"" + name
                            + "\" (for different domains or paths); use get(name, domain, path)");
                }
                found = c;
            }
        }
        return found == null ? null : found.value();
    }

    /** The value of the cookie with this name, domain and path, or null. */
    public String get(String name, String domain, String path) {
        for (Cookie c : cookies) {
            if (c.name().equals(name) && c.domain().equals(domain) && c.path().equals(path)) {
                return c.value();
            }
        }
        return null;
    }

    /** The distinct names, in order. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        for (Cookie c : cookies) {
            out.add(c.name());
        }
        return Collections.unmodifiableSet(out);
    }

    /** Names and values; for a name used more than once, the last cookie's value. */
    public Map<String, String> toMap() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Cookie c : cookies) {
            out.put(c.name(), c.value());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The number of cookies. */
    public int size() {
        return cookies.size();
    }

    /** True when there are no cookies. */
    public boolean isEmpty() {
        return cookies.isEmpty();
    }

    /**
     * The {@code Cookie} request header value for {@code url}: every matching cookie (see
     * {@link Cookie#matches}) that has not expired, as {@code name=value} in this collection's order,
     * joined with {@code "; "}; null when none matches.
     */
    public String headerValue(Url url) {
        StringBuilder out = null;
        Instant now = Instant.now();
        for (Cookie c : cookies) {
            if (c.expiresAt() != null && !c.expiresAt().isAfter(now)) {
                continue;
            }
            if (c.matches(url)) {
                if (out == null) {
                    out = new StringBuilder();
                } else {
                    out.append("; ");
                }
                out.append(c.name()).append('=').append(c.value());
            }
        }
        return out == null ? null : out.toString();
    }

    @Override
    public Iterator<Cookie> iterator() {
        return cookies.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookies other && other.cookies.equals(cookies);
    }

    @Override
    public int hashCode() {
        return cookies.hashCode();
    }

    /** The cookies with their values masked. */
    @Override
    public String toString() {
        return cookies.toString();
    }

    private static boolean sameIdentity(Cookie a, Cookie b) {
        return a.name().equals(b.name()) && a.domain().equals(b.domain()) && a.path().equals(b.path());
    }
}
