package dev.courier.internal.netty;

import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.Proxy;
import dev.courier.ProxyException;
import dev.courier.internal.Futures;
import dev.courier.internal.codec.DecompressionHandler;
import dev.courier.internal.dns.HostResolution;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.internal.exchange.ReadActivity;
import dev.courier.internal.http1.Http1Connection;
import dev.courier.internal.http2.Http2Connection;
import dev.courier.internal.pool.ConnectionEvents;
import dev.courier.internal.pool.ConnectionOpener;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PoolKey.Route;
import dev.courier.internal.pool.PooledConnection;
import dev.courier.internal.proxy.ProxyCredentials;
import dev.courier.internal.tls.SslHandlers;
import dev.courier.internal.tls.TlsFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens connections for the pool: resolves the host off the I/O threads, connects with the socket
 * options set (Happy Eyeballs over the addresses a name has), goes through the key's proxy (HTTP
 * forwarding, a CONNECT tunnel, SOCKS5; TLS to an https proxy), runs the origin's TLS handshake
 * (SNI, hostname verification, ALPN), and builds the pipeline of the protocol chosen, HTTP/1.1 or
 * HTTP/2, as {@link PipelineNames} describes. On https, ALPN offers h2 and http/1.1 (as configured)
 * and the server chooses; on http, HTTP/2 is spoken by prior knowledge only when HTTP/1.1 is off.
 * With a unix socket configured, every connection goes to it instead of TCP.
 *
 * <p>Each step is reported to the {@link ConnectionEvents} of the request the connection is opened
 * for: the lookups (not of IP literals), every TCP attempt (to the proxy, through one; with a null
 * address to a unix socket), and the TLS handshake with the origin (not with an https proxy).
 */
public final class ConnectionFactory implements ConnectionOpener {
    /** HttpProxyHandler keeps the proxy's status to itself; its failure message carries it. */
    private static final Pattern PROXY_STATUS = Pattern.compile("status: (\\d{3})");

    private final EventLoops loops;
    private final TransportSettings settings;
    private final SslContext sslContext;
    private final Supplier<SslContext> newProxySslContext;
    private SslContext proxySslContext;
    private volatile ConnectionPool pool;

    /**
     * @param sslContext the context for origins (ALPN as configured)
     * @param proxySslContext the context for https proxies, which must speak HTTP/1.1 (made on first use)
     */
    public ConnectionFactory(EventLoops loops, TransportSettings settings, SslContext sslContext,
            Supplier<SslContext> proxySslContext) {
        this.loops = loops;
        this.settings = settings;
        this.sslContext = sslContext;
        this.newProxySslContext = proxySslContext;
    }

    /** The context for https proxies, made the first time one is used (only connection opens ask). */
    private synchronized SslContext proxySslContext() {
        if (proxySslContext == null) {
            proxySslContext = newProxySslContext.get();
        }
        return proxySslContext;
    }

