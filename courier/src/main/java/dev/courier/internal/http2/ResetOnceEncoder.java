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
 * The codec's encoder with one rule added: after Courier resets a stream, no second RST_STREAM
 * goes out for it. RFC 9113 §5.1 says frames still arriving on a stream after its RST_STREAM are
 * ignored, and §5.4 that the first error reported for a stream is its last. Netty forgets a
 * stream once its reset is written, so each DATA frame the server had already sent on it (up to
 * the stream's whole window, dozens of frames) looks like a frame for an unknown stream and is
 * answered with RST_STREAM(STREAM_CLOSED) (netty/netty#17445). Servers count those as abuse: Jetty
 * closes the connection with GOAWAY(ENHANCE_YOUR_CALM, "invalid_rst_stream_frame_rate") after a
 * few abandoned downloads, failing every other stream on it.
 *
 * <p>The late frames themselves are still dropped by the codec and their bytes still returned to
 * the connection's flow-control window; only the answer is withheld. The streams reset most
 * recently are remembered (a fixed number, event loop only): a late frame for an older one still
 * gets its RST_STREAM, as before.
 */
final class ResetOnceEncoder extends DecoratingHttp2ConnectionEncoder {
    /** Enough for every stream of a full connection to be reset at once, several times over. */
    private static final int REMEMBERED = 256;

    private final Http2Connection connection;
    private final Http2FrameWriter writer;
    private final int[] recentlyReset = new int[REMEMBERED];
    private int next;

    ResetOnceEncoder(Http2ConnectionEncoder delegate) {
        super(delegate);
        connection = delegate.connection();
        writer = new DecoratingHttp2FrameWriter(delegate.frameWriter()) {
            @Override
            public ChannelFuture writeRstStream(ChannelHandlerContext ctx, int streamId, long errorCode,
                    ChannelPromise promise) {
                if (connection.stream(streamId) != null) {
                    remember(streamId);
                } else if (wasReset(streamId)) {
                    return promise.setSuccess();
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

    /** As {@link #connection()}: the remote flow controller is fixed when the codec is built. */
    @Override
    public Http2RemoteFlowController flowController() {
        return connection.remote().flowController();
    }

    /** Every frame the connection handler writes goes through here, resets included. */
    @Override
    public Http2FrameWriter frameWriter() {
        return writer;
    }

    private void remember(int streamId) {
        recentlyReset[next] = streamId;
        next = (next + 1) % REMEMBERED;
    }

    private boolean wasReset(int streamId) {
        // Stream 0 is never reset, so the array's initial zeros match nothing.
        for (int id : recentlyReset) {
            if (id == streamId) {
                return true;
            }
        }
        return false;
    }
}
