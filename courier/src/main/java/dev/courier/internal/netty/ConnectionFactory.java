package dev.courier.internal.netty;

import dev.courier.internal.BlockingTasks;
import dev.courier.internal.codec.DecompressionHandler;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.internal.exchange.ReadActivity;
import dev.courier.internal.http1.Http1Connection;
import dev.courier.internal.http2.Http2Connection;
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
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens connections for the pool: resolves the host off the I/O threads, connects with the socket
 * options set, runs the TLS handshake (SNI, hostname verification for the origin host, ALPN), and
 * builds the pipeline of the protocol chosen, HTTP/1.1 or HTTP/2, as {@link PipelineNames} describes.
 * On https, ALPN offers h2 and http/1.1 (as configured) and the server chooses; on http, HTTP/2 is
 * spoken by prior knowledge only when HTTP/1.1 is turned off.
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

    @Override
    public boolean mayMultiplex(PoolKey key) {
        return settings.mayUseHttp2(key.isSecure());
    }

    private void connect(PoolKey key, InetAddress address, Duration connectTimeout,
            CompletableFuture<PooledConnection> result) {
        ReadActivity activity = new ReadActivity();
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
                        p.addLast(PipelineNames.ACTIVITY, activity);
                        if (key.isSecure()) {
                            p.addLast(PipelineNames.SSL, SslHandlers.newHandler(sslContext, ch.alloc(), key.host(),
                                    key.port(), settings.tls().verify(),
                                    connectTimeout == null ? Duration.ZERO : connectTimeout));
                            p.addLast(PipelineNames.PROTOCOL, new ProtocolSelectionHandler(
                                    protocol -> install(ch, key, protocol, activity, connectTimeout, result)));
                        }
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
            Channel ch = connecting.channel();
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl == null) {
                // Cleartext: h2c by prior knowledge only when HTTP/1.1 is off (no Upgrade dance).
                install(ch, key, settings.mayUseHttp2(false) ? ApplicationProtocolNames.HTTP_2
                        : ApplicationProtocolNames.HTTP_1_1, activity, connectTimeout, result);
                return;
            }
            // Success goes on in ProtocolSelectionHandler, once ALPN has chosen.
            ssl.handshakeFuture().addListener(handshake -> {
                if (!handshake.isSuccess()) {
                    ch.close();
                    result.completeExceptionally(handshake.cause());
                }
            });
        });
    }

    /** Installs the handlers of {@code protocol} on a connected channel. Event loop only. */
    private void install(Channel ch, PoolKey key, String protocol, ReadActivity activity, Duration connectTimeout,
            CompletableFuture<PooledConnection> result) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Connection connection = Http2Connection.install(ch, key, pool, settings.http2Options(),
                    settings.decompression());
            // The server's SETTINGS (its stream limit among them) must arrive before the pool lends it.
            ScheduledFuture<?> wait = connectTimeout == null ? null : ch.eventLoop().schedule(() -> {
                if (connection.ready().completeExceptionally(new io.netty.channel.ConnectTimeoutException(
                        "no HTTP/2 SETTINGS from the server within the connect timeout"))) {
                    ch.close();
                }
            }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
            connection.ready().whenComplete((ready, failure) -> {
                if (wait != null) {
                    wait.cancel(false);
                }
                if (failure != null) {
                    ch.close();
                    result.completeExceptionally(failure);
                } else {
                    result.complete(connection);
                }
            });
            return;
        }
        if (!settings.http1()) {
            ch.close();
            result.completeExceptionally(new ProtocolException("the server does not speak HTTP/2 (ALPN chose "
                    + protocol + "), and HTTP/1.1 is turned off for this transport"));
            return;
        }
        Http1Connection connection = new Http1Connection(key, pool, activity);
        ExchangeSettings exchange = settings.exchange();
        ChannelPipeline p = ch.pipeline();
        p.addLast(PipelineNames.DECODER, connection.newDecoder(exchange.maxStatusLineLength(), exchange.maxHeaderSize()));
        p.addLast(PipelineNames.ENCODER, new HttpRequestEncoder());
        if (settings.decompression() != null) {
            p.addLast(PipelineNames.DECOMPRESSOR, new DecompressionHandler(settings.decompression()));
        }
        p.addLast(PipelineNames.EXCHANGE, connection);
        result.complete(connection);
    }
}
