package dev.courier.internal.url;

import java.util.Arrays;

/**
 * The RFC 3492 Punycode decoder, used to check that an {@code xn--} label in a URL really is one.
 *
 * <p>{@link java.net.IDN#toUnicode} hides decoding failures by returning its input unchanged, which
 * cannot be told apart from a label it chose to keep, so the URL parser decodes for itself.
 *
 * <pre>{@code
 * Punycode.decode("bcher-kva");   // "bücher"
 * Punycode.decode("a");           // "\u0080" (decodes, but to a code point no host may hold)
 * Punycode.decode("99999999");    // null (overflow)
 * }</pre>
 */
final class Punycode {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;

    private Punycode() {}

    /** The decoded label (the part after {@code xn--}), or null when it is not valid Punycode. */
    static String decode(String input) {
        StringBuilder output = new StringBuilder();
        int delimiter = input.lastIndexOf('-');
        int start = 0;
        if (delimiter > 0) {
            for (int j = 0; j < delimiter; j++) {
                char c = input.charAt(j);
                if (c >= 0x80) {
                    return null;
                }
                output.append(c);
            }
            start = delimiter + 1;
        } else if (delimiter == 0) {
            start = 1;
        }
        int[] codePoints = output.codePoints().toArray();
        int length = codePoints.length;
        int[] decoded = Arrays.copyOf(codePoints, input.length() + 1);
        long n = INITIAL_N;
        long i = 0;
        int bias = INITIAL_BIAS;
        for (int in = start; in < input.length(); ) {
            long oldi = i;
            long w = 1;
            for (int k = BASE; ; k += BASE) {
                if (in >= input.length()) {
                    return null;
                }
                int digit = digit(input.charAt(in++));
                if (digit < 0) {
                    return null;
                }
                i += digit * w;
                if (i > Integer.MAX_VALUE) {
                    return null;
                }
                int t = k <= bias ? TMIN : Math.min(k - bias, TMAX);
                if (digit < t) {
                    break;
                }
                w *= BASE - t;
                if (w > Integer.MAX_VALUE) {
                    return null;
                }
            }
            bias = adapt(i - oldi, length + 1, oldi == 0);
            n += i / (length + 1);
            i %= length + 1;
            if (n > Character.MAX_CODE_POINT) {
                return null;
            }
            System.arraycopy(decoded, (int) i, decoded, (int) i + 1, length - (int) i);
            decoded[(int) i] = (int) n;
            length++;
            i++;
        }
        return new String(decoded, 0, length);
    }

    private static int adapt(long delta, int numPoints, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / numPoints;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0' + 26;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        return -1;
    }
}
