package dev.courier.internal.tls;

import dev.courier.internal.Environment;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The client side of the handshake tests: connects to 127.0.0.1 with {@link SslHandlers#newHandler}. */
final class TlsClient {
    /** Bounded waits only: a generous limit that a healthy loopback handshake never approaches. */
    static final long WAIT_SECONDS = 30;

    private TlsClient() {}

    /** What happened: success means the handshake completed and the server then greeted us. */
    static final class Outcome {
        final boolean success;
        final String applicationProtocol;
        final Throwable failure;

        Outcome(boolean success, String applicationProtocol, Throwable failure) {
            this.success = success;
            this.applicationProtocol = applicationProtocol;
            this.failure = failure;
        }

        @Override
        public String toString() {
            return success ? "success (alpn " + applicationProtocol + ")" : "failure: " + failure;
        }
    }

    /** Connects with {@code settings} in an empty environment (so the real SSL_CERT_FILE cannot interfere). */
    static Outcome connect(EventLoopGroup group, TlsSettings settings, String host, int port) throws Exception {
        return connect(group, settings, Environment.of(Map.of()), host, port);
    }

    static Outcome connect(EventLoopGroup group, TlsSettings settings, Environment env, String host, int port)
            throws Exception {
        return connect(group, SslContextFactory.create(settings, env), host, port, settings.verify());
    }

    static Outcome connect(EventLoopGroup group, SslContext context, String host, int port, boolean verify)
            throws Exception {
        return connect(group, ch -> SslHandlers.newHandler(context, ch.alloc(), host, port, verify,
                Duration.ofSeconds(WAIT_SECONDS)), port);
    }

    /** Connects to 127.0.0.1:{@code port} through the handler {@code sslHandlers} makes for the channel. */
    static Outcome connect(EventLoopGroup group, Function<Channel, SslHandler> sslHandlers, int port) throws Exception {
        CompletableFuture<String> greeting = new CompletableFuture<>();
        // Kept from the initializer: a handshake that fails at once closes the channel, and a closed
        // channel's pipeline no longer holds its handlers.
        java.util.concurrent.atomic.AtomicReference<SslHandler> handler = new java.util.concurrent.atomic.AtomicReference<>();
        Channel ch = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        handler.set(sslHandlers.apply(c));
                        c.pipeline().addLast(handler.get(), new GreetingReader(greeting));
                    }
                })
                .connect("127.0.0.1", port).syncUninterruptibly().channel();
        try {
            SslHandler ssl = handler.get();
            Future<Channel> handshake = ssl.handshakeFuture();
            if (!handshake.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("handshake did not finish in " + WAIT_SECONDS + " s");
            }
            if (!handshake.isSuccess()) {
                return new Outcome(false, null, handshake.cause());
            }
            try {
                greeting.get(WAIT_SECONDS, TimeUnit.SECONDS);
                return new Outcome(true, ssl.applicationProtocol(), null);
            } catch (ExecutionException e) {
                return new Outcome(false, ssl.applicationProtocol(), e.getCause());
            } catch (TimeoutException e) {
                throw new AssertionError("no greeting in " + WAIT_SECONDS + " s", e);
            }
        } finally {
            ch.close().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Completes with the server's greeting, or with the failure that closed the connection first. */
    private static final class GreetingReader extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<String> greeting;
        private final StringBuilder received = new StringBuilder();

        GreetingReader(CompletableFuture<String> greeting) {
            this.greeting = greeting;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                received.append(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                if (received.toString().equals(LoopbackTlsServer.GREETING)) {
                    greeting.complete(received.toString());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            greeting.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            greeting.completeExceptionally(new ClosedChannelException());
        }
    }
}
