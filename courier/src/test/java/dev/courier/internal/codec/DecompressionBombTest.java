package dev.courier.internal.codec;

import static dev.courier.internal.codec.CodecBodies.GIB;
import static dev.courier.internal.codec.CodecBodies.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.courier.internal.codec.CodecBodies.Variant;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decompression bombs (RELIABILITY.md §1.5, CVE-2026-42587): 1 GiB of zeros in every coding must
 * stop at the limit, with the test holding no decoded data (the recorder counts and releases).
 */
class DecompressionBombTest {
    private static final long LIMIT = 32L * MIB;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static void assumeAvailable(Variant v) {
        assumeTrue(v != Variant.BR || ContentCoding.BROTLI.isAvailable(), "brotli4j native library");
        assumeTrue(v != Variant.ZSTD || ContentCoding.ZSTD.isAvailable(), "zstd-jni native library");
    }

    /** Feeds {@code body} in {@code chunk}-byte pieces; returns the compressed bytes written when the first error arrived. */
    private static long feed(DecodingHarness h, byte[] body, int chunk) {
        long writtenAtError = -1;
        for (int at = 0; at < body.length; at += chunk) {
            h.chunk(body, at, Math.min(body.length, at + chunk));
            if (writtenAtError < 0 && !h.recorder.errors.isEmpty()) {
                writtenAtError = h.written;
            }
        }
        h.last();
        return writtenAtError;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aGibibyteOfZerosStopsAtTheSizeLimit(Variant v) {
        assumeAvailable(v);
        byte[] bomb = v.gibibyteBomb();
        // The ratio limit is lifted so that this test is about the size limit alone.
        DecompressionSettings settings = DecompressionSettings.defaults().withMaxDecompressedBytes(LIMIT)
                .withMaxRatio(Integer.MAX_VALUE);
        DecodingHarness h = new DecodingHarness(settings, false);
        h.head(200, v.header);
        long writtenAtError = feed(h, bomb, Math.max(16, Math.min(16 * 1024, bomb.length / 64)));

        assertThat(h.recorder.errors).singleElement().isInstanceOf(ContentDecodingException.class)
                .extracting(Throwable::getMessage).isEqualTo("decompressed body exceeds 32 MiB (limit)");
        // Decoding really ran up to the limit, never past it, and nothing came after the failure.
        assertThat(h.recorder.bodyBytesAtFirstError).isBetween(LIMIT - 2 * StreamDecoder.MAX_PIECE, LIMIT);
        assertThat(h.recorder.bodyBytes).isEqualTo(h.recorder.bodyBytesAtFirstError);
        assertThat(h.recorder.maxPiece).isLessThanOrEqualTo(StreamDecoder.MAX_PIECE);
        assertThat(h.recorder.lasts).isZero();
        // The failure came long before the bomb's end: 32 MiB is 1/32 of it.
        assertThat(writtenAtError).isPositive().isLessThan(bomb.length / 8);
        h.finish();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void theDefaultLimitsStopEveryBomb(Variant v) {
        assumeAvailable(v);
        DecodingHarness h = new DecodingHarness(DecompressionSettings.defaults(), false);
        h.head(200, v.header);
        feed(h, v.gibibyteBomb(), 16 * 1024);

        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage)
                .isIn("decompressed body exceeds 256 MiB (limit)", "compression ratio above 1000:1 (limit)");
        assertThat(h.recorder.bodyBytes).isLessThanOrEqualTo(256L * MIB);
        h.finish();
    }

    @Test
    void theRatioLimitStopsSmallBombsUnderTheSizeLimit() {
        for (Variant v : new Variant[] {Variant.BR, Variant.ZSTD}) {
            assumeAvailable(v);
            byte[] small = v == Variant.BR ? CodecBodies.brotliZeros(16L * MIB) : CodecBodies.zstdZeros(16L * MIB);
            DecodingHarness h = new DecodingHarness(DecompressionSettings.defaults(), false);
            h.head(200, v.header);
            long writtenAtError = feed(h, small, 64);

            assertThat(h.recorder.errors).as(v.name()).singleElement().extracting(Throwable::getMessage)
                    .isEqualTo("compression ratio above 1000:1 (limit)");
            assertThat(h.recorder.bodyBytesAtFirstError).isLessThanOrEqualTo(1000 * writtenAtError + MIB);
            h.finish();
        }
        // gzip's best is about 1030:1, so it takes a lower ratio to trip.
        DecodingHarness h = new DecodingHarness(DecompressionSettings.defaults().withMaxRatio(100), false);
        h.head(200, "gzip");
        long writtenAtError = feed(h, CodecBodies.gzipZeros(16L * MIB), 1024);
        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("compression ratio above 100:1 (limit)");
        assertThat(h.recorder.bodyBytesAtFirstError).isLessThanOrEqualTo(100 * writtenAtError + MIB);
        h.finish();
    }

    @Test
    void highlyCompressibleBodiesWithinTheRatioDecode() {
        byte[] plain = CodecBodies.text(8 * MIB, 30);
        DecodingHarness h = new DecodingHarness(DecompressionSettings.defaults(), false);
        h.head(200, "zstd");
        feed(h, CodecBodies.zstd(plain), 8192);
        h.head(200, "gzip");
        feed(h, CodecBodies.gzipZeros(MIB), 100); // 1 MiB of zeros: under the 1 MiB slack
        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.bodyBytes).isEqualTo(plain.length + MIB);
        h.finish();
    }

