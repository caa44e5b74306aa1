package dev.courier.internal.codec;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;

/**
 * The Zstandard decoder, on zstd-jni's streaming decompression context (zstd-jni is what Netty's
 * {@code ZstdDecoder} uses).
 *
 * <p>A body may hold several frames (RFC 8878 §3.1); it is complete when the last frame ended and was
 * fully flushed. Bytes after a frame start the next frame, so trailing garbage is an error here. The
 * engine reads and writes only direct memory: heap input is copied through a small direct buffer,
 * and output pieces are direct. The window size limit is zstd's default (2^27 bytes, as in Netty's
 * {@code ZstdDecoder}); zstd-jni's context does not expose a lower one.
 */
final class ZstdStreamDecoder extends StreamDecoder {
    private static final int STAGING = 16 * 1024;

    private final ZstdDecompressCtx context = new ZstdDecompressCtx();
    private ByteBuf staging;
    private boolean frameEnded;

    ZstdStreamDecoder(ByteBufAllocator alloc) {
        super(ContentCoding.ZSTD, alloc, true);
    }

    @Override
    void decode(ByteBuffer in, Output out) {
        if (in.isDirect()) {
            decompress(in, out);
            return;
        }
        if (staging == null) {
            staging = alloc.directBuffer(STAGING, STAGING);
        }
        while (in.hasRemaining()) {
            int n = Math.min(STAGING, in.remaining());
            ByteBuffer src = staging.nioBuffer(0, n);
            ByteBuffer part = in.slice();
            part.limit(n);
            src.put(part).flip();
            in.position(in.position() + n);
            decompress(src, out);
        }
    }

    /** Decompresses all of {@code src}, passing full pieces on; stops once the engine has flushed what it can. */
    private void decompress(ByteBuffer src, Output out) {
        ByteBuf piece = null;
        try {
            int size = firstPieceSize(src.remaining());
            for (;;) {
                if (piece == null) {
                    piece = newPiece(size);
                    size = MAX_PIECE;
                }
                int consumedBefore = src.position();
                ByteBuffer dst = piece.nioBuffer(piece.writerIndex(), piece.writableBytes());
                boolean flushedFrameEnd = context.decompressDirectByteBufferStream(dst, src);
                int produced = dst.position();
                piece.writerIndex(piece.writerIndex() + produced);
                boolean progress = produced > 0 || src.position() != consumedBefore;
                if (progress) {
                    frameEnded = flushedFrameEnd;
                }
                if (!piece.isWritable()) {
                    ByteBuf full = piece;
                    piece = null;
                    out.accept(full);
                } else if (!src.hasRemaining()) {
                    // Room left in the output and no input left: zstd has flushed all it can.
                    break;
                } else if (!progress) {
                    throw corrupt("decoder made no progress");
                }
            }
        } catch (ZstdException e) {
            releaseQuietly(piece);
            throw corrupt(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException | Error e) {
            releaseQuietly(piece);
            throw e;
        }
        finishPiece(piece, out);
    }

    @Override
    boolean isFinished() {
        return frameEnded;
    }

    @Override
    void freeEngine() {
        context.close();
        releaseQuietly(staging);
        staging = null;
    }
}
