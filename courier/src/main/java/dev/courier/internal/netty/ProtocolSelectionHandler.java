package dev.courier.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Waits for the origin's TLS handshake, then hands the protocol ALPN chose ({@code h2} or
 * {@code http/1.1}; HTTP/1.1 when the server chose none) to the connection factory, which installs
 * that protocol's handlers; then removes itself. Bytes that arrive before then are held and replayed
 * to the new handlers (a server may send its SETTINGS right behind the handshake).
 *
 * <p>It watches the one SslHandler it is given rather than the first in the pipeline (as Netty's
 * ApplicationProtocolNegotiationHandler does): behind an https proxy, the first is the proxy's.
 */
final class ProtocolSelectionHandler extends ChannelInboundHandlerAdapter {
    private final SslHandler origin;
    private final Consumer<String> install;
    private final List<Object> held = new ArrayList<>(2);

    ProtocolSelectionHandler(SslHandler origin, Consumer<String> install) {
        this.origin = origin;
        this.install = install;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        origin.handshakeFuture().addListener(done -> {
            if (ctx.isRemoved()) {
                return;
            }
            if (done.isSuccess()) {
                String protocol = origin.applicationProtocol();
                install.accept(protocol == null ? ApplicationProtocolNames.HTTP_1_1 : protocol);
                ctx.pipeline().remove(this);
            } else {
                // The handshake future's listener in the factory reports the failure; only close here.
                ctx.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        held.add(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            return;
        }
        for (Object msg : held) {
            ctx.fireChannelRead(msg);
        }
        held.clear();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before a protocol is chosen, any failure also fails the handshake, whose listener reports it.
        ctx.close();
    }
}
