package dev.courier.internal.url;

/**
 * The WHATWG IPv4 parser: dotted, shortened and numeric forms, in decimal, octal and hex.
 *
 * <p>Every numeric spelling of an address is reduced to one dotted quad before anything else looks at
 * the host, so a policy that blocks 127.0.0.1 also blocks {@code 0x7f.1}, {@code 2130706433} and
 * {@code 127.1}.
 *
 * <pre>{@code
 * Ipv4Parser.endsInNumber("0x7f.1");             // true
 * Ipv4Parser.serialize(Ipv4Parser.parse("127.1"));   // "127.0.0.1"
 * }</pre>
 */
final class Ipv4Parser {
    static final long INVALID = -1;

    // Anything this large already fails every range check; clamping avoids overflow on long inputs.
    private static final long TOO_LARGE = 1L << 40;

    private Ipv4Parser() {}

    /**
     * Whether an ASCII host's last label is a number, which makes the whole host an IPv4 address
     * (valid or not) rather than a domain.
     */
    static boolean endsInNumber(String host) {
        String[] parts = dotted(host);
        int count = parts.length;
        if (parts[count - 1].isEmpty()) {
            if (count == 1) {
                return false;
            }
            count--;
        }
        String last = parts[count - 1];
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseNumber(last) != INVALID;
    }

    /** The address as an unsigned 32-bit value, or {@link #INVALID}. */
    static long parse(String host) {
        String[] parts = dotted(host);
        int count = parts.length;
        if (parts[count - 1].isEmpty() && count > 1) {
            count--;
        }
        if (count > 4) {
            return INVALID;
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = parseNumber(parts[i]);
            if (numbers[i] == INVALID || (i < count - 1 && numbers[i] > 255)) {
                return INVALID;
            }
        }
        long last = numbers[count - 1];
        if (last >= 1L << (8 * (5 - count))) {
            return INVALID;
        }
        long address = last;
        for (int i = 0; i < count - 1; i++) {
            address += numbers[i] << (8 * (3 - i));
        }
        return address;
    }

    /** The dotted-quad form of an address from {@link #parse}. */
    static String serialize(long address) {
        return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "."
                + ((address >> 8) & 0xff) + "." + (address & 0xff);
    }

    /** {@code host} split at every dot, empty parts kept (as {@code split("\\.", -1)}, without a regex). */
    private static String[] dotted(String host) {
        int count = 1;
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) == '.') {
                count++;
            }
        }
        String[] parts = new String[count];
        int start = 0;
        int n = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                parts[n++] = host.substring(start, i);
                start = i + 1;
            }
        }
        return parts;
    }

    private static long parseNumber(String part) {
        if (part.isEmpty()) {
            return INVALID;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), radix);
            if (digit < 0 || digits.charAt(i) > 'z') {
                return INVALID;
            }
            value = Math.min(value * radix + digit, TOO_LARGE);
        }
        return value;
    }
}