    /** The pool the connections report to; set once, before the first open. */
    public void attach(ConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public boolean mayMultiplex(PoolKey key) {
        // A forwarding proxy speaks HTTP/1.1 to us whatever the origin speaks.
        return key.route() != Route.FORWARD && settings.mayUseHttp2(key.isSecure());
    }

    @Override
    public CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout, ConnectionEvents events) {
        CompletableFuture<PooledConnection> result = new CompletableFuture<>();
        // One event loop for the whole open: the race's timers and every attempt's channel, so that what
        // follows a connection (TLS, the tunnel, installing the protocol) runs on that channel's thread.
        EventLoop loop = loops.group().next();
        try {
            if (settings.unixSocket() != null) {
                SocketAddress socket = loops.domainSocketAddress(settings.unixSocket());
                // A unix socket has no InetSocketAddress: the connect events carry null.
                events.connectStart(null);
                onLoop(loop, result, () -> {
                    ChannelFuture connecting = bootstrap(loop, key, connectTimeout, null, result, true, events)
                            .connect(socket);
                    connecting.addListener(done -> {
                        if (!done.isSuccess()) {
                            events.connectFailed(null, done.cause());
                            result.completeExceptionally(new ConnectFailedException("Could not connect to the "
                                    + "unix socket " + settings.unixSocket() + " (for " + key.authority() + "): "
                                    + ExceptionMapper.describe(done.cause()), null, done.cause()));
                        } else {
                            events.connectEnd(null);
                            proceed(key, connecting.channel(), connectTimeout, result);
                        }
                    });
                });
                return result;
            }
            Proxy proxy = key.proxy();
            if (proxy == null) {
                resolve(key.host(), events).thenAccept(addresses -> connectAny(loop, key, addresses, key.port(),
                        connectTimeout, address -> bootstrap(loop, key, connectTimeout, null, result, false, events)
                                .connect(address), result, events))
                        .exceptionally(failure -> fail(result, failure));
                return result;
            }
            if (key.route() == Route.SOCKS && key.host().getBytes(StandardCharsets.UTF_8).length > 255) {
                // SOCKS5 carries a name in at most 255 bytes (curl's CVE-2023-38545 was an overflow here).
                throw new ProxyException("The host name " + key.host().substring(0, 40) + "... is longer than the 255 "
                        + "bytes SOCKS5 can carry", null);
            }
            CompletableFuture<InetSocketAddress> destination = destination(key, events);
            CompletableFuture<List<InetAddress>> proxyAddresses = resolve(proxy.url().host(), events)
                    .exceptionally(failure -> {
                Throwable cause = Futures.unwrap(failure);
                throw new CompletionException(new ConnectFailedException("Could not resolve the proxy host "
                        + proxy.url().host() + ": " + cause.getMessage(), null, cause));
            });
            proxyAddresses.thenCombine(destination, (addresses, target) -> {
                connectAny(loop, key, addresses, proxy.url().port(), connectTimeout,
                        proxyAddress -> bootstrap(loop, key, connectTimeout, proxyAddress, result, false, events)
                                .connect(key.route() == Route.FORWARD ? proxyAddress : target),
                        result, events);
                return null;
            }).exceptionally(failure -> fail(result, failure));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Where a tunnel leads: the origin by name for HTTP proxies and socks5h (the proxy resolves it),
     * by address for socks5 (we resolve it).
     */
    private CompletableFuture<InetSocketAddress> destination(PoolKey key, ConnectionEvents events) {
        if (key.route() == Route.SOCKS && key.proxy().url().scheme().equals("socks5")) {
            return resolve(key.host(), events)
                    .thenApply(addresses -> new InetSocketAddress(addresses.get(0), key.port()));
        }
        return CompletableFuture.completedFuture(InetSocketAddress.createUnresolved(key.host(), key.port()));
    }

    private static Void fail(CompletableFuture<PooledConnection> result, Throwable failure) {
        result.completeExceptionally(Futures.unwrap(failure));
        return null;
    }

    /**
     * The addresses of {@code host}: a literal as itself, a name through the resolver (never on an I/O
     * thread), reported to {@code events}.
     */
    private CompletableFuture<List<InetAddress>> resolve(String host, ConnectionEvents events) {
        if (!events.isEnabled() || HostResolution.isIpLiteral(host)) {
            return HostResolution.addresses(settings.resolver(), host);
        }
        events.dnsStart(host);
        return HostResolution.addresses(settings.resolver(), host).thenApply(addresses -> {
            events.dnsEnd(host, addresses);
            return addresses;
        });
    }

    /** Connects to one of {@code addresses} by Happy Eyeballs, then follows the connection to its protocol. */
    private void connectAny(EventLoop loop, PoolKey key, List<InetAddress> addresses, int port, Duration connectTimeout,
            Function<InetSocketAddress, ChannelFuture> attempt,
            CompletableFuture<PooledConnection> result, ConnectionEvents events) {
        onLoop(loop, result, () -> {
            CompletableFuture<Channel> race = HappyEyeballs.connect(addresses, port, attempt,
                    HappyEyeballs.DEFAULT_DELAY, loop, events);
            // The pool cancels an open nobody waits for any more: the attempts in flight go with it.
            result.whenComplete((c, e) -> {
                if (result.isCancelled()) {
                    race.cancel(false);
                }
            });
            // Attached within the same event-loop task that started the race, so before the race can
            // be decided: the winner's connect listeners (this one among them) run before its
            // channelActive starts TLS, so proceed comes first, on the channel's thread.
            race.whenComplete((ch, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(connectFailure(key, failure));
                } else if (result.isDone()) {
                    ch.close(); // nobody waits any more: cancelled, or failed
                } else {
                    proceed(key, ch, connectTimeout, result);
                }
            });
        });
    }

    /**
     * Runs {@code step} on {@code loop}, the thread of the channels it opens, so that it attaches its
     * listeners before any of them can fire (a connect it starts completes on that thread, after it
     * returns); a failure it throws fails {@code result}.
     */
    private static void onLoop(EventLoop loop, CompletableFuture<PooledConnection> result, Runnable step) {
        loop.execute(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    /** A TCP failure: through a proxy, it names the proxy, since the origin was never reached. */
    private Throwable connectFailure(PoolKey key, Throwable failure) {
        if (key.proxy() == null) {
            return failure;
        }
        String proxy = "the proxy " + key.proxy().url().origin();
        return ExceptionMapper.map(failure, null, proxy, ExceptionMapper.Phase.CONNECT);
    }

    /** Once TCP is up: the proxy's TLS and tunnel, then the origin's TLS, then the protocol. */
    private void proceed(PoolKey key, Channel ch, Duration connectTimeout, CompletableFuture<PooledConnection> result) {
        // Past TCP, cancelling the race stops nothing: a TLS handshake, tunnel or HTTP/2 SETTINGS the
        // server never answers would keep the socket open until the connect timeout, for nobody.
        result.whenComplete((c, e) -> {
            if (result.isCancelled()) {
                ch.close();
            }
        });
        SslHandler proxyTls = (SslHandler) ch.pipeline().get(PipelineNames.PROXY_SSL);
        ProxyHandler tunnel = (ProxyHandler) ch.pipeline().get(PipelineNames.PROXY);
        SslHandler originTls = (SslHandler) ch.pipeline().get(PipelineNames.SSL);
        if (proxyTls != null) {
            proxyTls.handshakeFuture().addListener(handshake -> {
                if (!handshake.isSuccess()) {
                    ch.close();
                    result.completeExceptionally(new ConnectFailedException("TLS with the proxy "
                            + key.proxy().url().origin() + " failed: " + TlsFailures.describe(key.proxy().url().host(),
                            key.proxy().url().port(), handshake.cause()), null, handshake.cause()));
                }
            });
        }
        if (tunnel != null) {
            tunnel.connectFuture().addListener(done -> {
                if (!done.isSuccess()) {
                    ch.close();
                    result.completeExceptionally(tunnelFailure(key, done.cause()));
                }
            });
        }
        if (originTls != null) {
            // Success goes on in ProtocolSelectionHandler, once ALPN has chosen.
            originTls.handshakeFuture().addListener(handshake -> {
                if (!handshake.isSuccess()) {
                    ch.close();
                    // A failed tunnel fails the handshake's first write before its own future: report the tunnel.
                    Throwable proxyFailure = tunnel == null ? null : proxyCause(handshake.cause());
                    result.completeExceptionally(proxyFailure != null ? tunnelFailure(key, proxyFailure)
                            : handshake.cause());
                }
            });
            return;
        }
        // Cleartext: h2c by prior knowledge only when HTTP/1.1 is off (no Upgrade dance).
        String protocol = mayMultiplex(key) ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1;
        Future<?> ready = tunnel != null ? tunnel.connectFuture() : proxyTls != null ? proxyTls.handshakeFuture() : null;
        if (ready == null) {
            install(ch, key, protocol, connectTimeout, result);
        } else {
            ready.addListener(done -> {
                if (done.isSuccess()) {
                    install(ch, key, protocol, connectTimeout, result);
                }
            });
        }
    }

    private static ProxyConnectException proxyCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProxyConnectException p) {
                return p;
            }
        }
        return null;
    }

