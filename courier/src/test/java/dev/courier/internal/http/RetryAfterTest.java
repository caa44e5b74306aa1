package dev.courier.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After in its two forms (RFC 9110 §10.2.3), and what is not one. */
class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2015-10-21T07:28:00Z");

    @Test
    void seconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).isGreaterThan(Duration.ofDays(365));
    }

    @Test
    void httpDatesInAllThreeForms() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wednesday, 21-Oct-15 07:29:00 GMT", NOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Wed Oct 21 07:28:05 2015", NOW)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void malformedValuesAreIgnored() {
        for (String bad : new String[] {null, "", "  ", "-5", "1.5", "soon", "Wed, 99 Foo 2015", "5s"}) {
            assertThat(RetryAfter.parse(bad, NOW)).as(String.valueOf(bad)).isNull();
        }
    }
}
