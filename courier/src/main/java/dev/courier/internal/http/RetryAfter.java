package dev.courier.internal.http;

import dev.courier.internal.cookie.CookieDates;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date.
 *
 * <pre>{@code
 * RetryAfter.parse("120", now);                              // PT2M
 * RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now);    // the time until then; zero once past
 * RetryAfter.parse("soon", now);                             // null
 * }</pre>
 */
public final class RetryAfter {
    /** Longer than any cap: what an absurd number of seconds becomes instead of overflowing. */
    private static final Duration FOREVER = Duration.ofDays(365 * 1000L);

    private RetryAfter() {}

    /** The wait {@code value} asks for, seen at {@code now}; null when the header is absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.isEmpty()) {
            return null;
        }
        if (isDigits(v)) {
            // More than 12 digits is longer than any sane cap; it must not overflow into a short wait.
            return v.length() > 12 ? FOREVER : Duration.ofSeconds(Long.parseLong(v));
        }
        if (!Character.isLetter(v.charAt(0))) {
            // HTTP dates start with a day name; "-5" or "1.5" are malformed, not dates.
            return null;
        }
        // The cookie-date algorithm reads all three HTTP-date forms (IMF-fixdate, RFC 850, asctime).
        Instant at = CookieDates.parse(v);
        if (at == null) {
            return null;
        }
        Duration wait = Duration.between(now, at);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
