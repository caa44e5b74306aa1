package dev.courier.internal.cookie;

import dev.courier.Cookie;
import dev.courier.Cookies;
import dev.courier.Url;
import java.util.List;
import java.util.Locale;

/**
 * Reads the name, value, Domain and Path of Set-Cookie header values into {@link Cookies}, for
 * {@code Response.cookies()}. Storage rules (expiry, Secure, public suffixes) belong to the jar.
 */
public final class SetCookieReader {
    private SetCookieReader() {}

    /** The cookies set by these Set-Cookie values for a response from {@code url}; malformed ones are skipped. */
    public static Cookies read(List<String> setCookies, Url url) {
        Cookies out = Cookies.empty();
        for (String header : setCookies) {
            Cookie c = parse(header, url);
            if (c != null) {
                out = out.with(c);
            }
        }
        return out;
    }

    private static Cookie parse(String header, Url url) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String domain = url == null ? "" : url.host();
        String path = url == null ? "/" : defaultPath(url.path());
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int aeq = attr.indexOf('=');
            String key = (aeq < 0 ? attr : attr.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
            String val = aeq < 0 ? "" : attr.substring(aeq + 1).trim();
            if (key.equals("domain") && !val.isEmpty()) {
                domain = (val.startsWith(".") ? val.substring(1) : val).toLowerCase(Locale.ROOT);
            } else if (key.equals("path") && val.startsWith("/")) {
                path = val;
            }
        }
        try {
            return Cookie.of(name, value, domain, path);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** RFC 6265 §5.1.4: the directory of the request path. */
    static String defaultPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return "/";
        }
        int last = path.lastIndexOf('/');
        return last == 0 ? "/" : path.substring(0, last);
    }
}
