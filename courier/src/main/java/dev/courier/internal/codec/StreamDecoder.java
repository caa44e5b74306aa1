package dev.courier.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The streaming decoder of one content coding: compressed bytes go in as they arrive, decoded bytes
 * come out as pieces of at most {@link #MAX_PIECE} bytes.
 *
 * <p>Why not Netty's {@code JdkZlibDecoder}, {@code BrotliDecoder} and {@code ZstdDecoder}? They wrap
 * the same engines (the JDK's zlib, brotli4j, zstd-jni), but (1) each {@code decode} call inflates its
 * whole input before returning, so a limit could only be checked after the work and memory were
 * spent, and {@code JdkZlibDecoder} with a {@code maxAllocation} even fails a legitimate chunk whose
 * output passes it; (2) {@code BrotliDecoder} and {@code ZstdDecoder} hide whether the stream ended
 * (zstd runs in continuous mode), so a truncated body would decode silently short. Here the engine is
 * pulled one bounded piece at a time, and each piece passes the caller's limits before the next is
 * produced.
 *
 * <p>Not thread-safe: one response body, on its channel's event loop.
 */
abstract class StreamDecoder {
    /** The most bytes one decoded piece holds: large enough to be cheap, small enough to stay bounded. */
    static final int MAX_PIECE = 32 * 1024;
    private static final int MIN_PIECE = 512;

    /** Receives decoded pieces. It owns each piece it is given: it releases it even when it throws. */
    interface Output {
        /** Takes {@code piece}; throws {@link ContentDecodingException} to stop decoding (a limit passed). */
        void accept(ByteBuf piece);
    }

    final ContentCoding coding;
    final ByteBufAllocator alloc;
    private final boolean directOutput;
    /**
     * An empty piece kept from a call that decoded nothing, for the next call: a body of many tiny
     * members or blocks (gzip headers, empty deflate blocks) then costs no allocation per call.
     */
    private ByteBuf spare;
    private boolean closed;

    /** {@code directOutput}: the engine writes only to direct memory (zstd). */
    StreamDecoder(ContentCoding coding, ByteBufAllocator alloc, boolean directOutput) {
        this.coding = coding;
        this.alloc = alloc;
        this.directOutput = directOutput;
    }

    /** A new decoder for {@code coding}; its caller must {@link #close()} it. */
    static StreamDecoder create(ContentCoding coding, ByteBufAllocator alloc) {
        switch (coding) {
            case GZIP:
                return new GzipStreamDecoder(alloc);
            case DEFLATE:
                return new DeflateStreamDecoder(alloc);
            case BROTLI:
                return new BrotliStreamDecoder(alloc);
            case ZSTD:
                return new ZstdStreamDecoder(alloc);
            default:
                throw new IllegalArgumentException("no decoder for " + coding);
        }
    }

    /**
     * Decodes all remaining bytes of {@code in} (advancing its position to its limit), passing each
     * decoded piece to {@code out} as soon as it is full. Bytes after the end of the stream are
     * ignored, except for zstd, where they start the next frame.
     */
    abstract void decode(ByteBuffer in, Output out);

    /** Whether the bytes decoded so far form a complete stream: false means a body ending here is truncated. */
    abstract boolean isFinished();

    /** Frees the engine and any buffer held; safe to call more than once. */
    final void close() {
        if (!closed) {
            closed = true;
            releaseQuietly(spare);
            spare = null;
            freeEngine();
        }
    }

    /** Frees the engine's native memory and buffers; called once, by {@link #close()}. */
    abstract void freeEngine();

    /** The exception for bytes the engine rejects. */
    final ContentDecodingException corrupt(String detail) {
        return new ContentDecodingException("corrupt " + coding.token() + " stream: " + detail);
    }

    /** The exception for bytes the engine rejects, keeping the engine's exception as the cause. */
    final ContentDecodingException corrupt(String detail, Throwable cause) {
        return new ContentDecodingException("corrupt " + coding.token() + " stream: " + detail, cause);
    }

    /**
     * The size of the first output piece for {@code inputBytes} of compressed input. Small inputs
     * (a server flushing a few events) get small buffers; once a piece fills up, the rest get
     * {@link #MAX_PIECE}.
     */
    static int firstPieceSize(int inputBytes) {
        return (int) Math.max(MIN_PIECE, Math.min(MAX_PIECE, inputBytes * 4L));
    }

    /** An empty piece to decode into: the spare one if there is one, else a new one of {@code size} bytes. */
    final ByteBuf newPiece(int size) {
        ByteBuf piece = spare;
        if (piece != null) {
            spare = null;
            return piece;
        }
        return directOutput ? alloc.directBuffer(size, size) : alloc.buffer(size, size);
    }

    /** Passes a partly filled last piece on, or keeps it as the spare (or releases it) when empty. */
    final void finishPiece(ByteBuf piece, Output out) {
        if (piece == null) {
            return;
        }
        if (piece.isReadable()) {
            out.accept(piece);
        } else if (spare == null && !closed) {
            spare = piece.clear();
        } else {
            piece.release();
        }
    }

    static void releaseQuietly(ByteBuf piece) {
        if (piece != null) {
            piece.release();
        }
    }

    /**
     * Runs {@code inflater} over {@code in} until the input is used up or the deflate stream ends,
     * passing full pieces on as they fill; the bytes after the end of the stream stay in {@code in}.
     * Updates {@code crc} (when not null) with every decoded byte. Shared by gzip and deflate.
     *
     * @return whether the deflate stream ended
     */
    final boolean inflate(Inflater inflater, ByteBuffer in, CRC32 crc, Output out) {
        inflater.setInput(in); // the Inflater advances in's position as it consumes
        ByteBuf piece = null;
        boolean ended;
        try {
            int size = firstPieceSize(in.remaining());
            for (;;) {
                if (piece == null) {
                    piece = newPiece(size);
                    size = MAX_PIECE;
                }
                int remainingBefore = in.remaining();
                ByteBuffer dst = piece.nioBuffer(piece.writerIndex(), piece.writableBytes());
                int n = inflater.inflate(dst);
                if (n > 0) {
                    if (crc != null) {
                        dst.flip();
                        crc.update(dst);
                    }
                    piece.writerIndex(piece.writerIndex() + n);
                }
                if (inflater.finished()) {
                    ended = true;
                    break;
                }
                if (inflater.needsDictionary()) {
                    throw corrupt("preset dictionaries are not supported");
                }
                if (!piece.isWritable()) {
                    ByteBuf full = piece;
                    piece = null;
                    out.accept(full);
                } else if (inflater.needsInput()) {
                    ended = false;
                    break;
                } else if (n == 0 && in.remaining() == remainingBefore) {
                    // zlib neither consumed nor produced with room on both sides: never loop on it.
                    throw corrupt("decoder made no progress");
                }
            }
        } catch (DataFormatException e) {
            releaseQuietly(piece);
            throw corrupt(String.valueOf(e.getMessage()), e);
        } catch (RuntimeException | Error e) {
            releaseQuietly(piece);
            throw e;
        }
        finishPiece(piece, out);
        return ended;
    }
}
