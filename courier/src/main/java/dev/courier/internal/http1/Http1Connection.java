package dev.courier.internal.http1;

import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection: the last handler of its channel's pipeline, which hands every inbound
 * HTTP object to the exchange in progress, and the state the pool reads. It carries one exchange at
 * a time. While idle it reads with autoRead on, so a server that closes it (or sends bytes nobody
 * asked for, which makes it unusable) is noticed before the connection is lent again.
 */
public final class Http1Connection extends ChannelInboundHandlerAdapter implements PooledConnection {
    private final PoolKey key;
    private final ConnectionPool pool;
    private Channel channel;
    private volatile boolean idle;
    private volatile long idleSince;
    private volatile boolean closed;
    /** The exchange in progress; event loop only. */
    private Http1Exchange current;
    /** Exchanges started on this connection; event loop only. */
    private int served;
    /** When bytes last arrived from the socket ({@link System#nanoTime()}), for the read timeout. */
    private volatile long lastReadNanos;

    public Http1Connection(PoolKey key, ConnectionPool pool) {
        this.key = key;
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public PoolKey key() {
        return key;
    }

    @Override
    public boolean isClosed() {
        return closed || !channel.isActive();
    }

    @Override
    public void markInUse() {
        idle = false;
    }

    @Override
    public void markIdle(long nanoTime) {
        idleSince = nanoTime;
        idle = true;
    }

    @Override
    public boolean isIdle() {
        return idle;
    }

    @Override
    public long idleSince() {
        return idleSince;
    }

    @Override
    public void close() {
        closed = true;
        channel.close();
    }

    /** When bytes last arrived from the socket. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** A handler for the front of the pipeline that notes every arrival of bytes from the socket. */
    public ChannelInboundHandlerAdapter readActivity() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                lastReadNanos = System.nanoTime();
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** The response decoder for this connection, which asks it whether the exchange is a HEAD. */
    public io.netty.channel.ChannelHandler newDecoder(Http1Settings settings) {
        return new StrictResponseDecoder(settings.maxStatusLineLength(), settings.maxHeaderSize(),
                () -> current != null && current.isHead());
    }

    /** The connection's channel. */
    public Channel channel() {
        return channel;
    }

    /** Runs {@code exchange} on this connection, on its event loop. */
    public void execute(Http1Exchange exchange) {
        channel.eventLoop().execute(() -> {
            channel.config().setAutoRead(false);
            current = exchange;
            exchange.start(this, served++ > 0);
        });
    }

    /** The exchange ended; the connection goes back to the pool, or is closed. Event loop only. */
    void finished(Http1Exchange exchange, boolean reusable) {
        if (current != exchange) {
            return;
        }
        current = null;
        boolean keep = reusable && channel.isActive() && !closed;
        if (keep) {
            channel.config().setAutoRead(true);
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
        if (current != null) {
            current.onReadComplete();
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
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
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
        return "Http1Connection[" + key + (idle ? ", idle" : "") + (closed ? ", closed" : "") + "]";
    }
}
