package dev.courier.internal.cookie;

import java.time.Instant;
import java.util.Locale;

/**
 * Parses one {@code Set-Cookie} header value by RFC 6265 §5.2, with the RFC 6265bis refinements
 * that make it stricter: a value holding a control character (other than tab) is ignored whole, and
 * an attribute value over 1024 characters is ignored. Storage rules (domain checks, public suffixes,
 * Secure, expiry) are applied afterwards by {@link CookiePolicy}.
 *
 * <p>The name-value pair is everything before the first {@code ;}; it must hold a {@code =} and a
 * non-empty name (RFC 6265, not 6265bis's nameless cookies). Attribute names are case-insensitive;
 * for a repeated attribute the last one wins; unknown attributes are ignored. Quotes get no special
 * treatment: {@code a="b;c"} is the cookie {@code a="b}.
 *
 * <pre>{@code
 * SetCookieParser.SetCookie c = SetCookieParser.parse("sid=abc; Path=/; Max-Age=60; Secure; HttpOnly");
 * c.name();     // "sid"
 * c.maxAge();   // 60
 * SetCookieParser.parse("no-equals-sign");   // null
 * }</pre>
 */
public final class SetCookieParser {
    /** RFC 6265bis §5.6: attribute values longer than this are ignored. */
    static final int MAX_ATTRIBUTE_VALUE = 1024;

    private SetCookieParser() {}

    /**
     * One parsed Set-Cookie value, before the storage model.
     *
     * @param name the cookie name, trimmed, never empty
     * @param value the cookie value, trimmed, as sent (quotes kept)
     * @param expires the Expires date, or null when absent or unparseable
     * @param maxAge the Max-Age in seconds (zero or negative: delete), or null when absent or invalid
     * @param domain the last non-empty Domain attribute, lower-case, one leading dot removed; or null
     * @param path the last Path attribute when it starts with {@code /}; null for the default path
     * @param secure whether Secure was given
     * @param httpOnly whether HttpOnly was given
     * @param sameSite "Strict", "Lax" or "None"; null when absent or unrecognised
     */
    public record SetCookie(String name, String value, Instant expires, Long maxAge, String domain,
            String path, boolean secure, boolean httpOnly, String sameSite) {}

    /** The parsed cookie, or null when the header must be ignored (RFC 6265 §5.2 steps 1–3). */
    public static SetCookie parse(String header) {
        if (header == null || hasForbiddenControl(header)) {
            return null;
        }
        int semicolon = header.indexOf(';');
        String pair = semicolon < 0 ? header : header.substring(0, semicolon);
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = trim(pair.substring(0, eq));
        String value = trim(pair.substring(eq + 1));
        if (name.isEmpty()) {
            return null;
        }
        Instant expires = null;
        Long maxAge = null;
        String domain = null;
        String path = null;
        boolean secure = false;
        boolean httpOnly = false;
        String sameSite = null;
        int pos = semicolon;
        while (pos >= 0 && pos < header.length()) {
            int next = header.indexOf(';', pos + 1);
            String av = next < 0 ? header.substring(pos + 1) : header.substring(pos + 1, next);
            pos = next;
            int aeq = av.indexOf('=');
            String attr = trim(aeq < 0 ? av : av.substring(0, aeq)).toLowerCase(Locale.ROOT);
            String attrValue = aeq < 0 ? "" : trim(av.substring(aeq + 1));
            if (attrValue.length() > MAX_ATTRIBUTE_VALUE) {
                continue;
            }
            switch (attr) {
                case "expires" -> {
                    Instant date = CookieDates.parse(attrValue);
                    if (date != null) {
                        expires = date;
                    }
                }
                case "max-age" -> {
                    Long seconds = maxAge(attrValue);
                    if (seconds != null) {
                        maxAge = seconds;
                    }
                }
                case "domain" -> {
                    if (!attrValue.isEmpty()) {
                        domain = DomainMatching.canonicalDomain(attrValue);
                    }
                }
                case "path" -> path = attrValue.startsWith("/") ? attrValue : null;
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> sameSite = sameSite(attrValue);
                default -> { }
            }
        }
        return new SetCookie(name, value, expires, maxAge, domain, path, secure, httpOnly, sameSite);
    }

    /**
     * §5.2.2: an optional {@code -} then digits only; anything else is ignored. Values too large for a
     * long saturate (the jar caps the lifetime anyway).
     */
    static Long maxAge(String text) {
        if (text.isEmpty()) {
            return null;
        }
        boolean negative = text.charAt(0) == '-';
        int start = negative ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        long value = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static String sameSite(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "strict" -> "Strict";
            case "lax" -> "Lax";
            case "none" -> "None";
            default -> null;
        };
    }

    /** RFC 6265bis §5.6 step 1: %x00-08, %x0A-1F and %x7F make the whole header ignored. */
    private static boolean hasForbiddenControl(String header) {
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Removes leading and trailing WSP (space and horizontal tab). */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
