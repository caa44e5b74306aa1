package dev.courier.internal.codec;

import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The Brotli decoder, on brotli4j's native decoder (the one Netty's {@code BrotliDecoder} uses).
 *
 * <p>Output is pulled at most {@link #MAX_PIECE} bytes at a time, so a few input bytes that expand to
 * gigabytes (Brotli allows far higher ratios than deflate) never produce more than one piece before
 * the caller's limits run. Bytes after the end of the stream are ignored.
 */
final class BrotliStreamDecoder extends StreamDecoder {
    private static final int INPUT_BUFFER = 16 * 1024;
    /** Passes without input consumed or output pulled before the engine counts as stuck; normal decoding needs at most two. */
    private static final int MAX_IDLE_PASSES = 8;

    private final DecoderJNI.Wrapper decoder;
    private boolean done;

    BrotliStreamDecoder(ByteBufAllocator alloc) {
        super(ContentCoding.BROTLI, alloc, false);
        try {
            decoder = new DecoderJNI.Wrapper(INPUT_BUFFER);
        } catch (IOException e) {
            throw new ContentDecodingException("cannot start the br decoder: " + e.getMessage(), e);
        }
    }

    @Override
    void decode(ByteBuffer in, Output out) {
        int idle = 0;
        while (idle++ < MAX_IDLE_PASSES) {
            switch (decoder.getStatus()) {
                case DONE:
                    drain(out);
                    done = true;
                    in.position(in.limit());
                    return;
                case NEEDS_MORE_OUTPUT:
                    pull(out);
                    idle = 0;
                    break;
                case OK:
                    // The engine paused after handing out output; pending output first, then let it go on.
                    if (decoder.hasOutput()) {
                        pull(out);
                        idle = 0;
                    } else {
                        decoder.push(0);
                    }
                    break;
                case NEEDS_MORE_INPUT:
                    // Drain before pushing, so that at most one piece is ever waiting.
                    if (decoder.hasOutput()) {
                        pull(out);
                        idle = 0;
                    } else if (!in.hasRemaining()) {
                        return;
                    } else {
                        push(in);
                        idle = 0;
                    }
                    break;
                default:
                    throw corrupt("invalid data");
            }
        }
        throw corrupt("decoder made no progress");
    }

    private void push(ByteBuffer in) {
        ByteBuffer input = decoder.getInputBuffer();
        input.clear();
        int n = Math.min(input.remaining(), in.remaining());
        ByteBuffer part = in.slice();
        part.limit(n);
        input.put(part);
        in.position(in.position() + n);
        decoder.push(n);
    }

    /** Pulls one piece of output (the engine's buffer is only valid until its next call, so it is copied). */
    private int pull(Output out) {
        ByteBuffer chunk = decoder.pull(MAX_PIECE);
        int n = chunk.remaining();
        if (n == 0) {
            return 0;
        }
        ByteBuf piece = alloc.buffer(n, n);
        try {
            piece.writeBytes(chunk);
        } catch (RuntimeException | Error e) {
            piece.release();
            throw e;
        }
        out.accept(piece);
        return n;
    }

    private void drain(Output out) {
        // Bounded by the engine's remaining output; an empty pull also stops it.
        while (decoder.hasOutput()) {
            if (pull(out) == 0) {
                break;
            }
        }
    }

    @Override
    boolean isFinished() {
        return done;
    }

    @Override
    void freeEngine() {
        decoder.destroy();
    }
}
