package dev.courier;

import dev.courier.internal.SafeText;
import dev.courier.internal.cookie.DomainMatching;
import java.time.Instant;
import java.util.Objects;

/**
 * One cookie as requests and responses carry it and a {@link CookieJar} stores it: a name, a value,
 * the domain and path it is for, and the attributes a server gave it (expiry, Secure, HttpOnly,
 * SameSite, host-only).
 *
 * <p>An empty domain means the cookie goes to every host, and path {@code "/"} to every path: that
 * is how client-level cookies set by name and value behave. Cookies read from a response's
 * {@code Set-Cookie} carry the domain and path the server gave (or the response's host, host-only,
 * and the default path). A cookie is identified by name, domain and path: a jar or a
 * {@link Cookies} replaces a cookie with one of the same three.
 *
 * <p>SameSite is stored and saved but, as in every non-browser client, not enforced: Courier has no
 * notion of a "site for cookies" to compare it with.
 *
 * <pre>{@code
 * Cookie c = Cookie.of("session", "abc123").withDomain("example.com").withPath("/api");
 * Cookie d = Cookie.builder("sid", "42").domain("example.com").hostOnly(true).secure(true)
 *         .expiresAt(Instant.now().plus(Duration.ofDays(7))).build();
 * d.matches(Url.parse("https://example.com/"));       // true
 * d.matches(Url.parse("http://example.com/"));        // false: Secure
 * d.matches(Url.parse("https://www.example.com/"));   // false: host-only
 * }</pre>
 */
public final class Cookie {
    private final String name;
    private final String value;
    private final String domain;
    private final String path;
    private final Instant expiresAt;
    private final boolean secure;
    private final boolean httpOnly;
    private final boolean hostOnly;
    private final String sameSite;
    private final Instant createdAt;

    private Cookie(Builder b) {
        this.name = requireCookieText(b.name, "name");
        this.value = requireCookieText(b.value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Cookie name must not be empty");
        }
        this.domain = DomainMatching.canonicalDomain(b.domain);
        this.path = b.path == null || b.path.isEmpty() ? "/" : requireCookieText(b.path, "path");
        if (b.hostOnly && domain.isEmpty()) {
            throw new IllegalArgumentException("A host-only cookie needs a domain (the host it is for)");
        }
        this.expiresAt = b.expiresAt;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.hostOnly = b.hostOnly;
        this.sameSite = b.sameSite == null ? null : requireCookieText(b.sameSite, "SameSite");
        this.createdAt = b.createdAt != null ? b.createdAt : Instant.now();
    }

    /** A cookie for every host and path. */
    public static Cookie of(String name, String value) {
        return builder(name, value).build();
    }

    /** A cookie for {@code domain} (empty for any host) and {@code path}. */
    public static Cookie of(String name, String value, String domain, String path) {
        return builder(name, value).domain(domain).path(path).build();
    }

    /**
     * A builder for a cookie with every attribute; unset attributes default to any host, path "/",
     * a session cookie (no expiry), not Secure, not HttpOnly, not host-only, no SameSite, created now.
     *
     * <pre>{@code
     * Cookie c = Cookie.builder("theme", "dark").domain("example.com").path("/app").build();
     * }</pre>
     */
    public static Builder builder(String name, String value) {
        return new Builder(name, value);
    }

    /** A builder holding every attribute of this cookie, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(name, value).domain(domain).path(path).expiresAt(expiresAt).secure(secure)
                .httpOnly(httpOnly).hostOnly(hostOnly).sameSite(sameSite).createdAt(createdAt);
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

    /** When the cookie expires; null for a session cookie, which lives as long as its jar. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** True when the cookie is sent over https (and wss) only. */
    public boolean secure() {
        return secure;
    }

    /** True when the server marked the cookie HttpOnly (hidden from scripts in a browser). */
    public boolean httpOnly() {
        return httpOnly;
    }

    /**
     * True when the cookie goes to its exact {@link #domain()} host only, as for a Set-Cookie without
     * a Domain attribute; false when subdomains get it too.
     */
    public boolean hostOnly() {
        return hostOnly;
    }

    /** The SameSite attribute ("Strict", "Lax" or "None"), or null; stored, not enforced. */
    public String sameSite() {
        return sameSite;
    }

    /** When the cookie was first stored (kept when a cookie replaces it); orders the Cookie header. */
    public Instant createdAt() {
        return createdAt;
    }

    /** This cookie with another domain. */
    public Cookie withDomain(String domain) {
        return toBuilder().domain(domain).build();
    }

