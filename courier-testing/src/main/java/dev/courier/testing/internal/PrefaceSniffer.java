package dev.courier.testing.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Chooses HTTP/1.1 or h2c (prior knowledge) on the cleartext port from the first bytes, then
 * replaces itself; the bytes it held go on to the chosen codec. A mismatch on any byte of the
 * 24-byte preface means HTTP/1, so an HTTP/1 request is never held back waiting for more bytes.
 * A server for HTTP/2 only answers HTTP/1 with 505 and closes.
 */
final class PrefaceSniffer extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HTTP2_ONLY = ("HTTP/1.1 505 HTTP Version Not Supported\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 54\r\nConnection: close\r\n\r\n"
            + "This server speaks HTTP/2 only (h2c prior knowledge).\n").getBytes(StandardCharsets.US_ASCII);

    private final int maxContentLength;
    private final boolean http1;

    PrefaceSniffer(int maxContentLength, boolean http1) {
        this.maxContentLength = maxContentLength;
        this.http1 = http1;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                if (!http1) {
                    in.skipBytes(in.readableBytes());
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(HTTP2_ONLY)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                ServerChannels.http1(ctx.pipeline(), false, maxContentLength);
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (n == PREFACE.length) {
            ServerChannels.http2(ctx.pipeline(), false, maxContentLength);
            ctx.pipeline().remove(this);
        }
    }
}
