package dev.courier.internal.http;

import dev.courier.internal.SafeText;

import java.util.Locale;
import java.util.Set;

/** The RFC 9110 rules for header names, values and methods, applied where users hand them to Courier. */
public final class HeaderValidation {
    /** Headers whose values are secrets: never echoed in messages and masked in toString. */
    private static final Set<String> SENSITIVE = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie");

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    private HeaderValidation() {}

    /** True when {@code name} is a header whose value must never be shown. */
    public static boolean isSensitive(String name) {
        return SENSITIVE.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Throws IllegalArgumentException unless {@code token} is a non-empty RFC 9110 token. */
    public static String requireToken(String token, String what) {
        if (token == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 128 || !TCHAR[c]) {
                // Names are not secret, but the character may be a control: show its code point only.
                throw new IllegalArgumentException(what + " " + SafeText.quote(token, 64) + " contains the character "
                        + SafeText.codePoint(c) + " at index " + i + ", which is not allowed in an HTTP token");
            }
        }
        return token;
    }

    /**
     * Throws IllegalArgumentException when {@code value} holds CR, LF, NUL or another control
     * character (HTAB is allowed). The value is never quoted in the message, so secrets cannot leak
     * into logs.
     */
    public static String requireValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Value of header \"" + name + "\" must not be null");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("Value of header \"" + name + "\" contains the forbidden character "
                        + SafeText.codePoint(c) + " at index " + i + " (CR, LF, NUL and other controls could inject headers)");
            }
        }
        return value;
    }
}
