package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Durations as typed on the command line. */
class DurationArgumentTest {
    @Test
    void numbersWithUnits() {
        assertThat(DurationArgument.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationArgument.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(DurationArgument.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationArgument.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationArgument.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationArgument.parse("0.25m")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationArgument.parse(" 3S ")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aBareNumberIsSeconds() {
        assertThat(DurationArgument.parse("7")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void malformedValuesSayWhy() {
        assertThatThrownBy(() -> DurationArgument.parse("10x")).hasMessageContaining("unknown unit 'x'");
        assertThatThrownBy(() -> DurationArgument.parse("10sec")).hasMessageContaining("unknown unit 'sec'");
        for (String bad : new String[] {"", "s", "-1s", "1,5s", "ten", "1 2s"}) {
            assertThatThrownBy(() -> DurationArgument.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DurationArgument.parse("99999999999999h")).hasMessageContaining("too long");
    }

    @Test
    void asAConverterItIsAUsageError() {
        assertThatThrownBy(() -> new DurationArgument().convert("5y")).isInstanceOf(TypeConversionException.class);
    }
}
