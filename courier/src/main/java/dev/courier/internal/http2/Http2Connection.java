package dev.courier.internal.http2;

import dev.courier.HttpVersion;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.netty.ExceptionMapper;
import dev.courier.internal.netty.PipelineNames;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.ConnectionUsage;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import dev.courier.internal.exchange.ReadActivity;
import dev.courier.internal.exchange.Watchdog;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection: Netty's frame codec on the channel, this handler after it, and the state
 * the pool reads. Each exchange runs on a stream of its own ({@link Http2ExchangeStream}), to which
 * this handler routes the stream's frames and events by stream id: no child channel, no pipeline
 * per stream. The pool lends the connection to as many exchanges at once as the
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
public final class Http2Connection extends Http2ChannelDuplexHandler implements PooledConnection {
    /** The frame stream of an exchange that never opened one: no id, so nothing to reset or route. */
    private static final Http2FrameStream NOT_OPENED = new Http2FrameStream() {
        @Override
        public int id() {
            return -1;
        }

        @Override
        public Http2Stream.State state() {
            return Http2Stream.State.IDLE;
        }
    };

    private final PoolKey key;
    private final String authority;
    private final ConnectionPool pool;
    private final Http2Options options;
    private final DecompressionSettings decompression;
    private final ConnectionUsage usage = new ConnectionUsage();
    private final CompletableFuture<Http2Connection> ready = new CompletableFuture<>();
    private final ReadActivity activity;
    private Channel channel;
    private ChannelHandlerContext ctx;
    private Http2FrameCodec codec;
    private Http2FlushBatcher batcher;
    private AsciiString scheme;
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
    private Watchdog watchdog;
    /** The streams with an id whose exchange has not ended, by id. */
    private final IntObjectHashMap<Http2ExchangeStream> streams = new IntObjectHashMap<>();
    /** Streams handed frames in the current read batch, told when it completes. */
    private List<Http2ExchangeStream> readBatch = new ArrayList<>();
    private List<Http2ExchangeStream> spareBatch = new ArrayList<>();

    private Http2Connection(PoolKey key, ConnectionPool pool, Http2Options options, DecompressionSettings decompression,
            ReadActivity activity) {
        this.key = key;
        this.authority = key.authority();
        this.activity = activity;
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
        Http2Connection connection = new Http2Connection(key, pool, options, decompression,
                (ReadActivity) channel.pipeline().get(PipelineNames.ACTIVITY));
        Http2FrameCodec codec = new ClientCodecBuilder(options.maxStreams())
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
        // NIO's selector waits whole milliseconds: a 200 µs hold would spin the loop.
        connection.batcher = new Http2FlushBatcher(() -> codec.connection().numActiveStreams(),
                !(channel instanceof AbstractNioChannel));
        connection.scheme = channel.pipeline().get(SslHandler.class) != null ? HttpScheme.HTTPS.name()
                : HttpScheme.HTTP.name();
        channel.pipeline()
                // Streams started together (a read that completes many responses starts as many
                // requests, each opening its stream in a task of its own) share one write, and
                // while responses are on their way, wait a few reads for more to join them.
                .addLast(PipelineNames.FLUSH_BATCHER, connection.batcher)
                .addLast(PipelineNames.HTTP2_CODEC, codec)
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
        // is returned only as its exchange reads, bounds what piles up in the stream.
        channel.config().setAutoRead(true);
        return connection;
    }

    /**
     * Netty's client frame codec on a connection whose remote flow controller shares bytes among the
     * streams evenly: Courier never sends priorities, so the default distributor's priority tree is
     * only work on every stream opened and closed. The controller must be in place before the codec
     * is built (the codec registers its writability listener on it, the encoder finds it on the
     * connection), hence a connection of our own, which only a subclass can hand the builder.
     */
    private static final class ClientCodecBuilder extends Http2FrameCodecBuilder {
        private final int maxStreams;

