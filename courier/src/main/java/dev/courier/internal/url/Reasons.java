package dev.courier.internal.url;

/**
 * Formats pieces of a rejected URL for {@code InvalidUrlException} reasons, safely.
 *
 * <p>A reason may quote part of the input, so it gets the same treatment the exception gives the
 * input: controls escaped so a message cannot forge log lines, and long text cut short.
 *
 * <pre>{@code
 * Reasons.codePoint('\n');        // "U+000A"
 * Reasons.quote("a\u0001b");      // "\"a\\u0001b\""
 * }</pre>
 */
final class Reasons {
    private static final int MAX_QUOTED = 64;

    private Reasons() {}

    /** The code point in U+XXXX notation, for naming a character without printing it. */
    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** A short description of a character: itself in quotes when printable ASCII, else U+XXXX. */
    static String character(int c) {
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : codePoint(c);
    }

    /** {@code text} in double quotes, controls escaped, cut to 64 characters. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder().append('"');
        int shown = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            // C1 controls and the Unicode line separators end lines in some log viewers too.
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < text.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