    private RuntimeException tunnelFailure(PoolKey key, Throwable cause) {
        String proxy = key.proxy().url().origin();
        String target = key.authority();
        if (cause instanceof ProxyConnectException && String.valueOf(cause.getMessage()).endsWith("timeout")) {
            return new ConnectTimeoutException("The proxy " + proxy + " did not open a connection to " + target
                    + " within the connect timeout", null, cause);
        }
        if (cause instanceof HttpProxyHandler.HttpProxyConnectException) {
            Matcher m = PROXY_STATUS.matcher(String.valueOf(cause.getMessage()));
            boolean answered = m.find();
            int status = answered ? Integer.parseInt(m.group(1)) : 0;
            String said = answered ? cause.getMessage().substring(m.start(1)) : "no answer";
            return new ProxyException("The proxy " + proxy + " refused the tunnel (CONNECT) to " + target + ": " + said
                    + (status == 407 ? ProxyCredentials.hint(key.proxy()) : ""),
                    null, status, cause);
        }
        if (cause instanceof ProxyConnectException) {
            return new ProxyException("The SOCKS5 proxy " + proxy + " could not connect to " + target + ": "
                    + socksReason(cause.getMessage()), null, 0, cause);
        }
        return new ProxyException("The connection through the proxy " + proxy + " to " + target + " failed: "
                + cause.getMessage(), null, 0, cause);
    }

    /** The tail of Netty's "socks5, none, proxy => target, reason". */
    private static String socksReason(String message) {
        if (message == null) {
            return "no reason given";
        }
        int comma = message.lastIndexOf(", ");
        return comma < 0 ? message : message.substring(comma + 2);
    }