        ClientCodecBuilder(int maxStreams) {
            this.maxStreams = maxStreams;
            DefaultHttp2Connection connection = new DefaultHttp2Connection(false);
            connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection,
                    new UniformStreamByteDistributor(connection)));
            connection(connection);
        }

        /** The builder reads this for its server-only defaults (RST_STREAM flood limits): a client, as forClient(). */
        @Override
        public boolean isServer() {
            return false;
        }

        /** Resets go out through a {@link ResetOnceEncoder}: one RST_STREAM per stream, however many frames follow it. */
        @Override
        protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                Http2Settings initialSettings) {
            return super.build(decoder, new ResetOnceEncoder(encoder, maxStreams), initialSettings);
        }
    }

    @Override
    protected void handlerAdded0(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        channel = ctx.channel();
        watchdog = new Watchdog(channel.eventLoop());
        controlWindowStart = System.nanoTime();
        if (options.pingInterval() != null) {
            long every = options.pingInterval().toNanos();
            pinger = ctx.executor().scheduleAtFixedRate(this::ping, every, every, TimeUnit.NANOSECONDS);
        }
    }

    /** The server's host:port, made once: every stream reads it. */
    String authority() {
        return authority;
    }

    /** The watchdog of this connection's streams' read and write timeouts. Event loop only. */
    Watchdog watchdog() {
        return watchdog;
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
            if (isRetired() || !channel.isActive()) {
                // The pool handed this connection out before a GOAWAY, a failure or the close
                // reached the event loop. No stream opens now: none may after GOAWAY, and once the
                // channel is gone so is the codec's context (newStream() would throw here, and the
                // exchange would never end). Nothing was sent, so the request goes again elsewhere.
                exchange.notStarted(new Http2ExchangeStream(this, ctx, exchange, NOT_OPENED, decompression),
                        notStartedReason(), failure, processedStreams());
                return;
            }
            boolean reused = served++ > 0;
            exchange.start(new Http2ExchangeStream(this, ctx, exchange, newStream(), decompression), reused);
        });
    }

    private String notStartedReason() {
        if (failure != null) {
            return "The HTTP/2 connection to " + authority + " failed before the request was sent on it: "
                    + ExceptionMapper.describe(failure);
        }
        if (goAwayLastStreamId != Integer.MAX_VALUE) {
            return "The server " + authority + " closed the connection (GOAWAY) before the request was sent on it";
        }
        return "The HTTP/2 connection to " + authority + " closed before the request was sent on it";
    }

    /** {@code stream}'s HEADERS were written: its frames are routed to it from now on. Event loop only. */
    void opened(Http2ExchangeStream stream) {
        int id = stream.id();
        if (Http2CodecUtil.isStreamIdValid(id)) {
            streams.put(id, stream);
        }
    }

    /** A stream's exchange ended: its slot is free again. Event loop only. */
    void streamEnded(Http2ExchangeStream stream) {
        int id = stream.id();
        if (Http2CodecUtil.isStreamIdValid(id) && streams.get(id) == stream) {
            streams.remove(id);
        }
        pool.release(this, !closed);
    }

    /** {@code stream} was handed frames in this read batch: tell it when the batch completes. */
    void readCompleteLater(Http2ExchangeStream stream) {
        readBatch.add(stream);
    }

    /** The :scheme of requests on this connection. */
    AsciiString scheme() {
        return scheme;
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

    /** Where a stream marks the writes of a new request's head, which may wait for others to join them. */
    Http2FlushBatcher batcher() {
        return batcher;
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
        if (msg instanceof Http2StreamFrame frame && frame.stream() != null) {
            streamFrame(frame);
            return;
        }
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

    private void streamFrame(Http2StreamFrame frame) {
        Http2ExchangeStream stream = streams.get(frame.stream().id());
        if (stream != null && (frame instanceof Http2HeadersFrame || frame instanceof Http2DataFrame)) {
            stream.onFrame(frame, activity != null ? activity.lastReadNanos() : System.nanoTime());
            return;
        }
        try {
            if (stream != null && frame instanceof Http2ResetFrame reset) {
                stream.onReset(reset.errorCode());
            }
            // Anything else (a late frame of an ended stream, PRIORITY, an unknown type) is dropped;
            // the codec returns a closed stream's flow-control window by itself.
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!readBatch.isEmpty()) {
            // Swapped first: a stream told may start exchanges whose streams join the next batch.
            List<Http2ExchangeStream> batch = readBatch;
            readBatch = spareBatch;
            spareBatch = batch;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).readCompleteOfBatch();
            }
            batch.clear();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof Http2FrameStreamEvent streamEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (streamEvent.type() != Http2FrameStreamEvent.Type.State) {
            return;
        }
        Http2FrameStream stream = streamEvent.stream();
        if (stream.state() == Http2Stream.State.CLOSED) {
            Http2ExchangeStream exchangeStream = streams.get(stream.id());
            if (exchangeStream != null) {
                exchangeStream.onClosed();
            }
        } else if (stream.id() > 0 && (stream.id() & 1) == 0
                && (stream.state() == Http2Stream.State.OPEN || stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE)) {
            // Opened by the server, though push is refused (SETTINGS_ENABLE_PUSH 0): nobody asked for it.
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream), ctx.voidPromise());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        for (Http2ExchangeStream stream : streams.values().toArray(new Http2ExchangeStream[0])) {
            stream.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
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
        fail(ctx, new Http2AbuseException("The server " + authority + " sent more than "
                + options.maxControlFramesPerSecond() + " PING and SETTINGS frames in one second"));
        return true;
    }

    private void ping() {
        if (pingOutstanding) {
            fail(channel.pipeline().context(this), new Http2AbuseException("The server " + authority
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
        if (cause instanceof Http2FrameStreamException streamError) {
            // A stream error the codec found (oversized headers, a malformed frame): that stream alone.
            Http2ExchangeStream stream = streams.get(streamError.stream().id());
            if (stream != null) {
                stream.onStreamError(streamError.getCause(), streamError.error());
            } else if (channel.isActive()) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error()).stream(streamError.stream()),
                        ctx.voidPromise());
            }
            return;
        }
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
        watchdog.close();
        Throwable cause = failure;
        ready.completeExceptionally(cause != null ? cause : new ClosedChannelException());
        // The codec closed every stream as the channel went (each heard through its CLOSED event);
        // any left over hear now.
        if (!streams.isEmpty()) {
            for (Http2ExchangeStream stream : streams.values().toArray(new Http2ExchangeStream[0])) {
                stream.onClosed();
            }
        }
        pool.onClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public String toString() {
        return "Http2Connection[" + key + ", " + usage + " of " + capacity + (retired ? ", retired" : "")
                + (closed ? ", closed" : "") + "]";
    }
}
