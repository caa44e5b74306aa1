package dev.courier.internal.tls;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server on 127.0.0.1 for handshake tests: after its side of the handshake succeeds it writes
 * {@link #GREETING}, so a client knows the server accepted it (in TLS 1.3 the client finishes first,
 * before the server has checked the client's certificate).
 */
final class LoopbackTlsServer implements AutoCloseable {
    static final String GREETING = "OK\n";

    private final Channel channel;

    private LoopbackTlsServer(Channel channel) {
        this.channel = channel;
    }

    /** A server presenting {@code identity}. */
    static LoopbackTlsServer start(EventLoopGroup group, X509Bundle identity) throws Exception {
        return start(group, serverContext(identity, null));
    }

    /** A server presenting {@code identity} and requiring a client certificate issued by {@code clientCa}. */
    static LoopbackTlsServer requiringClientCert(EventLoopGroup group, X509Bundle identity, X509Bundle clientCa)
            throws Exception {
        return start(group, serverContext(identity, clientCa));
    }

    static LoopbackTlsServer start(EventLoopGroup group, SslContext context) throws InterruptedException {
        Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(context.newHandler(ch.alloc()), new Greeter());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new LoopbackTlsServer(channel);
    }

    private static SslContext serverContext(X509Bundle identity, X509Bundle clientCa) throws Exception {
        SslContextBuilder builder = SslContextBuilder
                .forServer(identity.getKeyPair().getPrivate(), identity.getCertificatePath())
                .sslProvider(SslProvider.JDK)
                // The server speaks HTTP/1.1 only, so an ALPN client offering h2 first gets http/1.1.
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "http/1.1"));
        if (clientCa != null) {
            builder.clientAuth(ClientAuth.REQUIRE).trustManager(clientCa.getCertificate());
        }
        return builder.build();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Greets once the handshake succeeds; drops whatever the client sends. */
    private static final class Greeter extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent && ((SslHandshakeCompletionEvent) evt).isSuccess()) {
                ctx.writeAndFlush(Unpooled.copiedBuffer(GREETING, StandardCharsets.US_ASCII));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // handshake failures are expected here; the client side asserts on them
        }
    }
}
