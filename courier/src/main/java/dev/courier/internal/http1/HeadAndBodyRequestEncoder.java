package dev.courier.internal.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * Netty's HTTP/1.1 request encoder, except that a request sent whole with its body on the heap (a
 * byte array, a string, JSON) leaves with its head and the body's first bytes in one buffer, up to
 * {@value #FIRST_WRITE} bytes in all: a small body goes in one write with its head, a large one
 * follows in a second. With the epoll transport Netty would write the head alone and the body after
 * it (it gathers at most twice the socket's send buffer at connect, 32 KiB with Linux's defaults,
 * into one writev), so the server receives a segment holding nothing but the head. On the 1 MiB
 * upload benchmark (S5, nginx on loopback, BBR as the congestion control) that cost every client
 * half its throughput: the client's CPU woke a task 5.5 times per upload (4.2 to 4.5 wake-up
 * interrupts reached nginx's CPU), and 1.1 times with the head and the body's start together. Why
 * BBR reacts so is not known; one write for the whole request did not help (4.9), and with cubic
 * both ways measured the same.
 *
 * <p>Nothing is copied twice: the socket copies a heap body into direct memory before it writes
 * anyway, and here the first part is copied instead, into a pooled buffer of at most
 * {@value #FIRST_WRITE} bytes. Over TLS nothing changes: the SslHandler already puts the head and
 * the body's start into one record, and it encrypts from the heap, so copying would only cost. A
 * direct body, or one the head's buffer already had room for, goes as Netty writes it.
 */
final class HeadAndBodyRequestEncoder extends HttpRequestEncoder {
    /** The first write's size at most: the smallest of those measured alike (16 to 256 KiB). */
    static final int FIRST_WRITE = 16 * 1024;

    /** No TLS below this encoder; set once it is in the pipeline, after the handshake. */
    private boolean plaintext;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        plaintext = ctx.pipeline().get(SslHandler.class) == null;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        super.encode(ctx, msg, out);
        if (plaintext && out.size() == 2 && out.get(0) instanceof ByteBuf head && out.get(1) instanceof ByteBuf body
                && !body.isDirect() && head.readableBytes() < FIRST_WRITE) {
            int start = Math.min(body.readableBytes(), FIRST_WRITE - head.readableBytes());
            // Allocated before anything changes, so a failure leaks nothing: the write fails as
            // for any encoder failure.
            ByteBuf first = ctx.alloc().directBuffer(head.readableBytes() + start);
            first.writeBytes(head).writeBytes(body, body.readerIndex(), start);
            head.release();
            out.set(0, first);
            if (start == body.readableBytes()) {
                body.release();
                out.remove(1);
            } else {
                body.skipBytes(start);
            }
        }
    }
}
