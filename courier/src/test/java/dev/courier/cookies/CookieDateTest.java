package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.courier.internal.cookie.CookieDates;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6265 §5.1.1: every date form the cookie-date algorithm accepts, and what it rejects. */
class CookieDateTest {
    static Stream<Arguments> dates() {
        return Stream.of(
            // the forms servers send
            arguments("RFC 1123", "Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),
            arguments("RFC 850, two-digit year", "Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z"),
            arguments("asctime", "Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z"),
            arguments("Netscape", "Wed, 09-Jun-2021 10:18:14 GMT", "2021-06-09T10:18:14Z"),
            arguments("no weekday", "06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),
            arguments("no zone", "Sun, 06 Nov 1994 08:49:37", "1994-11-06T08:49:37Z"),
            arguments("zone ignored", "Sun, 06 Nov 1994 08:49:37 PST", "1994-11-06T08:49:37Z"),
            arguments("wrong weekday ignored", "Fri, 07 Aug 2019 08:04:19 GMT", "2019-08-07T08:04:19Z"),
            arguments("fields in any order", "1994 08:49:37 Nov 6", "1994-11-06T08:49:37Z"),
            arguments("month spelled out", "6 November 1994 08:49:37", "1994-11-06T08:49:37Z"),
            arguments("month upper-case", "06 NOV 1994 08:49:37", "1994-11-06T08:49:37Z"),
            arguments("single-digit time fields", "6 Nov 1994 8:9:7", "1994-11-06T08:09:07Z"),
            arguments("slashes and dots are delimiters", "06/Nov/1994.08:49:37", "1994-11-06T08:49:37Z"),
            arguments("trailing letters after digits", "06th Nov 1994 08:49:37", "1994-11-06T08:49:37Z"),
            arguments("time with a suffix", "06 Nov 1994 08:49:37GMT", "1994-11-06T08:49:37Z"),
            arguments("delimiters around", ";;06 Nov 1994 08:49:37;;", "1994-11-06T08:49:37Z"),
            // two-digit years: 70-99 are 19xx, 00-69 are 20xx
            arguments("year 70", "Thu, 01-Jan-70 00:00:01 GMT", "1970-01-01T00:00:01Z"),
            arguments("year 99", "Fri, 31-Dec-99 23:59:59 GMT", "1999-12-31T23:59:59Z"),
            arguments("year 00", "Sat, 01-Jan-00 00:00:00 GMT", "2000-01-01T00:00:00Z"),
            arguments("year 69", "01-Jan-69 00:00:00 GMT", "2069-01-01T00:00:00Z"),
            arguments("three-digit year is taken literally and too early", "01 Jan 999 00:00:00", null),
            arguments("year 1601 is the earliest", "01 Jan 1601 00:00:00", "1601-01-01T00:00:00Z"),
            arguments("year 1600 is rejected", "31 Dec 1600 23:59:59", null),
            arguments("four-digit far future", "31 Dec 9999 23:59:59", "9999-12-31T23:59:59Z"),
            arguments("leap day", "29 Feb 2024 12:00:00", "2024-02-29T12:00:00Z"),
            // rejections
            arguments("no such day", "30 Feb 2024 12:00:00", null),
            arguments("day 32", "32 Jan 2024 12:00:00", null),
            arguments("day 0", "0 Jan 2024 12:00:00", null),
            arguments("hour 24", "01 Jan 2024 24:00:00", null),
            arguments("minute 60", "01 Jan 2024 23:60:00", null),
            arguments("second 60", "01 Jan 2024 23:59:60", null),
            arguments("three-digit time field", "01 Jan 2024 123:00:00", null),
            arguments("missing time", "01 Jan 2024", null),
            arguments("missing month", "01 2024 12:00:00", null),
            arguments("missing year", "01 Jan 12:00:00", null),
            arguments("five-digit year", "01 Jan 20245 12:00:00", null),
            arguments("garbage", "tomorrow", null),
            arguments("empty", "", null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dates")
    void cookieDate(String what, String text, String expected) {
        assertThat(CookieDates.parse(text)).isEqualTo(expected == null ? null : Instant.parse(expected));
    }
}
