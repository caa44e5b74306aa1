package dev.courier.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A duration as people type it on a command line: a number and a unit, {@code 500ms}, {@code 10s},
 * {@code 1.5s}, {@code 2m}, {@code 1h}; a bare number is seconds (as wrk reads it). As a picocli
 * converter, a malformed value is a usage error (exit 2) that names the accepted forms.
 *
 * <pre>{@code
 * @Option(names = "-d", converter = DurationArgument.class) Duration duration;
 * DurationArgument.parse("500ms");   // PT0.5S
 * }</pre>
 */
final class DurationArgument implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /**
     * The duration {@code text} spells.
     *
     * @throws IllegalArgumentException when it is not a non-negative number followed by one of
     *     {@code ms}, {@code s}, {@code m}, {@code h} (or nothing, for seconds)
     */
    static Duration parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use a number and a unit, as in 500ms, "
                    + "10s, 2m or 1h");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long nanosPerUnit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> 1_000_000L;
            case "", "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + m.group(2)
                    + "' (use ms, s, m or h)");
        };
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
        // Far beyond any bound the commands accept, and still inside a long.
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
