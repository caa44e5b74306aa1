package dev.courier.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Common response field names are found by their exact bytes, as one shared name carrying its string. */
class KnownFieldNamesTest {
    /** Object, for AssertJ: an AsciiString is both a CharSequence and a Comparable. */
    private static Object find(String line, int start, int length) {
        return KnownFieldNames.find(line.getBytes(StandardCharsets.US_ASCII), start, length);
    }

    @Test
    void theCanonicalAndTheLowerCaseSpellingAreShared() {
        Object canonical = find("Content-Type: text/plain", 0, 12);
        assertThat(canonical).hasToString("Content-Type");
        assertThat(find("xxContent-Type", 2, 12)).isSameAs(canonical);
        assertThat(find("content-type", 0, 12)).hasToString("content-type");
        assertThat(find("ETag", 0, 4)).hasToString("ETag");
        assertThat(find("WWW-Authenticate", 0, 16)).hasToString("WWW-Authenticate");
        assertThat(find("Age", 0, 3)).hasToString("Age");
    }

    @Test
    void anyOtherSpellingOrNameIsNotFound() {
        assertThat(find("CONTENT-TYPE", 0, 12)).isNull();
        assertThat(find("Etag", 0, 4)).isNull();
        assertThat(find("Content-Typo", 0, 12)).isNull();
        assertThat(find("X-Custom", 0, 8)).isNull();
        assertThat(find("Content-Type", 0, 7)).isNull();
        assertThat(find("", 0, 0)).isNull();
        assertThat(find("X".repeat(200), 0, 200)).isNull();
    }

    @Test
    void onlyTheInstanceFindReturnsIsShared() {
        // Identity, not spelling: the decoder skips Netty's name check for a shared name only, so
        // a copy or a String with the same letters still goes through it.
        Object shared = find("Content-Type", 0, 12);
        assertThat(KnownFieldNames.isShared((CharSequence) shared)).isTrue();
        assertThat(KnownFieldNames.isShared(new AsciiString("Content-Type"))).isFalse();
        assertThat(KnownFieldNames.isShared("Content-Type")).isFalse();
        assertThat(KnownFieldNames.isShared("")).isFalse();
        assertThat(KnownFieldNames.isShared("X".repeat(500))).isFalse();
    }
}
