package dev.courier.internal.http;

import java.nio.charset.Charset;
import java.util.Locale;

/** Reads the parameters of a Content-Type value (RFC 9110 §8.3.1) that Courier needs: the charset. */
public final class MediaType {
    private MediaType() {}

    /** The charset named by a Content-Type value, or null when absent or unknown to this JVM. */
    public static Charset charset(String contentType) {
        String name = parameter(contentType, "charset");
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException unknownOrIllegal) {
            return null;
        }
    }

    /** The value of parameter {@code name} (quotes removed), or null. */
    public static String parameter(String contentType, String name) {
        if (contentType == null) {
            return null;
        }
        int i = contentType.indexOf(';');
        while (i >= 0 && i < contentType.length()) {
            int start = i + 1;
            int eq = contentType.indexOf('=', start);
            if (eq < 0) {
                return null;
            }
            String key = contentType.substring(start, eq).trim().toLowerCase(Locale.ROOT);
            int pos = eq + 1;
            String value;
            if (pos < contentType.length() && contentType.charAt(pos) == '"') {
                StringBuilder v = new StringBuilder();
                pos++;
                while (pos < contentType.length() && contentType.charAt(pos) != '"') {
                    char c = contentType.charAt(pos);
                    if (c == '\\' && pos + 1 < contentType.length()) {
                        c = contentType.charAt(++pos);
                    }
                    v.append(c);
                    pos++;
                }
                value = v.toString();
                i = contentType.indexOf(';', pos);
            } else {
                int end = contentType.indexOf(';', pos);
                value = contentType.substring(pos, end < 0 ? contentType.length() : end).trim();
                i = end;
            }
            if (key.equals(name)) {
                return value;
            }
        }
        return null;
    }
}
