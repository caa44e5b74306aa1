package dev.courier.internal.http;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The shared names by length, and their bytes (offset 0). */
    private static final AsciiString[][] NAMES;
    private static final byte[][][] BYTES;

    static {
        int longest = 0;
        for (String name : CANONICAL) {
            longest = Math.max(longest, name.length());
        }
        List<List<String>> byLength = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            byLength.add(new ArrayList<>());
        }
        for (String name : CANONICAL) {
            byLength.get(name.length()).add(name);
            byLength.get(name.length()).add(name.toLowerCase(Locale.ROOT));
        }
        NAMES = new AsciiString[longest + 1][];
        BYTES = new byte[longest + 1][][];
        for (int length = 0; length <= longest; length++) {
            List<String> names = byLength.get(length);
            NAMES[length] = new AsciiString[names.size()];
            BYTES[length] = new byte[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                NAMES[length][i] = AsciiString.cached(names.get(i));
                BYTES[length][i] = NAMES[length][i].toByteArray();
            }
        }
    }

    private KnownFieldNames() {}

    /** The shared name spelled exactly as {@code bytes[start, start + length)}, or null when there is none. */
    public static AsciiString find(byte[] bytes, int start, int length) {
        if (length >= NAMES.length) {
            return null;
        }
        byte[][] candidates = BYTES[length];
        for (int i = 0; i < candidates.length; i++) {
            byte[] candidate = candidates[i];
            if (candidate[0] == bytes[start]
                    && Arrays.equals(candidate, 0, length, bytes, start, start + length)) {
                return NAMES[length][i];
            }
        }
        return null;
    }
}
