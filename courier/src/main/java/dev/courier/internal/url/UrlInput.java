package dev.courier.internal.url;

import dev.courier.InvalidUrlException;
import dev.courier.internal.SafeText;

/**
 * What happens to URL text before the parser's state machine sees it: trimming, the tab/CR/LF/NUL
 * check, and the split into code points; plus the "does it start with a scheme" test.
 *
 * <p>Courier departs from the URL Standard here on purpose: the standard silently removes every tab,
 * CR and LF; Courier rejects them (and NUL) so that a CRLF in a URL never reaches the wire and never
 * disappears unnoticed either. Only the ends are trimmed, as the standard says.
 *
 * <pre>{@code
 * UrlInput.trimAndCheck("  http://h/ \r\n");    // "http://h/"
 * UrlInput.trimAndCheck("http://h/a\r\nb");     // InvalidUrlException: forbidden character U+000D
 * UrlInput.isAbsolute("mailto:a@b");            // true
 * }</pre>
 */
public final class UrlInput {
    private UrlInput() {}

    /**
     * Whether {@code input}, trimmed, starts with a valid scheme followed by {@code :}.
     *
     * <pre>{@code
     * UrlInput.isAbsolute("localhost:8080");   // true: "localhost" is a valid scheme
     * UrlInput.isAbsolute("/users");           // false
     * }</pre>
     */
    public static boolean isAbsolute(String input) {
        String trimmed = trim(input);
        if (trimmed.isEmpty() || !Schemes.isAsciiAlpha(trimmed.charAt(0))) {
            return false;
        }
        for (int i = 1; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ':') {
                return true;
            }
            if (!Schemes.isSchemeChar(c)) {
                return false;
            }
        }
        return false;
    }

    /**
     * Trims leading and trailing C0 controls and spaces, then rejects a tab, CR, LF or NUL left inside.
     *
     * <pre>{@code
     * UrlInput.trimAndCheck("\u0000 http://h/");   // "http://h/"
     * }</pre>
     *
     * @throws InvalidUrlException naming the character, as U+000A for instance
     */
    public static String trimAndCheck(String input) {
        String trimmed = trim(input);
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == 0) {
                throw new InvalidUrlException(input, "forbidden character " + SafeText.codePoint(c));
            }
        }
        return trimmed;
    }

    /** The code points of {@code text}, a lone surrogate read as U+FFFD (as a browser's USVString does). */
    static int[] codePoints(String text) {
        return text.codePoints().map(c -> c <= 0xffff && Character.isSurrogate((char) c) ? 0xfffd : c).toArray();
    }

    private static String trim(String input) {
        int start = 0;
        int end = input.length();
        while (start < end && input.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && input.charAt(end - 1) <= ' ') {
            end--;
        }
        return input.substring(start, end);
    }
}
