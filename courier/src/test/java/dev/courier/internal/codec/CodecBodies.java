package dev.courier.internal.codec;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Test bodies: compressible text, each coding's encoder, and decompression bombs (zeros) built
 * without ever holding the decoded bytes.
 */
final class CodecBodies {
    static final int MIB = 1 << 20;
    static final long GIB = 1L << 30;
    private static final Map<String, byte[]> BOMBS = new ConcurrentHashMap<>();
    private static final String[] WORDS = {"courier", "netty", "brotli", "zstd", "gzip", "deflate", "client",
        "response", "body", "header", "stream", "chunk", "piece", "limit", "ratio", "the", "a", "of", "and", "to"};

    /** The ways a body can be encoded in these tests; GZIP_X is gzip named "x-gzip", DEFLATE_RAW is headerless deflate. */
    enum Variant {
        GZIP("gzip"), GZIP_X("x-gzip"), DEFLATE_ZLIB("deflate"), DEFLATE_RAW("deflate"), BR("br"), ZSTD("zstd");

        final String header;

        Variant(String header) {
            this.header = header;
        }

        byte[] encode(byte[] data) {
            switch (this) {
                case GZIP:
                case GZIP_X:
                    return gzip(data);
                case DEFLATE_ZLIB:
                    return deflate(data, false);
                case DEFLATE_RAW:
                    return deflate(data, true);
                case BR:
                    return brotli(data);
                default:
                    return zstd(data);
            }
        }

        /** 1 GiB of zeros in this coding (cached: building the br one takes about two seconds). */
        byte[] gibibyteBomb() {
            return BOMBS.computeIfAbsent(name(), k -> {
                switch (this) {
                    case GZIP:
                    case GZIP_X:
                        return gzipZeros(GIB);
                    case DEFLATE_ZLIB:
                        return zlibZeros(GIB);
                    case DEFLATE_RAW:
                        return rawDeflateZeros(GIB);
                    case BR:
                        return brotliZeros(GIB);
                    default:
                        return zstdZeros(GIB);
                }
            });
        }
    }

    private CodecBodies() {}

    /** {@code size} bytes of word salad: compressible about 3-5 times, like real text. */
    static byte[] text(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(size + 16);
        while (s.length() < size) {
            s.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? ".\n" : " ");
            if (random.nextInt(7) == 0) {
                s.append(random.nextInt(100_000));
            }
        }
        s.setLength(size);
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] deflate(byte[] data, boolean raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try (OutputStream z = new DeflaterOutputStream(out, deflater)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    static byte[] brotli(byte[] data) {
        Brotli4jLoader.ensureAvailability();
        try {
            return Encoder.compress(data, new Encoder.Parameters().setQuality(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] zstd(byte[] data) {
        return Zstd.compress(data, 3);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Raw deflate of {@code size} zeros (a multiple of 1 MiB) in about size / 1030 bytes, built in
     * milliseconds: after the first MiB, every further MiB compresses to the same byte-aligned
     * blocks (they only refer back to zeros), so one such segment is repeated.
     */
    static byte[] rawDeflateZeros(long size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] mib = new byte[MIB];
            byte[] first = deflateSyncFlush(deflater, mib);
            byte[] steady = deflateSyncFlush(deflater, mib);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) (size / 1000) + 1024);
            out.writeBytes(first);
            for (long i = 2; i <= size / MIB; i++) {
                out.writeBytes(steady);
            }
            deflater.finish();
            byte[] buf = new byte[1024];
            for (int guard = 0; !deflater.finished() && guard < 100; guard++) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** gzip of {@code size} zeros: a minimal header, {@link #rawDeflateZeros}, then the real CRC-32 and length. */
    static byte[] gzipZeros(long size) {
        CRC32 crc = new CRC32();
        byte[] mib = new byte[MIB];
        for (long i = 0; i < size / MIB; i++) {
            crc.update(mib);
        }
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        return concat(header, rawDeflateZeros(size), le32(crc.getValue()), le32(size));
    }

    /** zlib of {@code size} zeros: header, {@link #rawDeflateZeros}, then the real Adler-32 (big-endian). */
    static byte[] zlibZeros(long size) {
        Adler32 adler = new Adler32();
        byte[] mib = new byte[MIB];
        for (long i = 0; i < size / MIB; i++) {
            adler.update(mib);
        }
        long a = adler.getValue();
        byte[] trailer = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        return concat(new byte[] {0x78, (byte) 0xda}, rawDeflateZeros(size), trailer);
    }

    /** Brotli of {@code size} zeros, streamed 1 MiB at a time (quality 2: fast, still about 1:370000). */
    static byte[] brotliZeros(long size) {
        Brotli4jLoader.ensureAvailability();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream br = new BrotliOutputStream(out, new Encoder.Parameters().setQuality(2))) {
            writeZeros(br, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Zstandard of {@code size} zeros, streamed 1 MiB at a time. */
    static byte[] zstdZeros(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out, 3)) {
            writeZeros(z, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeZeros(OutputStream out, long size) throws IOException {
        byte[] mib = new byte[MIB];
        for (long i = 0; i < size / MIB; i++) {
            out.write(mib);
        }
    }

    private static byte[] deflateSyncFlush(Deflater deflater, byte[] input) {
        deflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        // SYNC_FLUSH fills the buffer until all input is compressed; a short result means done.
        for (int guard = 0; guard < 10_000; guard++) {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
            if (n < buf.length && deflater.needsInput()) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] le32(long v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