    private Bootstrap bootstrap(EventLoop loop, PoolKey key, Duration connectTimeout, InetSocketAddress proxyAddress,
            CompletableFuture<PooledConnection> result, boolean unixSocket, ConnectionEvents events) {
        Duration handshakeTimeout = connectTimeout == null ? Duration.ZERO : connectTimeout;
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(unixSocket ? loops.domainChannelType() : loops.channelType())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOCATOR, ChannelAllocator.forChannels())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout == null ? 0
                        : (int) Math.min(Math.max(connectTimeout.toMillis(), 1), Integer.MAX_VALUE))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(PipelineNames.ACTIVITY, new ReadActivity());
                        Proxy proxy = key.proxy();
                        if (proxy != null && proxy.url().scheme().equals("https")) {
                            p.addLast(PipelineNames.PROXY_SSL, SslHandlers.newHandler(proxySslContext(), ch.alloc(),
                                    proxy.url().host(), proxy.url().port(), settings.tls().verify(), handshakeTimeout));
                        }
                        if (key.tunnelled()) {
                            ProxyHandler handler = proxyHandler(key.route(), proxy, proxyAddress);
                            handler.setConnectTimeoutMillis(handshakeTimeout.toMillis());
                            p.addLast(PipelineNames.PROXY, handler);
                        }
                        if (key.isSecure()) {
                            SslHandler ssl = SslHandlers.newHandler(sslContext, ch.alloc(), key.host(), key.port(),
                                    settings.tls().verify(), handshakeTimeout);
                            if (events.isEnabled()) {
                                p.addLast(PipelineNames.SECURE_CONNECT_START,
                                        new SecureConnectStartHandler(events, key.tunnelled()));
                            }
                            p.addLast(PipelineNames.SSL, ssl);
                            p.addLast(PipelineNames.PROTOCOL, new ProtocolSelectionHandler(ssl, protocol -> {
                                if (events.isEnabled()) {
                                    events.secureConnectEnd(ssl.engine().getSession().getProtocol());
                                }
                                install(ch, key, protocol, connectTimeout, result);
                            }));
                        }
                    }
                });
        if (!unixSocket) {
            bootstrap.option(ChannelOption.TCP_NODELAY, settings.tcpNoDelay())
                    .option(ChannelOption.SO_KEEPALIVE, settings.tcpKeepAlive() != null);
            if (settings.tcpKeepAlive() != null && loops.channelType() == EpollSocketChannel.class) {
                int seconds = (int) Math.max(1, settings.tcpKeepAlive().toSeconds());
                bootstrap.option(EpollChannelOption.TCP_KEEPIDLE, seconds)
                        .option(EpollChannelOption.TCP_KEEPINTVL, seconds);
            }
            if (settings.localAddress() != null) {
                bootstrap.localAddress(new InetSocketAddress(settings.localAddress(), 0));
            }
        }
        if (settings.sendBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, settings.sendBufferSize());
        }
        if (settings.receiveBufferSize() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, settings.receiveBufferSize());
        }
        return bootstrap;
    }

    /** Netty's handler for a tunnel: CONNECT for HTTP(S) proxies, SOCKS5 otherwise; credentials only to the proxy. */
    private static ProxyHandler proxyHandler(Route route, Proxy proxy, InetSocketAddress proxyAddress) {
        if (route == Route.SOCKS) {
            return proxy.username() == null ? new Socks5ProxyHandler(proxyAddress)
                    : new Socks5ProxyHandler(proxyAddress, proxy.username(), proxy.password());
        }
        HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        for (Map.Entry<String, String> field : proxy.headers()) {
            headers.add(field.getKey(), field.getValue());
        }
        return proxy.username() == null ? new HttpProxyHandler(proxyAddress, headers)
                : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password(), headers);
    }

    /** Installs the handlers of {@code protocol} on a connected channel. Event loop only. */
    private void install(Channel ch, PoolKey key, String protocol, Duration connectTimeout,
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
        // A failed write must not close the channel (Netty's default, autoClose, does; off, it shuts the output down):
        // a server that answers early and closes (413 while the body is coming) leaves its answer in
        // the socket, and the exchange reads it before it lets the connection go.
        ch.config().setAutoClose(false);
        ReadActivity activity = (ReadActivity) ch.pipeline().get(PipelineNames.ACTIVITY);
        Http1Connection connection = new Http1Connection(key, pool, activity);
        ExchangeSettings exchange = settings.exchange();
        ChannelPipeline p = ch.pipeline();
        p.addLast(PipelineNames.DECODER, connection.newDecoder(exchange.maxStatusLineLength(), exchange.maxHeaderSize()));
        p.addLast(PipelineNames.ENCODER, Http1Connection.newEncoder());
        if (settings.decompression() != null) {
            p.addLast(PipelineNames.DECOMPRESSOR, new DecompressionHandler(settings.decompression()));
        }
        p.addLast(PipelineNames.EXCHANGE, connection);
        result.complete(connection);
    }
}
