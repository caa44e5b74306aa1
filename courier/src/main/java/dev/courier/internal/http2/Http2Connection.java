package dev.courier.internal.http2;

import dev.courier.HttpVersion;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.netty.PipelineNames;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.ConnectionUsage;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection: Netty's frame codec and stream multiplexer on the channel, this handler
 * after them, and the state the pool reads. Each exchange runs on a stream channel of its own
 * ({@link Http2StreamHandler}); the pool lends the connection to as many exchanges at once as the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS allows (capped by {@link Http2Options#maxStreams()}), and
 * follows that limit when the server changes it.
 *
 * <p>Lifecycle: usable once the server's first SETTINGS frame arrived ({@link #ready()}). A GOAWAY
 * retires it: no new streams; streams the server did not process (above its last-stream-id) fail
 * as unprocessed, so the transport sends them again elsewhere; the others finish, and the pool
 * closes the connection after the last. Abuse is bounded: header lists by
 * SETTINGS_MAX_HEADER_LIST_SIZE, CONTINUATION floods and empty DATA frames by the codec's limits,
 * PING and SETTINGS floods by a per-second count here.
 */
public final class Http2Connection extends ChannelInboundHandlerAdapter implements PooledConnection {
    /** Server push is refused (SETTINGS_ENABLE_PUSH 0), so no stream opened by the server is welcome. */
    private static final ChannelHandler NO_INBOUND_STREAMS = new RefuseInboundStreams();

    private final PoolKey key;
    private final ConnectionPool pool;
    private final Http2Options options;
    private final DecompressionSettings decompression;
    private final ConnectionUsage usage = new ConnectionUsage();
    private final CompletableFuture<Http2Connection> ready = new CompletableFuture<>();
    private Channel channel;
    private Http2FrameCodec codec;
    private Http2StreamChannelBootstrap streams;
    private volatile int capacity;
    private volatile boolean retired;
    private volatile boolean closed;
    private volatile int goAwayLastStreamId = Integer.MAX_VALUE;
    private volatile Throwable failure;
    /** Event loop only, from here on. */
    private int served;
    private long controlWindowStart;
    private int controlFrames;
    private boolean pingOutstanding;
    private ScheduledFuture<?> pinger;

    private Http2Connection(PoolKey key, ConnectionPool pool, Http2Options options, DecompressionSettings decompression) {
        this.key = key;
        this.pool = pool;
        this.options = options;
        this.decompression = decompression;
    }

    /**
     * Turns {@code channel} (connected, TLS done if any) into an HTTP/2 connection: sends the
     * preface and SETTINGS, opens the connection window, and starts reading. Event loop only.
     */
    public static Http2Connection install(Channel channel, PoolKey key, ConnectionPool pool, Http2Options options,
            DecompressionSettings decompression) {
        Http2Connection connection = new Http2Connection(key, pool, options, decompression);
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(new Http2Settings()
                        .pushEnabled(false)
                        .initialWindowSize(options.streamWindow())
                        .maxHeaderListSize(options.maxHeaderListSize())
                        .headerTableSize(Http2CodecUtil.DEFAULT_HEADER_TABLE_SIZE))
                .validateHeaders(true)
                // A server that lowers its stream limit below what is in flight: extra streams wait, never fail.
                .encoderEnforceMaxConcurrentStreams(true)
                .gracefulShutdownTimeoutMillis(0)
                .build();
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onGoAwayReceived(int lastStreamId, long errorCode, io.netty.buffer.ByteBuf debugData) {
                connection.goAwayReceived(lastStreamId);
            }
        });
        connection.codec = codec;
        channel.pipeline()
                // Streams started together (a read that completes many responses starts as many
                // requests, each opening its stream in a task of its own) share one write at the
                // end of the read or of the event loop's task batch, instead of one syscall each.
                .addLast(PipelineNames.FLUSH_CONSOLIDATION, new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(PipelineNames.HTTP2_CODEC, codec)
                .addLast(PipelineNames.HTTP2_MULTIPLEX, new Http2MultiplexHandler(NO_INBOUND_STREAMS))
                .addLast(PipelineNames.EXCHANGE, connection);
        // The codec has already widened the connection window by twice the stream window's excess
        // (Http2FrameCodec's own expansion, once the preface is written): top it up to the window
        // configured, not past it.
        io.netty.handler.codec.http2.Http2Connection h2 = codec.connection();
        int increment = options.connectionWindow() - h2.local().flowController().windowSize(h2.connectionStream());
        if (increment > 0) {
            channel.writeAndFlush(new DefaultHttp2WindowUpdateFrame(increment));
        }
        // Frames for every stream arrive on this channel; each stream's flow-control window, which
        // is returned only as its reader consumes, bounds what piles up.
        channel.config().setAutoRead(true);
        return connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        streams = new Http2StreamChannelBootstrap(channel).option(ChannelOption.AUTO_READ, false);
        controlWindowStart = System.nanoTime();
        if (options.pingInterval() != null) {
            long every = options.pingInterval().toNanos();
            pinger = ctx.executor().scheduleAtFixedRate(this::ping, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** Completes once the server's first SETTINGS frame arrived, or fails if the connection closed first. */
    public CompletableFuture<Http2Connection> ready() {
        return ready;
    }

    @Override
    public PoolKey key() {
        return key;
    }

    @Override
    public HttpVersion httpVersion() {
        return HttpVersion.HTTP_2;
    }

    @Override
    public boolean isClosed() {
        return closed || !channel.isActive();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public boolean isRetired() {
        return retired || closed;
    }

    @Override
    public ConnectionUsage usage() {
        return usage;
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    @Override
    public void execute(Exchange exchange) {
        channel.eventLoop().execute(() -> {
            boolean reused = served++ > 0;
            Http2StreamHandler stream = new Http2StreamHandler(this, exchange, reused);
            streams.handler(stream.initializer(decompression)).open().addListener(opened -> {
                if (opened.isSuccess()) {
                    stream.start((Http2StreamChannel) opened.getNow());
                } else {
                    stream.startFailed(failure != null ? failure : opened.cause());
                }
            });
        });
    }

    /** A stream's exchange ended: its slot is free again. Event loop only. */
    void streamEnded() {
        pool.release(this, !closed);
    }

    /**
     * True when the server cannot have processed stream {@code streamId}: it was never sent (no id
     * yet), or it is above the last-stream-id of a GOAWAY (RFC 9113 §6.8).
     */
    boolean unprocessed(int streamId) {
        return streamId < 0 || streamId > goAwayLastStreamId;
    }

    /** True when a GOAWAY arrived that says the server processed some streams on this connection. */
    boolean processedStreams() {
        int last = goAwayLastStreamId;
        return last > 0 && last != Integer.MAX_VALUE;
    }

    /** What ended the connection, when it was an error rather than a plain close; else null. */
    Throwable failure() {
        return failure;
    }

    private void goAwayReceived(int lastStreamId) {
        goAwayLastStreamId = lastStreamId;
        retired = true;
        pool.onCapacityChanged(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2SettingsFrame) {
                if (tooManyControlFrames(ctx)) {
                    return;
                }
                capacity = Math.max(0, Math.min(codec.connection().local().maxActiveStreams(), options.maxStreams()));
                if (!ready.complete(this)) {
                    pool.onCapacityChanged(this);
                }
            } else if (msg instanceof Http2PingFrame ping) {
                if (ping.ack()) {
                    pingOutstanding = false;
                } else {
                    tooManyControlFrames(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Counts a PING or SETTINGS from the server; past the per-second limit, closes the connection. */
    private boolean tooManyControlFrames(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        if (now - controlWindowStart > TimeUnit.SECONDS.toNanos(1)) {
            controlWindowStart = now;
            controlFrames = 0;
        }
        if (++controlFrames <= options.maxControlFramesPerSecond()) {
            return false;
        }
        fail(ctx, new Http2AbuseException("The server " + key.authority() + " sent more than "
                + options.maxControlFramesPerSecond() + " PING and SETTINGS frames in one second"));
        return true;
    }

    private void ping() {
        if (pingOutstanding) {
            fail(channel.pipeline().context(this), new Http2AbuseException("The server " + key.authority()
                    + " did not answer a PING within " + options.pingInterval().toMillis() + " ms"));
            return;
        }
        pingOutstanding = true;
        channel.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (failure != null) {
            return;
        }
        failure = cause;
        retired = true;
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.ENHANCE_YOUR_CALM)).addListener(f -> close());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection errors the codec found (it sends GOAWAY and closes), or I/O failures.
        if (failure == null) {
            failure = cause;
        }
        retired = true;
        ready.completeExceptionally(cause);
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            // A connection error: the codec fires it here first, then sends GOAWAY with its error code
            // and closes. Closing now would send GOAWAY(NO_ERROR) ahead of it, hiding the error from
            // the server; close after the codec is done, in case it did not.
            ctx.executor().execute(this::close);
            return;
        }
        close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        retired = true;
        if (pinger != null) {
            pinger.cancel(false);
        }
        Throwable cause = failure;
        ready.completeExceptionally(cause != null ? cause : new ClosedChannelException());
        pool.onClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public String toString() {
        return "Http2Connection[" + key + ", " + usage + " of " + capacity + (retired ? ", retired" : "")
                + (closed ? ", closed" : "") + "]";
    }

    /** Server-initiated streams (push was refused in SETTINGS): reset them. */
    @ChannelHandler.Sharable
    private static final class RefuseInboundStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().close();
        }
    }
}
