package dev.courier.internal.cookie;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The RFC 6265 §5.1.1 cookie-date algorithm: the lenient parser every browser uses for
 * {@code Expires}, which accepts RFC 1123 ({@code Sun, 06 Nov 1994 08:49:37 GMT}), RFC 850
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}), asctime ({@code Sun Nov  6 08:49:37 1994}), Netscape's
 * {@code Wed, 09-Jun-2021 10:18:14 GMT} and any other arrangement of the same tokens.
 *
 * <p>The input is split on delimiters; the first token that looks like a time, a day of month, a
 * month and a year (in that order of precedence) fills each field. Two-digit years 70–99 mean 19xx
 * and 00–69 mean 20xx. The weekday and the time zone are ignored (cookie dates are UTC). The date
 * is rejected when a field is missing or out of range, the year is before 1601, or the day does not
 * exist in that month.
 *
 * <pre>{@code
 * CookieDates.parse("Sun, 06 Nov 1994 08:49:37 GMT");   // 1994-11-06T08:49:37Z
 * CookieDates.parse("Thu, 01-Jan-70 00:00:01 GMT");     // 1970-01-01T00:00:01Z
 * CookieDates.parse("tomorrow");                        // null
 * }</pre>
 */
public final class CookieDates {
    private static final String[] MONTHS = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };

    private CookieDates() {}

    /** The instant the cookie-date denotes, or null when the algorithm fails. */
    public static Instant parse(String text) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                continue;
            }
            String token = text.substring(start, i);
            int[] hms;
            int value;
            if (hour < 0 && (hms = time(token)) != null) {
                hour = hms[0];
                minute = hms[1];
                second = hms[2];
            } else if (day < 0 && (value = digits(token, 1, 2)) >= 0) {
                day = value;
            } else if (month < 0 && (value = month(token)) >= 0) {
                month = value;
            } else if (year < 0 && (value = digits(token, 2, 4)) >= 0) {
                year = value;
            }
        }
        if (year >= 70 && year <= 99) {
            year += 1900;
        } else if (year >= 0 && year <= 69) {
            year += 2000;
        }
        if (hour < 0 || day < 0 || month < 0 || year < 0) {
            return null;
        }
        if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException noSuchDay) {
            return null;
        }
    }

    /** delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E */
    private static boolean isDelimiter(char c) {
        return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40)
                || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * {@code min*max DIGIT [ non-digit *OCTET ]}: the value of the leading digits, or -1 when the
     * token does not start with between min and max digits followed by a non-digit or its end.
     */
    private static int digits(String token, int min, int max) {
        int end = 0;
        while (end < token.length() && isDigit(token.charAt(end))) {
            end++;
        }
        if (end < min || end > max) {
            return -1;
        }
        return Integer.parseInt(token.substring(0, end));
    }

    /** {@code hms-time [ non-digit *OCTET ]} with {@code time-field = 1*2DIGIT}: h, m, s or null. */
    private static int[] time(String token) {
        int[] out = new int[3];
        int pos = 0;
        for (int field = 0; field < 3; field++) {
            int start = pos;
            while (pos < token.length() && isDigit(token.charAt(pos)) && pos - start < 3) {
                pos++;
            }
            int len = pos - start;
            if (len < 1 || len > 2) {
                return null;
            }
            out[field] = Integer.parseInt(token.substring(start, pos));
            if (field < 2) {
                if (pos >= token.length() || token.charAt(pos) != ':') {
                    return null;
                }
                pos++;
            }
        }
        if (pos < token.length() && isDigit(token.charAt(pos))) {
            return null;
        }
        return out;
    }

    /** {@code month = ( "jan" / ... / "dec" ) *OCTET}, case-insensitively: 1..12 or -1. */
    private static int month(String token) {
        if (token.length() < 3) {
            return -1;
        }
        StringBuilder prefix = new StringBuilder(3);
        for (int k = 0; k < 3; k++) {
            char c = token.charAt(k);
            prefix.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);   // ASCII case folding only
        }
        for (int m = 0; m < MONTHS.length; m++) {
            if (MONTHS[m].contentEquals(prefix)) {
                return m + 1;
            }
        }
        return -1;
    }
}
