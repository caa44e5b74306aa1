package dev.courier.internal.cookie;

import dev.courier.Cookie;
import dev.courier.Url;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns a parsed Set-Cookie into a {@link Cookie} for the URL that set it: RFC 6265 §5.3 steps 1–10
 * plus the stable RFC 6265bis rules, everything that does not depend on what the jar already holds.
 *
 * <p>{@link #accept} is the jar's gate: it returns null (the cookie is ignored) when name and value
 * exceed 4096 bytes; the Domain attribute is a public suffix other than the host, or does not
 * domain-match the host, or ends with a dot; a Secure cookie comes over plain http; or a
 * {@code __Secure-} / {@code __Host-} prefix's requirements are not met. Cookies for IP addresses are
 * always host-only. {@link #fromResponse} applies no policy at all, for {@code Response.cookies()}.
 * Both cap lifetimes at 400 days (RFC 6265bis §5.6.1, §5.6.2).
 *
 * <pre>{@code
 * Url from = Url.parse("https://www.example.com/a/b");
 * Cookie c = CookiePolicy.accept(SetCookieParser.parse("sid=1; Domain=example.com"), from, now, psl);
 * c.hostOnly();   // false; c.path() is "/a"
 * CookiePolicy.accept(SetCookieParser.parse("x=1; Domain=com"), from, now, psl);   // null
 * }</pre>
 */
public final class CookiePolicy {
    /** RFC 6265 §6.1 / 6265bis §5.6: name plus value at most this many bytes. */
    public static final int MAX_NAME_VALUE_BYTES = 4096;
    /** RFC 6265bis: Expires and Max-Age are capped at 400 days. */
    public static final Duration MAX_LIFETIME = Duration.ofDays(400);
    /** The expiry given to a cookie deleted by Max-Age=0 or a negative Max-Age. */
    static final Instant EXPIRED = Instant.EPOCH;

    private CookiePolicy() {}

    /** The cookie to store for {@code set}, received from {@code url} at {@code now}; null to ignore it. */
    public static Cookie accept(SetCookieParser.SetCookie set, Url url, Instant now, PublicSuffixes psl) {
        if (set == null || url == null || url.host().isEmpty() || tooLarge(set.name(), set.value())) {
            return null;
        }
        String host = url.host();
        boolean secureOrigin = DomainMatching.isSecureScheme(url.scheme());
        if (set.secure() && !secureOrigin) {
            return null;   // 6265bis §5.6 step 8: Secure only from secure origins
        }
        String domain = host;
        boolean hostOnly = true;
        if (set.domain() != null) {
            String attribute = asciiDomain(set.domain());
            if (attribute == null || attribute.endsWith(".")) {
                return null;
            }
            if (psl.isPublicSuffix(attribute)) {
                if (!attribute.equals(host)) {
                    return null;   // §5.3 step 5: a public suffix only as the host itself, host-only
                }
            } else if (!DomainMatching.domainMatches(host, attribute)) {
                return null;   // §5.3 step 6
            } else if (!DomainMatching.isIpAddress(host)) {
                domain = attribute;
                hostOnly = false;
            }
        }
        String path = set.path() != null ? set.path() : DomainMatching.defaultPath(url.path());
        if (!prefixRulesHold(set, path, secureOrigin)) {
            return null;
        }
        return build(set, domain, hostOnly, path, now);
    }

    /**
     * The cookie as the response states it, without any storage policy: the Domain attribute when
     * given (else the host, host-only), the Path attribute or the default path, the capped expiry.
     * Null only when the name or value is not a valid {@link Cookie}. Without a URL, domain is
     * empty (any host) and the default path is "/".
     */
    public static Cookie fromResponse(SetCookieParser.SetCookie set, Url url, Instant now) {
        if (set == null) {
            return null;
        }
        boolean hostOnly = set.domain() == null && url != null && !url.host().isEmpty();
        String domain = set.domain() != null ? set.domain() : url == null ? "" : url.host();
        String path = set.path() != null ? set.path() : DomainMatching.defaultPath(url == null ? "/" : url.path());
        return build(set, domain, hostOnly, path, now);
    }

    /** The expiry a cookie gets: Max-Age wins over Expires; both capped at 400 days; null for a session cookie. */
    public static Instant expiry(SetCookieParser.SetCookie set, Instant now) {
        Instant cap = now.plus(MAX_LIFETIME);
        if (set.maxAge() != null) {
            long seconds = set.maxAge();
            if (seconds <= 0) {
                return EXPIRED;
            }
            return seconds >= MAX_LIFETIME.getSeconds() ? cap : now.plusSeconds(seconds);
        }
        if (set.expires() != null) {
            return set.expires().isAfter(cap) ? cap : set.expires();
        }
        return null;
    }

    /** True when name plus value take more than {@link #MAX_NAME_VALUE_BYTES} bytes in UTF-8. */
    public static boolean tooLarge(String name, String value) {
        if (name.length() + value.length() <= MAX_NAME_VALUE_BYTES / 3) {
            return false;   // fast path: at most 3 bytes per char
        }
        return name.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length
                > MAX_NAME_VALUE_BYTES;
    }

    private static Cookie build(SetCookieParser.SetCookie set, String domain, boolean hostOnly, String path,
            Instant now) {
        try {
            return Cookie.builder(set.name(), set.value())
                    .domain(domain)
                    .path(path)
                    .hostOnly(hostOnly && !domain.isEmpty())
                    .expiresAt(expiry(set, now))
                    .secure(set.secure())
                    .httpOnly(set.httpOnly())
                    .sameSite(set.sameSite())
                    .createdAt(now)
                    .build();
        } catch (IllegalArgumentException notACookie) {
            return null;   // e.g. a space in the name: never throw for server input
        }
    }

    /** 6265bis §4.1.3: {@code __Secure-} needs Secure; {@code __Host-} also no Domain and path "/". */
    private static boolean prefixRulesHold(SetCookieParser.SetCookie set, String path, boolean secureOrigin) {
        String lower = set.name().toLowerCase(Locale.ROOT);
        if (lower.startsWith("__secure-")) {
            return set.secure() && secureOrigin;
        }
        if (lower.startsWith("__host-")) {
            return set.secure() && secureOrigin && set.domain() == null && path.equals("/");
        }
        return true;
    }

    /** The Domain attribute in punycode; null when it cannot be converted. */
    private static String asciiDomain(String domain) {
        if (domain.chars().allMatch(c -> c < 0x80)) {
            return domain;
        }
        try {
            return IDN.toASCII(domain).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }
}
