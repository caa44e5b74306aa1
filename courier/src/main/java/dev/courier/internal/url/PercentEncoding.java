package dev.courier.internal.url;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The WHATWG percent-encode sets and the UTF-8 percent-encoding and decoding built on them.
 *
 * <p>Use it wherever text enters or leaves a URL component: the parser encodes each component with
 * its set, and {@code Url}/{@code QueryParams} decode with it. Existing {@code %XX} triplets are never
 * re-encoded because no set except {@link Set#COMPONENT} and {@link Set#FORM} contains {@code %}.
 *
 * <pre>{@code
 * PercentEncoding.encode("a b<c>", PercentEncoding.Set.PATH);   // "a%20b%3Cc%3E"
 * PercentEncoding.decode("caf%C3%A9");                            // "café"
 * PercentEncoding.formEncode("a b&c");                            // "a+b%26c"
 * }</pre>
 */
public final class PercentEncoding {

    /**
     * One of the WHATWG percent-encode sets; every set also holds the C0 controls and every code
     * point above U+007E.
     *
     * <pre>{@code
     * PercentEncoding.encode("'", PercentEncoding.Set.SPECIAL_QUERY);   // "%27"
     * }</pre>
     */
    public enum Set {
        /** Opaque paths and opaque hosts. */
        C0_CONTROL(""),
        /** The fragment: adds space {@code " < > `}. */
        FRAGMENT(" \"<>`"),
        /** The query of a non-special URL: adds space {@code " # < >}. */
        QUERY(" \"#<>"),
        /** The query of a special URL: the query set plus {@code '}. */
        SPECIAL_QUERY(" \"#<>'"),
        /** Path segments: the query set plus {@code ? ` { }}. */
        PATH(" \"#<>?`{}"),
        /** Username and password: the path set plus {@code / : ; = @ [ \ ] ^ |}. */
        USERINFO(" \"#<>?`{}/:;=@[\\]^|"),
        /** The component set: the userinfo set plus {@code $ % & + ,}, so any text round-trips. */
        COMPONENT(" \"#<>?`{}/:;=@[\\]^|$%&+,"),
        /** application/x-www-form-urlencoded: everything but ALPHA, DIGIT and {@code * - . _}. */
        FORM(null);

        private final boolean[] ascii = new boolean[0x80];

        Set(String extra) {
            for (int c = 0; c < 0x80; c++) {
                boolean control = c < 0x20 || c == 0x7f;
                boolean formSafe = isAsciiAlphanumeric(c) || c == '*' || c == '-' || c == '.' || c == '_';
                ascii[c] = control || (extra == null ? !formSafe : extra.indexOf(c) >= 0);
            }
        }

        boolean contains(int codePoint) {
            return codePoint >= 0x7f || ascii[codePoint];
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    /**
     * Percent-encodes every code point of {@code text} that is in {@code set}, as UTF-8.
     *
     * <pre>{@code
     * PercentEncoding.encode("é", PercentEncoding.Set.FRAGMENT);   // "%C3%A9"
     * }</pre>
     */
    public static String encode(String text, Set set) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            appendEncoded(out, cp, set);
        }
        return out.toString();
    }

    /**
     * Appends {@code codePoint} to {@code out}, percent-encoded as UTF-8 when it is in {@code set}.
     *
     * <pre>{@code
     * PercentEncoding.appendEncoded(sb, ' ', PercentEncoding.Set.PATH);   // appends "%20"
     * }</pre>
     */
    public static void appendEncoded(StringBuilder out, int codePoint, Set set) {
        // A lone surrogate cannot be UTF-8 encoded; browsers see it as U+FFFD (USVString).
        int cp = codePoint <= 0xffff && Character.isSurrogate((char) codePoint) ? 0xfffd : codePoint;
        if (!set.contains(cp)) {
            out.appendCodePoint(cp);
            return;
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            appendByte(out, b);
        }
    }

    /**
     * Decodes {@code %XX} triplets to bytes and reads the result as UTF-8; malformed triplets stay as
     * they are and invalid UTF-8 becomes U+FFFD.
     *
     * <pre>{@code
     * PercentEncoding.decode("a%20b%zz");   // "a b%zz"
     * }</pre>
     */
    public static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        return new String(decodeToBytes(text, false), StandardCharsets.UTF_8);
    }

    /**
     * Encodes {@code text} as application/x-www-form-urlencoded: space becomes {@code +}, and
     * everything but ALPHA, DIGIT and {@code * - . _} is percent-encoded as UTF-8.
     *
     * <pre>{@code
     * PercentEncoding.formEncode("a b/ü");   // "a+b%2F%C3%BC"
     * }</pre>
     */
    public static String formEncode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == ' ') {
                out.append('+');
            } else {
                appendEncoded(out, cp, Set.FORM);
            }
        }
        return out.toString();
    }

    /**
     * Decodes application/x-www-form-urlencoded text: {@code +} is a space, then {@code %XX} as UTF-8.
     *
     * <pre>{@code
     * PercentEncoding.formDecode("x+y%21");   // "x y!"
     * }</pre>
     */
    public static String formDecode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        return new String(decodeToBytes(text, true), StandardCharsets.UTF_8);
    }

    private static byte[] decodeToBytes(String text, boolean plusIsSpace) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
                out.write(hexValue(in[i + 1]) << 4 | hexValue(in[i + 2]));
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static void appendByte(StringBuilder out, byte b) {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static boolean isAsciiAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
