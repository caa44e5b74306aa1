package dev.courier.internal.url;

/**
 * The WHATWG special schemes and their default ports.
 *
 * <p>Special schemes get the stricter parsing (a host is required, {@code \} is a path separator,
 * the default port is dropped); every other scheme is parsed by the non-special rules.
 *
 * <pre>{@code
 * Schemes.defaultPort("https");   // 443
 * Schemes.isSpecial("mailto");    // false
 * }</pre>
 */
final class Schemes {
    private Schemes() {}

    /** The scheme's default port, or -1 when it has none. */
    static int defaultPort(String scheme) {
        switch (scheme) {
            case "http":
            case "ws":
                return 80;
            case "https":
            case "wss":
                return 443;
            case "ftp":
                return 21;
            default:
                return -1;
        }
    }

    /** Whether the scheme is one of http, https, ws, wss, ftp or file. */
    static boolean isSpecial(String scheme) {
        return defaultPort(scheme) != -1 || scheme.equals("file");
    }

    /** Whether {@code c} may follow the first letter of a scheme. */
    static boolean isSchemeChar(int c) {
        return PercentEncoding.isAsciiAlphanumeric(c) || c == '+' || c == '-' || c == '.';
    }

    /** Whether {@code c} may start a scheme. */
    static boolean isAsciiAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
