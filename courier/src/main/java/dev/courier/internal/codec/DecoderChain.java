package dev.courier.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The decoders of one response body, in decoding order (the last-applied coding first), with the
 * size and ratio limits checked on every piece that leaves any of them.
 *
 * <p>Every layer is held to the limits, not only the last: in "gzip, br" the br layer could expand
 * a few bytes into gigabytes of gzip data that itself decodes to almost nothing. Limits are checked
 * before a piece is passed on, so at most one piece per layer ({@link StreamDecoder#MAX_PIECE}) is
 * ever held beyond what was accepted.
 */
final class DecoderChain {
    private final StreamDecoder[] decoders;
    private final StreamDecoder.Output[] outputs;
    /** Bytes each layer received; {@code received[0]} is the compressed body. */
    private final long[] received;
    /** Bytes each layer produced. */
    private final long[] produced;
    private final StreamDecoder.Output sink;
    private final long maxBytes;
    private final int maxRatio;

    /**
     * Starts the decoders for {@code decodeOrder}; decoded pieces of the last one go to {@code sink},
     * which owns them.
     */
    DecoderChain(List<ContentCoding> decodeOrder, DecompressionSettings settings, ByteBufAllocator alloc,
            StreamDecoder.Output sink) {
        int n = decodeOrder.size();
        this.decoders = new StreamDecoder[n];
        this.outputs = new StreamDecoder.Output[n];
        this.received = new long[n];
        this.produced = new long[n];
        this.sink = sink;
        this.maxBytes = settings.maxDecompressedBytes();
        this.maxRatio = settings.maxRatio();
        try {
            for (int i = 0; i < n; i++) {
                decoders[i] = StreamDecoder.create(decodeOrder.get(i), alloc);
                int layer = i;
                outputs[i] = piece -> pass(layer, piece);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Decodes a chunk of the compressed body; the caller keeps (and releases) {@code content}. */
    void feed(ByteBuf content) {
        feed(0, content);
    }

    /**
     * Checks, at the end of the body, that every layer that received bytes got a complete stream.
     * A layer that received none is an empty body (a HEAD response, or an empty 200 that still names
     * its coding): it decodes to nothing, as in browsers and httpx.
     */
    void finish() {
        for (int i = 0; i < decoders.length; i++) {
            if (received[i] > 0 && !decoders[i].isFinished()) {
                throw new ContentDecodingException("truncated " + decoders[i].coding.token() + " stream");
            }
        }
    }

    /** Frees every decoder; safe to call more than once. */
    void close() {
        for (StreamDecoder decoder : decoders) {
            if (decoder != null) {
                decoder.close();
            }
        }
    }

    private void feed(int layer, ByteBuf data) {
        received[layer] += data.readableBytes();
        if (data.nioBufferCount() == 1) {
            decoders[layer].decode(data.nioBuffer(), outputs[layer]);
        } else {
            for (ByteBuffer part : data.nioBuffers()) {
                decoders[layer].decode(part, outputs[layer]);
            }
        }
    }

    /** Checks a piece that {@code layer} produced and passes it to the next layer or to the sink. */
    private void pass(int layer, ByteBuf piece) {
        try {
            account(layer, piece.readableBytes());
        } catch (RuntimeException e) {
            piece.release();
            throw e;
        }
        if (layer == decoders.length - 1) {
            sink.accept(piece);
            return;
        }
        try {
            feed(layer + 1, piece);
        } finally {
            piece.release();
        }
    }

    private void account(int layer, int bytes) {
        long total = produced[layer] + bytes;
        if (total > maxBytes) {
            throw new ContentDecodingException("decompressed body exceeds " + describe(maxBytes) + " (limit)");
        }
        if (total > ratioBudget()) {
            throw new ContentDecodingException("compression ratio above " + maxRatio + ":1 (limit)");
        }
        produced[layer] = total;
    }

    /** maxRatio × compressed bytes so far + slack, saturating instead of overflowing. */
    private long ratioBudget() {
        long compressed = received[0];
        long ceiling = (Long.MAX_VALUE - DecompressionSettings.RATIO_SLACK_BYTES) / maxRatio;
        return compressed >= ceiling ? Long.MAX_VALUE : compressed * maxRatio + DecompressionSettings.RATIO_SLACK_BYTES;
    }

    /** A byte count for messages: "256 MiB", "64 KiB", or "1000 bytes". */
    static String describe(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
