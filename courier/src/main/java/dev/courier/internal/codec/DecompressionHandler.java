package dev.courier.internal.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Objects;

/**
 * A Netty inbound handler that decodes response bodies by their Content-Encoding, within the limits
 * of a {@link DecompressionSettings}; it sits after the HTTP/1.1 client codec.
 *
 * <pre>{@code
 * pipeline.addLast("codec", new HttpClientCodec());
 * pipeline.addLast("decompress", new DecompressionHandler(DecompressionSettings.defaults()));
 * }</pre>
 *
 * <p>Rules, per response:
 * <ul>
 * <li>Response headers are passed on unchanged: Content-Encoding and Content-Length stay as the server
 *     sent them, and the client documents that the body it delivers is decoded.
 * <li>1xx, 204 and 304 responses, failed decodes of the HTTP codec, and bodies with no coding (or only
 *     "identity") pass through untouched.
 * <li>The list is decoded in reverse header order (the last-applied coding first). If any listed
 *     coding is unknown or disabled, the whole body passes through untouched (as httpx does): a list
 *     cannot be half decoded, since an unknown layer may sit under known ones.
 * <li>More than {@code maxCodings} listed codings fail the body; this is raised when its first byte
 *     arrives, so an empty body (a HEAD response) does not fail.
 * <li>Decoded bytes go on as {@link HttpContent} pieces of at most 32 KiB, all that a chunk yields,
 *     then a {@link LastHttpContent} with the original trailers.
 * <li>On a failure (limit passed, corrupt or truncated stream) every held buffer is released, a
 *     {@link ContentDecodingException} is fired through {@code exceptionCaught}, and the rest of the
 *     body, its {@link LastHttpContent} included, is dropped. The connection is then unusable for
 *     another exchange; the owner closes it (or resets the HTTP/2 stream).
 * </ul>
 *
 * <p>The decoding itself is {@link ResponseDecompressor}'s; this handler feeds it the pipeline's
 * objects. Reads on demand ({@code autoRead} off): when a read batch swallowed body bytes without passing
 * anything on (a gzip header, a compressed block still incomplete), this handler asks for one more
 * read, as Netty's decoders do, so a consumer that reads once per demand is never stalled. After a
 * failure it asks for nothing more.
 */
public final class DecompressionHandler extends ChannelInboundHandlerAdapter {
    private final DecompressionSettings settings;
    private ResponseDecompressor decompressor;

    /** Creates the handler for one connection; it is not sharable. */
    public DecompressionHandler(DecompressionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        decompressor = new ResponseDecompressor(settings, ctx.alloc(),
                ResponseDecompressor.Output.of(ctx::fireChannelRead, ctx::fireExceptionCaught));
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        decompressor.reset();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        decompressor.reset();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decompressor.accept(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (decompressor.endBatch() && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        ctx.fireChannelReadComplete();
    }
}
