package dev.courier.internal;

/**
 * Formats untrusted text (URLs, header names, characters) for exception messages, safely: controls
 * are escaped so a message cannot forge log lines, and long text is cut short.
 *
 * <pre>{@code
 * SafeText.codePoint('\n');          // "U+000A"
 * SafeText.quote("a\u0001b", 64);    // "\"a\\u0001b\""
 * }</pre>
 */
public final class SafeText {
    private SafeText() {}

    /** The code point in U+XXXX notation, for naming a character without printing it. */
    public static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** A short description of a character: itself in quotes when printable ASCII, else U+XXXX. */
    public static String character(int c) {
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : codePoint(c);
    }

    /** {@code text} in double quotes, controls escaped, cut to {@code max} characters; "null" for null. */
    public static String quote(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder().append('"');
        int shown = Math.min(text.length(), max);
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
