package dev.courier.internal.http2;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DecoratingHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2RemoteFlowController;

/**
 * The codec's encoder with one rule added: after a stream is reset from this side, no second
 * RST_STREAM goes out for it. RFC 9113 §5.1 says frames still arriving on a stream after its
 * RST_STREAM are ignored, and §5.4 that the first error reported for a stream is its last. Netty
 * forgets a stream once its reset is written, so each DATA frame the server had already sent on it
 * (up to the stream's whole window, dozens of frames) looks like a frame for an unknown stream and
 * is answered with RST_STREAM(STREAM_CLOSED) (netty/netty#17445). Servers count those as abuse:
 * Jetty closes the connection with GOAWAY(ENHANCE_YOUR_CALM, "invalid_rst_stream_frame_rate") after
 * a few abandoned downloads, failing every other stream on it.
 *
 * <p>Every RST_STREAM the connection handler writes goes through {@link #frameWriter()}: Courier's
 * cancellations and the codec's own stream errors alike. A reset written while its stream still
 * exists is remembered; a later one for the same id, once the stream is gone, is not written. The
 * late frames themselves are still dropped by the codec and their bytes still returned to the
 * connection's flow-control window. The memory holds the most recent resets, twice the
 * connection's stream limit (at least 256, at most 8192), and is made on the first reset (event
 * loop only): a late frame for a stream reset longer ago still gets its RST_STREAM, as before.
 *
 * <pre>{@code
 * // in an Http2FrameCodecBuilder subclass
 * protected Http2FrameCodec build(Http2ConnectionDecoder d, Http2ConnectionEncoder e, Http2Settings s) {
 *     return super.build(d, new ResetOnceEncoder(e, maxStreams), s);
 * }
 * }</pre>
 */
final class ResetOnceEncoder extends DecoratingHttp2ConnectionEncoder {
    private static final int LEAST_REMEMBERED = 256;
    private static final int MOST_REMEMBERED = 8192;

    private final Http2Connection connection;
    private final Http2FrameWriter writer;
    private final int remembered;
    /** The stream ids reset most recently, oldest overwritten first; null until the first reset. */
    private int[] recentlyReset;
    private int next;

    /**
     * @param delegate the encoder the codec builder made
     * @param maxStreams the most streams Courier opens at once on the connection: a full
     *     connection's worth of streams reset at once, twice over, is remembered
     */
    ResetOnceEncoder(Http2ConnectionEncoder delegate, int maxStreams) {
        super(delegate);
        connection = delegate.connection();
        remembered = (int) Math.min(MOST_REMEMBERED, Math.max(LEAST_REMEMBERED, 2L * maxStreams));
        writer = new DecoratingHttp2FrameWriter(delegate.frameWriter()) {
            @Override
            public ChannelFuture writeRstStream(ChannelHandlerContext ctx, int streamId, long errorCode,
                    ChannelPromise promise) {
                if (connection.stream(streamId) != null) {
                    remember(streamId);
                } else if (wasReset(streamId)) {
                    return promise.unvoid().setSuccess();
                }
                return super.writeRstStream(ctx, streamId, errorCode, promise);
            }
        };
    }

    /**
     * The codec asks for the connection on every frame it reads; answering from a field keeps
     * that one call, where delegating would add a level to the chain of encoders.
     */
    @Override
    public Http2Connection connection() {
        return connection;
    }

    /** As {@link #connection()}: straight to the connection's remote flow controller, skipping the chain. */
    @Override
    public Http2RemoteFlowController flowController() {
        return connection.remote().flowController();
    }

    /** The writer the connection handler writes RST_STREAM and GOAWAY with (DATA and HEADERS go through the delegate's own). */
    @Override
    public Http2FrameWriter frameWriter() {
        return writer;
    }

    private void remember(int streamId) {
        if (recentlyReset == null) {
            recentlyReset = new int[remembered];
        }
        recentlyReset[next] = streamId;
        next = (next + 1) % remembered;
    }

    private boolean wasReset(int streamId) {
        if (recentlyReset == null) {
            return false;
        }
        // Stream 0 is never reset, so the array's initial zeros match nothing.
        for (int id : recentlyReset) {
            if (id == streamId) {
                return true;
            }
        }
        return false;
    }
}