    /** This cookie with another path. */
    public Cookie withPath(String path) {
        return toBuilder().path(path).build();
    }

    /**
     * True when this cookie should be sent to {@code url} by RFC 6265 §5.4: the domain is empty (any
     * host); or, for a host-only cookie, equals the host; or else domain-matches it (equal, or a
     * parent domain on a label boundary, never for an IP address). The path must path-match
     * ({@code /foo} matches {@code /foo}, {@code /foo/} and {@code /foo/bar}, not {@code /foobar}),
     * and a Secure cookie needs https or wss. Expiry is not checked here: the jar drops expired
     * cookies.
     *
     * <pre>{@code
     * Cookie.of("a", "1", "example.com", "/foo").matches(Url.parse("http://www.example.com/foo/x"));   // true
     * Cookie.of("a", "1", "example.com", "/").matches(Url.parse("http://badexample.com/"));           // false
     * }</pre>
     */
    public boolean matches(Url url) {
        if (secure && !DomainMatching.isSecureScheme(url.scheme())) {
            return false;
        }
        String host = url.host();
        if (!domain.isEmpty()) {
            boolean domainOk = hostOnly ? host.equals(domain) : DomainMatching.domainMatches(host, domain);
            if (!domainOk) {
                return false;
            }
        }
        return path.equals("/") || DomainMatching.pathMatches(url.path(), path);
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

    /** Equal when every attribute but {@link #createdAt()} is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie c && c.name.equals(name) && c.value.equals(value)
                && c.domain.equals(domain) && c.path.equals(path) && Objects.equals(c.expiresAt, expiresAt)
                && c.secure == secure && c.httpOnly == httpOnly && c.hostOnly == hostOnly
                && Objects.equals(c.sameSite, sameSite);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, domain, path);
    }

    /** {@code name=[redacted] domain=... path=... [flags]}: cookie values are secrets. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name).append("=[redacted]");
        if (!domain.isEmpty()) {
            out.append(" domain=").append(domain);
        }
        out.append(" path=").append(path);
        if (hostOnly) {
            out.append(" hostOnly");
        }
        if (secure) {
            out.append(" secure");
        }
        if (httpOnly) {
            out.append(" httpOnly");
        }
        if (sameSite != null) {
            out.append(" sameSite=").append(sameSite);
        }
        if (expiresAt != null) {
            out.append(" expires=").append(expiresAt);
        }
        return out.toString();
    }

    /**
     * Builds a {@link Cookie} attribute by attribute; get one from {@link Cookie#builder} or
     * {@link Cookie#toBuilder}. Validation happens in {@link #build()}.
     *
     * <pre>{@code
     * Cookie c = Cookie.builder("sid", "42").domain("example.com").path("/").secure(true)
     *         .httpOnly(true).sameSite("Lax").build();
     * Cookie renewed = c.toBuilder().value("43").build();
     * }</pre>
     */
    public static final class Builder {
        private String name;
        private String value;
        private String domain = "";
        private String path = "/";
        private Instant expiresAt;
        private boolean secure;
        private boolean httpOnly;
        private boolean hostOnly;
        private String sameSite;
        private Instant createdAt;

        private Builder(String name, String value) {
            this.name = name;
            this.value = value;
        }

        /** Sets the name: not empty, no controls, {@code ;}, {@code =} or space. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Sets the value: no controls or {@code ;}. */
        public Builder value(String value) {
            this.value = value;
            return this;
        }

        /** Sets the domain (null or empty: any host); lower-cased, a leading dot removed. */
        public Builder domain(String domain) {
            this.domain = domain == null ? "" : domain;
            return this;
        }

        /** Sets the path prefix (null or empty: "/"). */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** Sets the expiry; null makes a session cookie. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** Sets whether the cookie is sent over https (and wss) only. */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Sets the HttpOnly flag. */
        public Builder httpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
            return this;
        }

        /** Sets whether only the exact domain host gets the cookie; needs a non-empty domain. */
        public Builder hostOnly(boolean hostOnly) {
            this.hostOnly = hostOnly;
            return this;
        }

        /** Sets the SameSite attribute ("Strict", "Lax", "None"), or null for none. */
        public Builder sameSite(String sameSite) {
            this.sameSite = sameSite;
            return this;
        }

        /** Sets the creation time (null: now when built). */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * The cookie.
         *
         * @throws IllegalArgumentException when the name is empty, the name, value, path or SameSite
         *     holds a forbidden character, or a host-only cookie has no domain
         */
        public Cookie build() {
            return new Cookie(this);
        }
    }
}
