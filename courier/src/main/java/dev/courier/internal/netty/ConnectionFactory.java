package dev.courier.internal.netty;

import dev.courier.internal.BlockingTasks;
import dev.courier.internal.codec.DecompressionHandler;
import dev.courier.internal.http1.Http1Connection;
import dev.courier.internal.http1.Http1Settings;
import dev.courier.internal.pool.ConnectionOpener;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import dev.courier.internal.tls.SslHandlers;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Opens connections for the pool: resolves the host off the I/O threads, connects with the socket
 * options set, runs the TLS handshake (SNI and hostname verification for the origin host), and
 * builds the HTTP/1.1 pipeline described in {@link PipelineNames}.
 */
public final class ConnectionFactory implements ConnectionOpener {
    private final EventLoops loops;
    private final TransportSettings settings;
    private final SslContext sslContext;
    private volatile ConnectionPool pool;

    public ConnectionFactory(EventLoops loops, TransportSettings settings, SslContext sslContext) {
        this.loops = loops;
        this.settings = settings;
        this.sslContext = sslContext;
    }

    /** The pool the connections report to; set once, before the first open. */
    public void attach(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout) {
        CompletableFuture<PooledConnection> result = new CompletableFuture<>();
        resolve(key.host()).whenComplete((address, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                connect(key, address, connectTimeout, result);
            }
        });
        return result;
    }

    private static CompletableFuture<InetAddress> resolve(String host) {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByAddress(host, literal));
            } catch (UnknownHostException impossible) {
                return CompletableFuture.failedFuture(impossible);
            }
        }
        // The system resolver blocks: never on an I/O thread.
        return CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, BlockingTasks.executor());
    }

    private void connect(PoolKey key, InetAddress address, Duration connectTimeout,
            CompletableFuture<PooledConnection> result) {
        Http1Connection connection = new Http1Connection(key, pool);
        Http1Settings http1 = settings.http1();
        Bootstrap bootstrap = new Bootstrap()
                .group(loops.group())
                .channel(loops.channelType())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, settings.tcpNoDelay())
                .option(ChannelOption.SO_KEEPALIVE, settings.tcpKeepAlive() != null)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout == null ? 0
                        : (int) Math.min(Math.max(connectTimeout.toMillis(), 1), Integer.MAX_VALUE))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(PipelineNames.ACTIVITY, connection.readActivity());
                        if (key.isSecure()) {
                            p.addLast(PipelineNames.SSL, SslHandlers.newHandler(sslContext, ch.alloc(), key.host(),
                                    key.port(), settings.tls().verify(),
                                    connectTimeout == null ? java.time.Duration.ZERO : connectTimeout));
                        }
                        p.addLast(PipelineNames.DECODER, connection.newDecoder(http1));
                        p.addLast(PipelineNames.ENCODER, new HttpRequestEncoder());
                        if (settings.decompression() != null) {
                            p.addLast(PipelineNames.DECOMPRESSOR, new DecompressionHandler(settings.decompression()));
                        }
                        p.addLast(PipelineNames.EXCHANGE, connection);
                    }
                });
        if (settings.sendBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, settings.sendBufferSize());
        }
        if (settings.receiveBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, settings.receiveBufferSize());
        }
        if (settings.tcpKeepAlive() != null && loops.channelType() == EpollSocketChannel.class) {
            int seconds = (int) Math.max(1, settings.tcpKeepAlive().toSeconds());
            bootstrap.option(EpollChannelOption.TCP_KEEPIDLE, seconds).option(EpollChannelOption.TCP_KEEPINTVL, seconds);
        }
        InetSocketAddress remote = new InetSocketAddress(address, key.port());
        ChannelFuture connecting = settings.localAddress() == null ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(settings.localAddress(), 0));
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
                return;
            }
            SslHandler ssl = connecting.channel().pipeline().get(SslHandler.class);
            if (ssl == null) {
                result.complete(connection);
                return;
            }
            ssl.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    result.complete(connection);
                } else {
                    connecting.channel().close();
                    result.completeExceptionally(handshake.cause());
                }
            });
        });
    }
}
