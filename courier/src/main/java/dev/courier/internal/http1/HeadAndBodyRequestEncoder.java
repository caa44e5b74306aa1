package dev.courier.internal.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;

/**
 * Netty's HTTP/1.1 request encoder, except that a request sent whole with its body on the heap (a
 * byte array, a string, JSON) leaves with its head and the body's first bytes in one buffer, up to
 * {@value #FIRST_WRITE} bytes in all: a small body goes in one write with its head, a large one
 * follows in a second. Netty would write the head alone and the body after it (it gathers at most
 * twice the socket's send buffer at connect, 32 KiB with Linux's defaults, into one writev), so
 * the server receives a segment with nothing but the head, wakes for it, and then once more for
 * each part of the body as it arrives. With the head and the start of the body together it wakes
 * far less: on the 1 MiB upload benchmark (S5, nginx on loopback, with BBR as the congestion
 * control) the client woke the server 1.1 times per request instead of 5.6, and sent twice the
 * requests per second. Writing the whole of a large body with its head in one write did not do
 * that (4.9 wake-ups). With cubic both ways measured the same.
 *
 * <p>Nothing is copied twice: the socket copies a heap body into direct memory before it writes
 * anyway, and here the first part is copied instead, into a pooled buffer of at most
 * {@value #FIRST_WRITE} bytes. A direct body, or one the head's buffer already had room for, goes
 * as Netty writes it.
 */
final class HeadAndBodyRequestEncoder extends HttpRequestEncoder {
    /** The first write's size at most: a TLS record's worth of plaintext. */
    static final int FIRST_WRITE = 16 * 1024;

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        super.encode(ctx, msg, out);
        if (out.size() == 2 && out.get(0) instanceof ByteBuf head && out.get(1) instanceof ByteBuf body
                && !body.isDirect() && head.readableBytes() < FIRST_WRITE) {
            int start = Math.min(body.readableBytes(), FIRST_WRITE - head.readableBytes());
            // Allocated before anything changes: if it fails, Netty writes out's two buffers as before.
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
