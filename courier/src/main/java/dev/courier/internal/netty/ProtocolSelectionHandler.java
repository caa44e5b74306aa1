package dev.courier.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Consumer;

/**
 * Waits for the TLS handshake, then hands the protocol ALPN chose ({@code h2} or {@code http/1.1};
 * HTTP/1.1 when the server chose none) to the connection factory, which installs that protocol's
 * handlers; then removes itself. Bytes that arrive before then are held and replayed to the new
 * handlers (a server may send its SETTINGS right behind the handshake).
 */
final class ProtocolSelectionHandler extends ApplicationProtocolNegotiationHandler {
    private final Consumer<String> install;

    ProtocolSelectionHandler(Consumer<String> install) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.install = install;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        install.accept(protocol);
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // The handshake future's listener reports it; only close here.
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before a protocol is chosen, any failure also fails the handshake, whose listener reports it.
        ctx.close();
    }
}
