package dev.courier.internal.netty;

import dev.courier.internal.pool.ConnectionEvents;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.proxy.ProxyConnectionEvent;

/**
 * Reports {@code secureConnectStart} as the origin's TLS handshake begins, from the channel's own
 * pipeline: the connection can finish its whole set-up (TLS, ALPN, protocol) before the thread that
 * started the connect attempt runs again, so a listener attached from there could come after
 * {@code secureConnectEnd}. It sits right before the origin's SslHandler and removes itself once
 * it has reported.
 *
 * <p>Directly, the SslHandler starts its handshake as the channel becomes active. Through a tunnel
 * (CONNECT or SOCKS5), Netty's ProxyHandler passes channelActive on at once but holds the
 * handshake's bytes until the tunnel is open, which it announces with a ProxyConnectionEvent.
 */
final class SecureConnectStartHandler extends ChannelInboundHandlerAdapter {
    private final ConnectionEvents events;
    private final boolean throughTunnel;

    SecureConnectStartHandler(ConnectionEvents events, boolean throughTunnel) {
        this.events = events;
        this.throughTunnel = throughTunnel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!throughTunnel) {
            events.secureConnectStart();
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (throughTunnel && event instanceof ProxyConnectionEvent) {
            events.secureConnectStart();
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(event);
    }
}
