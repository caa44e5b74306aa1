package dev.courier.internal.http2;

import dev.courier.internal.codec.DecompressionHandler;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.exchange.ExchangeChannel;
import dev.courier.internal.exchange.ReadActivity;
import dev.courier.internal.netty.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * One exchange on one HTTP/2 stream: the last handler of the stream's child channel, whose pipeline
 * turns frames into HTTP objects (so {@link Exchange} serves both protocols), and the
 * {@link ExchangeChannel} the exchange runs on.
 *
 * <p>The child channel reads only when the exchange asks, and Netty returns flow-control window to
 * the server only for what was read: a slow reader holds back its own stream and nothing else.
 * Closing the channel before the stream ended sends RST_STREAM(CANCEL), leaving the connection to
 * the other streams. A RST_STREAM from the server fails this exchange alone; REFUSED_STREAM, or a
 * GOAWAY that excludes the stream, marks the request unprocessed so it may be sent again.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter implements ExchangeChannel {
    private final Http2Connection connection;
    private final Exchange exchange;
    private final boolean reused;
    private final ReadActivity activity = new ReadActivity();
    private Http2StreamChannel channel;
    private boolean ended;
    /** The codec found a stream error, and Netty resets the stream with its code once the exchange has heard. */
    private boolean streamErrorPending;

    Http2StreamHandler(Http2Connection connection, Exchange exchange, boolean reused) {
        this.connection = connection;
        this.exchange = exchange;
        this.reused = reused;
    }

    /** The child pipeline: arrival time, frames to HTTP objects, decompression, this. */
    ChannelInitializer<Channel> initializer(DecompressionSettings decompression) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(PipelineNames.ACTIVITY, activity);
                ch.pipeline().addLast(PipelineNames.HTTP2_STREAM_CODEC, new Http2StreamFrameToHttpObjectCodec(false, true));
                if (decompression != null) {
                    ch.pipeline().addLast(PipelineNames.DECOMPRESSOR, new DecompressionHandler(decompression));
                }
                ch.pipeline().addLast(PipelineNames.EXCHANGE, Http2StreamHandler.this);
            }
        };
    }

    void start(Http2StreamChannel channel) {
        this.channel = channel;
        exchange.start(this, reused);
    }

    void startFailed(Throwable cause) {
        exchange.startFailed(this, reused, cause);
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String authority() {
        return connection.key().authority();
    }

    @Override
    public boolean tunnelled() {
        return connection.key().tunnelled();
    }

    @Override
    public long lastReadNanos() {
        return activity.lastReadNanos();
    }

    @Override
    public boolean multiplexed() {
        return true;
    }

    @Override
    public boolean reportedUnprocessed(Exchange failed, Throwable failure) {
        // A GOAWAY that excludes this stream closes it: writes still pending or issued later fail,
        // often before the stream's close reaches channelInactive below.
        boolean closed = failure instanceof ClosedChannelException
                || Http2CodecUtil.getEmbeddedHttp2Exception(failure) != null;
        if (closed && channel != null && connection.unprocessed(channel.stream().id())) {
            failed.onUnprocessed(goAwayMessage(), connection.processedStreams());
            return true;
        }
        return false;
    }

    private String goAwayMessage() {
        return "The server " + authority() + " closed the connection (GOAWAY) before processing the request";
    }

    @Override
    public void finished(Exchange ended, boolean reusable) {
        if (this.ended) {
            return;
        }
        this.ended = true;
        if (channel != null) {
            if (streamErrorPending) {
                // Closing now would reset the stream with CANCEL ahead of Netty's RST_STREAM carrying
                // the error's code; close afterwards, in case Netty did not.
                Http2StreamChannel stream = channel;
                stream.eventLoop().execute(stream::close);
            } else {
                channel.close();
            }
        }
        connection.streamEnded();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        exchange.onInbound(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        exchange.onReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        exchange.onWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        try {
            if (event instanceof Http2ResetFrame reset) {
                long code = reset.errorCode();
                if (code == Http2Error.REFUSED_STREAM.code()) {
                    exchange.onUnprocessed("The server " + authority() + " refused the stream (REFUSED_STREAM) "
                            + "without processing the request", false);
                } else {
                    exchange.onRemoteError("The server " + authority() + " reset the stream with "
                            + errorName(code));
                }
            }
            // A GOAWAY that excludes this stream arrives here too; the stream's close (below) acts on it.
        } finally {
            ReferenceCountUtil.release(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!ended) {
            Throwable cause = connection.failure();
            if (connection.unprocessed(channel.stream().id())) {
                exchange.onUnprocessed(goAwayMessage(), connection.processedStreams());
            } else if (cause != null) {
                exchange.onFailure(cause);
            } else {
                exchange.onInactive();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        streamErrorPending = Http2CodecUtil.getEmbeddedHttp2Exception(cause) instanceof Http2Exception.StreamException;
        exchange.onFailure(cause);
    }

    private static String errorName(long code) {
        Http2Error error = Http2Error.valueOf(code);
        return error == null ? "error code " + code : error.name() + " (" + code + ")";
    }
}
