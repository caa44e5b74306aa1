package dev.courier.testing.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * The end of every pipeline (HTTP/1.1 connection or HTTP/2 stream): hands each aggregated request
 * to {@link Routes}. A request the decoder could not parse gets a 400 and the connection closes.
 */
final class HttpbinHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final boolean secure;

    HttpbinHandler(boolean secure) {
        this.secure = secure;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ctx.close();
            return;
        }
        Exchange ex = new Exchange(ctx, request, secure);
        try {
            Routes.dispatch(ex);
        } catch (RuntimeException e) {
            ex.fail(e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a broken connection is the client's business; the server just lets it go
    }
}
