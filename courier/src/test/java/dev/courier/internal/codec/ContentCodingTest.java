package dev.courier.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ContentCoding} tokens and header lists, and {@link DecompressionSettings} toggles and Accept-Encoding. */
class ContentCodingTest {
    @Test
    void tokensAreCaseInsensitiveAndXGzipIsGzip() {
        assertThat(ContentCoding.forToken("gzip")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.forToken("X-GZIP")).isEqualTo(ContentCoding.GZIP);
        assertThat(ContentCoding.forToken(" Deflate ")).isEqualTo(ContentCoding.DEFLATE);
        assertThat(ContentCoding.forToken("BR")).isEqualTo(ContentCoding.BROTLI);
        assertThat(ContentCoding.forToken("zstd")).isEqualTo(ContentCoding.ZSTD);
        assertThat(ContentCoding.forToken("compress")).isNull();
        assertThat(ContentCoding.forToken("identity")).isNull();
        assertThat(ContentCoding.forToken("")).isNull();
    }

    @Test
    void listedCodingsSpanHeaderLinesAndSkipIdentityAndEmptyMembers() {
        assertThat(ContentCoding.listed(List.of("gzip, br"), 5)).containsExactly("gzip", "br");
        assertThat(ContentCoding.listed(List.of("GZIP", " identity ,, Br ,"), 5)).containsExactly("gzip", "br");
        assertThat(ContentCoding.listed(List.of("identity"), 5)).isEmpty();
        assertThat(ContentCoding.listed(List.of(), 5)).isEmpty();
        assertThat(ContentCoding.listed(List.of("foo, gzip"), 5)).containsExactly("foo", "gzip");
    }

    @Test
    void listingStopsOncePastTheLimit() {
        String many = String.join(",", java.util.Collections.nCopies(10_000, "gzip"));
        assertThat(ContentCoding.listed(List.of(many), 5)).hasSize(6);
        assertThat(ContentCoding.listed(List.of("gzip", "gzip", "gzip", "gzip", "gzip", "gzip", "gzip"), 5)).hasSize(6);
        assertThat(ContentCoding.listed(List.of("gzip, br"), Integer.MAX_VALUE)).hasSize(2);
    }

    @Test
    void defaultsEnableEveryAvailableCodingWithTheDocumentedLimits() {
        DecompressionSettings d = DecompressionSettings.defaults();
        assertThat(d.maxDecompressedBytes()).isEqualTo(256L << 20);
        assertThat(d.maxRatio()).isEqualTo(1000);
        assertThat(d.maxCodings()).isEqualTo(5);
        for (ContentCoding c : ContentCoding.values()) {
            assertThat(d.isEnabled(c)).as(c.token()).isEqualTo(c.isAvailable());
        }
        assertThat(ContentCoding.GZIP.isAvailable()).isTrue();
        assertThat(ContentCoding.DEFLATE.isAvailable()).isTrue();
    }

    @Test
    void acceptEncodingListsWhatIsEnabledAndAvailable() {
        DecompressionSettings d = DecompressionSettings.defaults();
        // This build ships brotli4j's and zstd-jni's natives for the platforms it runs on.
        assertThat(ContentCoding.BROTLI.isAvailable()).isTrue();
        assertThat(ContentCoding.ZSTD.isAvailable()).isTrue();
        assertThat(d.acceptEncoding()).isEqualTo("gzip, deflate, br, zstd");
        assertThat(d.withCoding(ContentCoding.ZSTD, false).acceptEncoding()).isEqualTo("gzip, deflate, br");
        assertThat(d.withCoding(ContentCoding.GZIP, false).withCoding(ContentCoding.BROTLI, false).acceptEncoding())
                .isEqualTo("deflate, zstd");
        DecompressionSettings none = d;
        for (ContentCoding c : ContentCoding.values()) {
            none = none.withCoding(c, false);
        }
        assertThat(none.acceptEncoding()).isNull();
        assertThat(none.withCoding(ContentCoding.DEFLATE, true).acceptEncoding()).isEqualTo("deflate");
    }

    @Test
    void settingsAreImmutableValues() {
        DecompressionSettings d = DecompressionSettings.defaults();
        DecompressionSettings small = d.withMaxDecompressedBytes(1 << 20).withMaxRatio(50).withMaxCodings(2);
        assertThat(d.maxDecompressedBytes()).isEqualTo(256L << 20);
        assertThat(small.maxDecompressedBytes()).isEqualTo(1 << 20);
        assertThat(small.maxRatio()).isEqualTo(50);
        assertThat(small.maxCodings()).isEqualTo(2);
        assertThat(d.withCoding(ContentCoding.BROTLI, false).withCoding(ContentCoding.BROTLI, true)).isEqualTo(d)
                .hasSameHashCodeAs(d);
        assertThat(small).isNotEqualTo(d);
        assertThat(small.toString()).contains("maxRatio=50");
    }

    @Test
    void limitsMustBePositive() {
        DecompressionSettings d = DecompressionSettings.defaults();
        assertThatThrownBy(() -> d.withMaxDecompressedBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxRatio(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxCodings(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withCoding(null, true)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void limitMessagesNameSizesReadably() {
        assertThat(DecoderChain.describe(256L << 20)).isEqualTo("256 MiB");
        assertThat(DecoderChain.describe(1L << 30)).isEqualTo("1 GiB");
        assertThat(DecoderChain.describe(64 << 10)).isEqualTo("64 KiB");
        assertThat(DecoderChain.describe(1000)).isEqualTo("1000 bytes");
    }
}