    @Test
    void aBombUnderAnotherCodingIsStoppedInTheInnerLayer() {
        // br over a 1 GiB gzip bomb: the br layer yields about 1 MB, the gzip layer explodes.
        byte[] body = CodecBodies.brotli(Variant.GZIP.gibibyteBomb());
        DecompressionSettings settings = DecompressionSettings.defaults().withMaxDecompressedBytes(LIMIT)
                .withMaxRatio(Integer.MAX_VALUE);
        DecodingHarness h = new DecodingHarness(settings, false);
        h.head(200, "gzip, br");
        feed(h, body, 1024);
        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("decompressed body exceeds 32 MiB (limit)");
        assertThat(h.recorder.bodyBytes).isBetween(LIMIT - 2 * StreamDecoder.MAX_PIECE, LIMIT);
        h.finish();
    }

    @Test
    void anOuterLayerIsHeldToTheLimitsEvenWhenTheInnerOneYieldsNothing() throws IOException {
        // zstd over 8 MiB of empty gzip members: the final body is empty, the zstd layer is not.
        byte[] emptyMember = CodecBodies.gzip(new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out, 3)) {
            byte[] block = new byte[emptyMember.length * 4096];
            for (int i = 0; i < 4096; i++) {
                System.arraycopy(emptyMember, 0, block, i * emptyMember.length, emptyMember.length);
            }
            for (long written = 0; written < 8L * MIB; written += block.length) {
                z.write(block);
            }
        }
        DecompressionSettings settings = DecompressionSettings.defaults().withMaxDecompressedBytes(4L * MIB)
                .withMaxRatio(Integer.MAX_VALUE);
        DecodingHarness h = new DecodingHarness(settings, false);
        h.head(200, "gzip, zstd");
        feed(h, out.toByteArray(), 256);
        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("decompressed body exceeds 4 MiB (limit)");
        assertThat(h.recorder.bodyBytes).isZero();
        h.finish();
    }

    @Test
    void theTestBombsAreValidStreams() throws IOException {
        long size = 4L * MIB;
        assertThat(countDecoded(new GZIPInputStream(new java.io.ByteArrayInputStream(CodecBodies.gzipZeros(size)))))
                .isEqualTo(size);
        assertThat(countDecoded(new InflaterInputStream(new java.io.ByteArrayInputStream(CodecBodies.zlibZeros(size)))))
                .isEqualTo(size);
        Inflater raw = new Inflater(true);
        try {
            assertThat(countDecoded(new InflaterInputStream(new java.io.ByteArrayInputStream(
                    CodecBodies.rawDeflateZeros(size)), raw))).isEqualTo(size);
        } finally {
            raw.end();
        }
        assertThat(Variant.GZIP.gibibyteBomb().length).isLessThan((int) (GIB / 1000));
    }

    private static long countDecoded(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (in) {
            for (int n; (n = in.read(buf)) > 0 && total <= 16L * MIB; ) {
                assertThat(buf).startsWith(new byte[Math.min(n, 16)]);
                total += n;
            }
        }
        return total;
    }
}
