package dev.courier.internal.codec;

import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.Inflater;

/**
 * The "deflate" decoder: RFC 9110 means a zlib stream (RFC 1950), but some servers send raw deflate
 * (RFC 1951), so the first two bytes decide, as browsers, httpx and Netty's {@code ZLIB_OR_NONE} do.
 *
 * <p>A zlib stream's Adler-32 is checked by the JDK's inflater; a raw stream has no checksum. Bytes
 * after the end of the stream are ignored.
 */
final class DeflateStreamDecoder extends StreamDecoder {
    private final byte[] head = new byte[2];
    private int headLength;
    private Inflater inflater;
    private boolean ended;

    DeflateStreamDecoder(ByteBufAllocator alloc) {
        super(ContentCoding.DEFLATE, alloc, false);
    }

    @Override
    void decode(ByteBuffer in, Output out) {
        if (ended) {
            in.position(in.limit());
            return;
        }
        if (inflater == null) {
            int n = Math.min(head.length - headLength, in.remaining());
            in.get(head, headLength, n);
            headLength += n;
            if (headLength < head.length) {
                return;
            }
            inflater = new Inflater(!looksLikeZlib(head[0] & 0xFF, head[1] & 0xFF));
            ended = inflate(inflater, ByteBuffer.wrap(head), null, out);
        }
        if (!ended) {
            ended = inflate(inflater, in, null, out);
        }
        in.position(in.limit());
    }

    /**
     * A zlib header: compression method 8, a window of at most 32 KiB, and a header checksum that
     * makes the first two bytes a multiple of 31 (RFC 1950 §2.2). Raw deflate from a real encoder
     * cannot match: low bits 1000 would be a stored block with a non-zero padding bit.
     */
    static boolean looksLikeZlib(int cmf, int flg) {
        return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
    }

    @Override
    boolean isFinished() {
        return ended;
    }

    @Override
    void freeEngine() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
