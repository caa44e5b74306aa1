package dev.courier.internal.codec;

import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.Zstd;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A content coding (RFC 9110 §8.4.1) that Courier can decode, named by its canonical token.
 *
 * <p>gzip and deflate use the JDK's zlib and are always available; br and zstd need the brotli4j
 * and zstd-jni native libraries, so they are available only where those load.
 */
public enum ContentCoding {
    /** gzip (RFC 1952); the legacy alias "x-gzip" names it too. */
    GZIP("gzip"),
    /** deflate: a zlib stream (RFC 1950), or raw deflate (RFC 1951) as some servers send it. */
    DEFLATE("deflate"),
    /** Brotli (RFC 7932). */
    BROTLI("br"),
    /** Zstandard (RFC 8878). */
    ZSTD("zstd");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The canonical Content-Encoding / Accept-Encoding token, such as "gzip". */
    public String token() {
        return token;
    }

    /** Whether this JVM can decode the coding: gzip and deflate always, br and zstd when their native library loads. */
    public boolean isAvailable() {
        switch (this) {
            case BROTLI:
                return Brotli.isAvailable();
            case ZSTD:
                return Zstd.isAvailable();
            default:
                return true;
        }
    }

    /** The coding a Content-Encoding token names (case-insensitive; "x-gzip" is gzip), or null when unknown. */
    public static ContentCoding forToken(String token) {
        switch (token.trim().toLowerCase(Locale.ROOT)) {
            case "gzip":
            case "x-gzip":
                return GZIP;
            case "deflate":
                return DEFLATE;
            case "br":
                return BROTLI;
            case "zstd":
                return ZSTD;
            default:
                return null;
        }
    }

    /**
     * The codings that Content-Encoding header lines list, in the order applied by the server, lower-cased.
     *
     * <p>All lines count together (a server may split the list over several lines). Empty list
     * members and "identity" are skipped, since neither changes the body. The result stops at
     * {@code limit + 1} entries: the caller only needs to know that the limit was passed, and a
     * hostile header must not make it build a long list.
     */
    static List<String> listed(List<String> headerLines, int limit) {
        List<String> codings = new ArrayList<>(Math.min(limit, 7) + 1);
        for (String line : headerLines) {
            for (String member : line.split(",", -1)) {
                String token = member.trim().toLowerCase(Locale.ROOT);
                if (token.isEmpty() || token.equals("identity")) {
                    continue;
                }
                codings.add(token);
                if (codings.size() > limit) {
                    return codings;
                }
            }
        }
        return codings;
    }
}
