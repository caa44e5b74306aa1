package dev.courier.internal.http1;

import dev.courier.HttpVersion;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.exchange.ExchangeChannel;
import dev.courier.internal.exchange.ReadActivity;
import dev.courier.internal.exchange.Watchdog;
import dev.courier.internal.netty.PipelineNames;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.ConnectionUsage;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection: the last handler of its channel's pipeline, which hands every inbound
 * HTTP object to the exchange in progress, and the state the pool reads. It carries one exchange at
 * a time. While idle it reads with autoRead on, so a server that closes it (or sends bytes nobody
 * asked for, which makes it unusable) is noticed before the connection is lent again.
 *
 * <p>autoRead stays on through an exchange, too, until a read batch ends with the exchange still
 * running and wanting no data (a body nobody consumes yet): only then does reading go on demand,
 * for the rest of that exchange. A response that arrives whole in one batch, the usual small one,
 * so costs no change of read interest at all (each change is a system call with epoll).
 */
public final class Http1Connection extends ChannelInboundHandlerAdapter implements PooledConnection, ExchangeChannel {
    private final PoolKey key;
    /** The key's host:port, made once: every exchange reads it. */
    private final String authority;
    private final ConnectionPool pool;
    private final ReadActivity activity;
    private final ConnectionUsage usage = new ConnectionUsage();
    private Channel channel;
    private Watchdog watchdog;
    private volatile boolean closed;
    /** The exchange in progress; event loop only. */
    private Exchange current;
    /** Exchanges started on this connection; event loop only. */
    private int served;

    public Http1Connection(PoolKey key, ConnectionPool pool, ReadActivity activity) {
        this.key = key;
        this.authority = key.authority();
        this.pool = pool;
        this.activity = activity;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
        this.watchdog = new Watchdog(channel.eventLoop());
    }

    @Override
    public PoolKey key() {
        return key;
    }

    @Override
    public HttpVersion httpVersion() {
        return HttpVersion.HTTP_1_1;
    }

    @Override
    public boolean isClosed() {
        // An output shut down by a failed write no exchange owned (autoClose is off) can't carry a request.
        return closed || !channel.isActive() || channel instanceof DuplexChannel duplex && duplex.isOutputShutdown();
    }

    @Override
    public int capacity() {
        return 1;
    }

    @Override
    public boolean isRetired() {
        return false;
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
    public String authority() {
        return authority;
    }

    @Override
    public dev.courier.Proxy forwardProxy() {
        return key.forwardProxy();
    }

    @Override
    public long lastReadNanos() {
        return activity.lastReadNanos();
    }

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public Watchdog watchdog() {
        return watchdog;
    }

    /** The response decoder for this connection, which asks it whether the exchange is a HEAD. */
    public ChannelHandler newDecoder(int maxStatusLineLength, int maxHeaderSize) {
        return new StrictResponseDecoder(maxStatusLineLength, maxHeaderSize, () -> current != null && current.isHead());
    }

    /**
     * The request encoder for this connection: Netty's, except that the head of a request with a
     * heap body goes in one write with the body's start.
     */
    public static ChannelHandler newEncoder() {
        return new HeadAndBodyRequestEncoder();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public ChannelFuture write(Object message) {
        return channel.writeAndFlush(message);
    }

    @Override
    public void read() {
        channel.read();
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public void execute(Exchange exchange) {
        channel.eventLoop().execute(() -> {
            current = exchange;
            exchange.start(this, served++ > 0);
        });
    }

    @Override
    public void finished(Exchange exchange, boolean reusable) {
        if (current != exchange) {
            return;
        }
        current = null;
        boolean keep = reusable && channel.isActive() && !closed;
        if (keep) {
            if (!channel.config().isAutoRead()) {
                channel.config().setAutoRead(true);
            }
        } else {
            closed = true;
            channel.close();
        }
        pool.release(this, keep);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current != null) {
            current.onInbound(msg);
        } else {
            // Bytes on an idle connection answer nothing we asked: the connection can't be trusted.
            ReferenceCountUtil.release(msg);
            close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange exchange = current;
        if (exchange != null) {
            exchange.onReadComplete();
            // Still running and wanting nothing: back-pressure, so reads follow the body's demand.
            if (current == exchange && !exchange.wantsData() && channel.config().isAutoRead()) {
                channel.config().setAutoRead(false);
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public boolean closedWithoutCloseNotify() {
        // The origin's SslHandler, not a proxy's outside it: only the origin's close_notify vouches
        // for the body. It settles this future before the decoder hears of the close, so the answer
        // is known by the time a body that runs until the close is declared complete.
        SslHandler origin = (SslHandler) channel.pipeline().get(PipelineNames.SSL);
        return origin != null && origin.sslCloseFuture().isDone() && !origin.sslCloseFuture().isSuccess();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        watchdog.close();
        if (current != null) {
            current.onInactive();
        }
        pool.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (current != null) {
            current.onFailure(cause);
        } else {
            close();
        }
    }

    @Override
    public String toString() {
        return "Http1Connection[" + key + ", " + usage + (closed ? ", closed" : "") + "]";
    }
}
