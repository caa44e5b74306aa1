package dev.courier.internal.exchange;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The first handler of a pipeline: notes when bytes (or frames) last arrived, since the read
 * timeout counts from the last arrival, including bytes a decoder is still holding.
 */
public final class ReadActivity extends ChannelInboundHandlerAdapter {
    private volatile long lastReadNanos = System.nanoTime();

    /** When something last arrived ({@link System#nanoTime()}). */
    public long lastReadNanos() {
        return lastReadNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastReadNanos = System.nanoTime();
        ctx.fireChannelRead(msg);
    }
}
