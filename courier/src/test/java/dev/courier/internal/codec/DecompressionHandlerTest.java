package dev.courier.internal.codec;

import static dev.courier.internal.codec.CodecBodies.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.internal.codec.CodecBodies.Variant;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link DecompressionHandler} on an {@link io.netty.channel.embedded.EmbeddedChannel}: decoding, pass-through, failures, release. */
class DecompressionHandlerTest {
    private static final DecompressionSettings DEFAULTS = DecompressionSettings.defaults();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static void assumeAvailable(Variant v) {
        assumeTrue(v != Variant.BR || ContentCoding.BROTLI.isAvailable(), "brotli4j native library");
        assumeTrue(v != Variant.ZSTD || ContentCoding.ZSTD.isAvailable(), "zstd-jni native library");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void smallBodyRoundTripsInTinyChunks(Variant v) {
        assumeAvailable(v);
        byte[] plain = CodecBodies.text(5000, 1);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        HttpResponse head = h.head(200, v.header);
        h.body(v.encode(plain), 1, 2, 3, 5, 7, 11);

        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        assertThat(h.recorder.events).containsExactly("head 200", "content", "last");
        assertThat(h.recorder.messages.get(0)).isSameAs(head);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo(v.header);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("1234");
        h.finish();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void multiMebibyteBodyRoundTripsInManySmallChunks(Variant v) {
        assumeAvailable(v);
        byte[] plain = CodecBodies.text(3 * MIB + 17, 2);
        byte[] encoded = v.encode(plain);
        Random random = new Random(3);
        int[] sizes = new int[64];
        Arrays.setAll(sizes, i -> 1 + random.nextInt(4096));
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, v.header);
        h.body(encoded, sizes);

        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        assertThat(h.recorder.maxPiece).isLessThanOrEqualTo(StreamDecoder.MAX_PIECE);
        assertThat(h.recorder.lasts).isEqualTo(1);
        h.finish();
    }

    @Test
    void stackedCodingsDecodeLastAppliedFirst() {
        byte[] plain = CodecBodies.text(40_000, 4);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip, br");
        h.body(CodecBodies.brotli(CodecBodies.gzip(plain)), 1000);
        h.head(200, "deflate", "GZIP"); // the same list split over two lines, in another case
        h.body(CodecBodies.gzip(CodecBodies.deflate(plain, false)), 333);

        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.lasts).isEqualTo(2);
        byte[] both = h.recorder.body.toByteArray();
        assertThat(Arrays.copyOfRange(both, 0, plain.length)).isEqualTo(plain);
        assertThat(Arrays.copyOfRange(both, plain.length, both.length)).isEqualTo(plain);
        h.finish();
    }

    @Test
    void fiveStackedCodingsAreTheLimitAndDecode() {
        byte[] plain = CodecBodies.text(10_000, 5);
        byte[] body = plain;
        for (int i = 0; i < 5; i++) {
            body = CodecBodies.gzip(body);
        }
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip, gzip, identity, gzip, gzip, gzip");
        h.body(body, 100);

        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        h.finish();
    }

    @Test
    void sixCodingsFailAtTheFirstBodyByteWithoutDecoding() {
        for (String[] lines : List.of(new String[] {"gzip, gzip, gzip, gzip, gzip, gzip"},
                new String[] {"gzip", "gzip", "gzip", "gzip", "gzip", "gzip"})) {
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            h.head(200, lines);
            h.body(CodecBodies.gzip(CodecBodies.text(1000, 6)), 100);

            assertThat(h.recorder.events).containsExactly("head 200", "error more than 5 content codings");
            assertThat(h.recorder.errors.get(0)).isInstanceOf(ContentDecodingException.class);
            assertThat(h.recorder.bodyBytes).isZero();
            h.finish();
        }
    }

    @Test
    void tooManyCodingsOnAnEmptyBodyAreNotAnError() {
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip, gzip, gzip, gzip, gzip, gzip");
        h.last();
        assertThat(h.recorder.events).containsExactly("head 200", "last");
        h.finish();
    }

    @Test
    void identityAndNoCodingPassTheSameMessagesThrough() {
        for (String[] lines : List.of(new String[] {"identity"}, new String[] {"Identity , "}, new String[0])) {
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            byte[] plain = CodecBodies.text(3000, 7);
            HttpResponse head = h.head(200, lines);
            Object a = h.chunk(plain, 0, 1000);
            Object b = h.last(plain, 1000, plain.length, new DefaultHttpHeaders());
            assertThat(h.recorder.messages).containsExactly(head, a, b);
            assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
            h.finish();
        }
    }

