package dev.courier.internal.http;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One shared name for each common response field, for the HTTP/1.1 decoder to hand out instead of
 * a new one per field of every response (as Netty's own request decoder does for a few request
 * fields). A shared name carries its {@code String} and its hash already, so turning the head into
 * Courier's {@code Headers} copies nothing and the header table hashes nothing for it. A name
 * matches only when its bytes are exactly the canonical or the lower-case spelling, so the caller
 * sees every name as the server spelled it.
 *
 * <pre>{@code
 * AsciiString name = KnownFieldNames.find(line, 0, 12); // the shared "Content-Type", or null
 * }</pre>
 */
public final class KnownFieldNames {
    // What servers and CDNs commonly answer with (nginx, Apache, Jetty, Netty, the big CDNs), in
    // the spelling they use; the lower-case form of each is added too. Any other name is new.
    private static final String[] CANONICAL = {
        "Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
        "Access-Control-Max-Age", "Age", "Allow", "Alt-Svc", "Cache-Control", "Connection",
        "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
        "Content-Location", "Content-Range", "Content-Security-Policy", "Content-Type", "Date", "ETag",
        "Expires", "Keep-Alive", "Last-Modified", "Link", "Location", "Pragma", "Proxy-Authenticate",
        "Referrer-Policy", "Retry-After", "Server", "Set-Cookie", "Strict-Transport-Security",
        "Trailer", "Transfer-Encoding", "Upgrade", "Vary", "Via", "WWW-Authenticate",
        "X-Content-Type-Options", "X-Frame-Options", "X-Request-Id", "X-XSS-Protection",
    };

    /** The shared names, by length. */
    private static final AsciiString[][] NAMES;

    static {
        List<String> spellings = new ArrayList<>();
        for (String name : CANONICAL) {
            spellings.add(name);
            spellings.add(name.toLowerCase(Locale.ROOT));
        }
        int longest = spellings.stream().mapToInt(String::length).max().orElse(0);
        NAMES = new AsciiString[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int l = length;
            NAMES[length] = spellings.stream().filter(s -> s.length() == l).map(AsciiString::cached)
                    .toArray(AsciiString[]::new);
        }
    }

    private KnownFieldNames() {}

    /** The shared name spelled exactly as {@code bytes[start, start + length)}, or null when there is none. */
    public static AsciiString find(byte[] bytes, int start, int length) {
        if (length >= NAMES.length) {
            return null;
        }
        for (AsciiString candidate : NAMES[length]) {
            if (spells(candidate, bytes, start, length)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * True when {@code name} is one of the shared names (the very instance {@link #find} hands
     * out): such a name is a valid field name by construction, so it needs no checking again.
     */
    public static boolean isShared(CharSequence name) {
        int length = name.length();
        if (length >= NAMES.length) {
            return false;
        }
        for (AsciiString candidate : NAMES[length]) {
            if (candidate == name) {
                return true;
            }
        }
        return false;
    }

    // A plain loop, last byte first: names are short, and Arrays.equals's range checks and call
    // into the vectorized mismatch cost more than the compare itself (~20 ns a field).
    private static boolean spells(AsciiString candidate, byte[] bytes, int start, int length) {
        byte[] name = candidate.array(); // the shared name's own bytes: read, never written
        int from = candidate.arrayOffset();
        for (int i = length - 1; i >= 0; i--) {
            if (name[from + i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }
}