    @Test
    void anUnknownCodingAnywhereInTheListPassesTheWholeBodyThrough() {
        for (String encoding : List.of("compress", "gzip, foo", "foo, gzip", "br;q=1")) {
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            byte[] raw = CodecBodies.gzip(CodecBodies.text(3000, 8));
            HttpResponse head = h.head(200, encoding);
            Object a = h.chunk(raw, 0, 100);
            Object b = h.chunk(raw, 100, raw.length);
            h.last();
            assertThat(h.recorder.errors).isEmpty();
            assertThat(h.recorder.messages).containsExactly(head, a, b, LastHttpContent.EMPTY_LAST_CONTENT);
            assertThat(h.recorder.body.toByteArray()).isEqualTo(raw);
            h.finish();
        }
    }

    @Test
    void aDisabledCodingPassesThrough() {
        DecompressionSettings noBrotli = DEFAULTS.withCoding(ContentCoding.BROTLI, false);
        byte[] raw = CodecBodies.brotli(CodecBodies.text(3000, 9));
        DecodingHarness h = new DecodingHarness(noBrotli);
        h.head(200, "br");
        h.body(raw, 500);
        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.body.toByteArray()).isEqualTo(raw);

        byte[] gzipOverBrotli = CodecBodies.brotli(CodecBodies.gzip(CodecBodies.text(3000, 9)));
        h.head(200, "gzip, br"); // gzip is enabled but the outer br is not: the whole body passes through
        h.body(gzipOverBrotli, 500);
        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.bodyBytes).isEqualTo(raw.length + gzipOverBrotli.length);
        h.finish();
    }

    @Test
    void interimAndBodilessResponsesAreUntouched() {
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        HttpResponse interim = h.head(100, "gzip");
        HttpResponse early = h.head(103, "br");
        HttpResponse noContent = h.head(204, "gzip");
        h.last();
        HttpResponse notModified = h.head(304, "zstd");
        h.last();
        assertThat(h.recorder.messages).containsExactly(interim, early, noContent, LastHttpContent.EMPTY_LAST_CONTENT,
                notModified, LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(h.recorder.errors).isEmpty();
        h.finish();
    }

    @Test
    void aFinalResponseAfterAnInterimOneIsDecoded() {
        byte[] plain = CodecBodies.text(2000, 10);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(100);
        h.head(200, "gzip");
        h.body(CodecBodies.gzip(plain), 64);
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        h.finish();
    }

    @Test
    void anEmptyBodyWithACodingIsNotAnError() {
        for (Variant v : Variant.values()) {
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            h.head(200, v.header); // a HEAD response, or an empty 200 that still names its coding
            h.last();
            assertThat(h.recorder.events).as(v.name()).containsExactly("head 200", "last");
            h.finish();
        }
    }

    @Test
    void trailersAreKept() {
        byte[] plain = CodecBodies.text(20_000, 11);
        byte[] encoded = CodecBodies.gzip(plain);
        HttpHeaders trailers = new DefaultHttpHeaders().add("x-checksum", "abc").add("grpc-status", "0");
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip");
        h.chunks(Arrays.copyOf(encoded, encoded.length - 100), 1000);
        h.last(encoded, encoded.length - 100, encoded.length, trailers);

        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        assertThat(h.recorder.trailers.get("x-checksum")).isEqualTo("abc");
        assertThat(h.recorder.trailers.get("grpc-status")).isEqualTo("0");
        h.finish();
    }

    @Test
    void aFullResponseIsSentAsHeadThenDecodedBody() {
        byte[] plain = CodecBodies.text(50_000, 12);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        byte[] encoded = CodecBodies.zstd(plain);
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                h.alloc.copyOf(encoded, 0, encoded.length));
        full.headers().set(HttpHeaderNames.CONTENT_ENCODING, "zstd");
        full.trailingHeaders().set("x-t", "1");
        h.channel.writeInbound(full);

        assertThat(h.recorder.events).containsExactly("head 200", "content", "last");
        assertThat(h.recorder.messages.get(0)).isNotInstanceOf(FullHttpResponse.class);
        assertThat(((HttpResponse) h.recorder.messages.get(0)).headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("zstd");
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        assertThat(h.recorder.trailers.get("x-t")).isEqualTo("1");
        h.finish();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aTruncatedStreamFails(Variant v) {
        assumeAvailable(v);
        byte[] encoded = v.encode(CodecBodies.text(30_000, 13));
        for (int cut : new int[] {1, 3, 8, encoded.length / 2}) {
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            h.head(200, v.header);
            h.body(Arrays.copyOf(encoded, encoded.length - cut), 1024);

            String coding = v == Variant.GZIP_X ? "gzip" : v.header;
            assertThat(h.recorder.events).as("cut %d", cut).endsWith("error truncated " + coding + " stream");
            assertThat(h.recorder.lasts).isZero();
            h.finish();
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aCorruptStreamFails(Variant v) {
        assumeAvailable(v);
        byte[] valid = v.encode(CodecBodies.text(30_000, 14));
        byte[] corrupt;
        switch (v) {
            case DEFLATE_RAW:
                corrupt = CodecBodies.concat(new byte[] {0x07}, valid); // a block of the reserved type 3
                break;
            case BR:
                corrupt = CodecBodies.concat(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f}, valid); // no valid window bits
                break;
            case ZSTD:
                corrupt = "{\"not\": \"zstd\"}".getBytes(StandardCharsets.US_ASCII);
                break;
            default: // gzip, x-gzip and zlib: a flipped checksum byte at the end
                corrupt = valid.clone();
                corrupt[corrupt.length - (v == Variant.DEFLATE_ZLIB ? 1 : 8)] ^= 0x55;
                break;
        }
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, v.header);
        h.body(corrupt, 700);

        String coding = v == Variant.GZIP_X ? "gzip" : v.header;
        assertThat(h.recorder.errors).hasSize(1);
        assertThat(h.recorder.errors.get(0)).isInstanceOf(ContentDecodingException.class)
                .hasMessageStartingWith("corrupt " + coding + " stream: ");
        if (v == Variant.GZIP || v == Variant.GZIP_X) {
            assertThat(h.recorder.errors.get(0)).hasMessage("corrupt gzip stream: CRC mismatch");
        }
        assertThat(h.recorder.lasts).isZero();
        h.finish();
    }

    @Test
    void gzipMembersAreConcatenatedAndTrailingGarbageIgnored() {
        byte[] a = CodecBodies.text(5000, 15);
        byte[] b = CodecBodies.text(7000, 16);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip");
        h.body(CodecBodies.concat(CodecBodies.gzip(a), CodecBodies.gzip(b)), 999);
        assertThat(h.recorder.body.toByteArray()).isEqualTo(CodecBodies.concat(a, b));

        h.recorder.body.reset();
        h.head(200, "gzip");
        h.body(CodecBodies.concat(CodecBodies.gzip(a), new byte[] {0, 0, 'j', 'u', 'n', 'k'}), 999);
        assertThat(h.recorder.body.toByteArray()).isEqualTo(a);
        assertThat(h.recorder.errors).isEmpty();
        h.finish();
    }

    @Test
    void gzipHeaderFieldsAndHeaderChecksumAreHandled() {
        byte[] plain = CodecBodies.text(4000, 17);
        byte[] member = CodecBodies.gzip(plain);
        // FEXTRA + FNAME + FCOMMENT + FHCRC, inserted after the 10 fixed bytes of a plain member.
        byte[] fixed = Arrays.copyOf(member, 10);
        fixed[3] = 0x1E;
        byte[] fields = CodecBodies.concat(new byte[] {3, 0, 'a', 'b', 'c'}, "name.txt\0".getBytes(StandardCharsets.US_ASCII),
                "a comment\0".getBytes(StandardCharsets.US_ASCII));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(fixed);
        crc.update(fields);
        byte[] hcrc = {(byte) crc.getValue(), (byte) (crc.getValue() >>> 8)};
        byte[] rest = Arrays.copyOfRange(member, 10, member.length);

        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip");
        h.body(CodecBodies.concat(fixed, fields, hcrc, rest), 1);
        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);

        hcrc[0] ^= 1;
        h.head(200, "gzip");
        h.body(CodecBodies.concat(fixed, fields, hcrc, rest), 3);
        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("corrupt gzip stream: header checksum mismatch");
        h.finish();
    }

    @Test
    void theNextResponseDecodesAfterAFailure() {
        byte[] plain = CodecBodies.text(6000, 18);
        byte[] encoded = CodecBodies.gzip(plain);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip");
        h.body(Arrays.copyOf(encoded, encoded.length - 4), 500);
        assertThat(h.recorder.errors).singleElement().extracting(Throwable::getMessage).isEqualTo("truncated gzip stream");

        h.recorder.body.reset();
        h.head(200, "gzip");
        h.body(encoded, 500);
        assertThat(h.recorder.errors).hasSize(1);
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);
        h.finish();
    }

    @Test
    void theRestOfABodyIsDroppedAfterAFailure() {
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "zstd");
        h.chunk("garbage!".getBytes(StandardCharsets.US_ASCII), 0, 8);
        h.body(CodecBodies.zstd(CodecBodies.text(5000, 19)), 100);
        assertThat(h.recorder.events).hasSize(2).startsWith("head 200");
        assertThat(h.recorder.errors).singleElement().isInstanceOf(ContentDecodingException.class);
        h.finish();
    }

    @Test
    void aFailedChunkFromTheHttpCodecIsPassedOnAndTheChainFreed() {
        byte[] encoded = CodecBodies.brotli(CodecBodies.text(9000, 20));
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "br");
        h.chunk(encoded, 0, 100);
        LastHttpContent broken = new DefaultLastHttpContent(h.alloc.buffer(0));
        broken.setDecoderResult(DecoderResult.failure(new IllegalStateException("invalid chunk size")));
        h.channel.writeInbound(broken);

        assertThat(h.recorder.errors).isEmpty();
        assertThat(h.recorder.messages).last().isSameAs(broken);
        h.finish();
    }

    @Test
    void withAutoReadOffABatchThatYieldsNothingAsksForOneMoreRead() {
        byte[] plain = CodecBodies.text(20_000, 21);
        byte[] encoded = CodecBodies.gzip(plain);
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.channel.config().setAutoRead(false);
        int before = h.reads;
        h.head(200, "gzip");
        assertThat(h.reads).isEqualTo(before);
        h.chunk(encoded, 0, 10); // only the gzip header: nothing to pass on
        assertThat(h.reads).isEqualTo(before + 1);
        h.chunk(encoded, 10, encoded.length); // decodes to pieces: the consumer's demand is met
        assertThat(h.reads).isEqualTo(before + 1);
        h.last();
        assertThat(h.reads).isEqualTo(before + 1);
        assertThat(h.recorder.body.toByteArray()).isEqualTo(plain);

        h.channel.config().setAutoRead(true);
        int reading = h.reads;
        h.head(200, "gzip");
        h.chunk(encoded, 0, 10);
        assertThat(h.reads).isEqualTo(reading + 2); // autoRead on: only Netty's own read after each batch
        h.finish();
    }

    @Test
    void closingTheChannelMidBodyReleasesEverything() {
        for (Variant v : Variant.values()) {
            assumeAvailable(v);
            byte[] encoded = v.encode(CodecBodies.text(100_000, 22));
            DecodingHarness h = new DecodingHarness(DEFAULTS);
            h.head(200, v.header);
            h.chunk(encoded, 0, encoded.length / 2);
            h.channel.close();
            assertThat(h.recorder.errors).isEmpty();
            h.finish();
        }
    }

    @Test
    void removingTheHandlerMidBodyReleasesEverything() {
        byte[] encoded = CodecBodies.zstd(CodecBodies.text(100_000, 23));
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "zstd");
        h.chunk(encoded, 0, encoded.length / 2);
        h.channel.pipeline().remove("decompress");
        h.finish();
    }

    @Test
    void downstreamClosingOrRemovingWhileAChunkDecodesIsSafe() {
        for (boolean close : new boolean[] {true, false}) {
            for (Variant v : Variant.values()) {
                assumeAvailable(v);
                byte[] encoded = v.encode(new byte[MIB]); // one chunk that decodes to 32 pieces
                DecodingHarness h = new DecodingHarness(DEFAULTS);
                h.recorder.onPiece = ctx -> {
                    if (close) {
                        ctx.channel().close();
                    } else if (ctx.pipeline().get("decompress") != null) {
                        ctx.pipeline().remove("decompress");
                    }
                };
                h.head(200, v.header);
                h.chunk(encoded, 0, encoded.length);
                // Removal is immediate, so decoding stops at the first piece; whenever the close lands
                // (at once or after the chunk), the handler stops and frees everything.
                assertThat(h.recorder.pieces).as(v.name()).isBetween(1, close ? 32 : 1);
                assertThat(h.recorder.errors).isEmpty();
                h.finish();
            }
        }
    }

    @Test
    void piecesAreBoundedAndComeOutAsSoonAsAChunkYieldsThem() {
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "gzip");
        byte[] encoded = CodecBodies.gzip(new byte[4 * MIB]);
        h.chunk(encoded, 0, encoded.length);
        assertThat(h.recorder.bodyBytes).isEqualTo(4 * MIB); // all of it, before the last content
        assertThat(h.recorder.maxPiece).isEqualTo(StreamDecoder.MAX_PIECE);
        h.last();
        h.finish();
    }

    @Test
    void decodedPiecesAreReleasedExactlyOnceByTheirConsumer() {
        DecodingHarness h = new DecodingHarness(DEFAULTS);
        h.head(200, "deflate");
        h.body(CodecBodies.deflate(CodecBodies.text(200_000, 24), false), 4096);
        for (Object m : h.recorder.messages) {
            if (m instanceof io.netty.buffer.ByteBufHolder && m != LastHttpContent.EMPTY_LAST_CONTENT) {
                ByteBuf data = ((io.netty.buffer.ByteBufHolder) m).content();
                assertThat(data.refCnt()).isZero();
            }
        }
        h.finish();
    }
}
