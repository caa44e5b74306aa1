package dev.courier.testing;

import dev.courier.AsyncClient;
import dev.courier.testing.internal.ServerChannels;
import dev.courier.testing.internal.ServerPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An embedded, httpbin-compatible HTTP server for tests of code that uses Courier: the endpoints
 * of python-httpbin 0.7.0 that a client test needs ({@code /get}, {@code /post}, {@code /status/418},
 * {@code /redirect/3}, {@code /basic-auth/u/p}, {@code /digest-auth/auth/u/p/SHA-256},
 * {@code /gzip}, {@code /stream/5}, {@code /range/1024}, {@code /drip}, {@code /delay/1}, ...), with
 * httpbin's JSON shapes, statuses and headers, on 127.0.0.1 and ephemeral ports.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     AsyncClient client = server.client();                   // closed with the server
 *     Response r = client.get("/get", o -> o.param("q", "1")).join();
 *     assert r.json().get("args").get("q").asText().equals("1");
 *
 *     try (AsyncClient h2 = server.clientBuilder().http1(false).build()) {   // yours to close
 *         h2.get(server.httpsUrl("/get")).join().httpVersion();           // "HTTP/2"
 *     }
 * }
 * }</pre>
 *
 * <h2>Ports and protocols</h2>
 * <ul>
 *   <li>{@link #port()}: cleartext, serving HTTP/1.1 and h2c by prior knowledge on the same port
 *       (the first bytes tell them apart; there is no {@code Upgrade: h2c}).
 *   <li>{@link #tlsPort()}: TLS with ALPN choosing {@code h2} or {@code http/1.1}. The certificate
 *       names {@code localhost}, {@code 127.0.0.1} and {@code ::1}; it is issued by a CA made once
 *       per JVM, whose certificate {@link #caCertificatePem()} returns and which clients from
 *       {@link #client()} and {@link #clientBuilder()} trust (and nothing else does).
 * </ul>
 *
 * <h2>Differences from httpbin</h2>
 * Random bytes ({@code /bytes}, {@code /stream-bytes}) repeat for a {@code seed}, but are not
 * httpbin's bytes for that seed. {@code /bearer} wants {@code Authorization: Bearer ...} (httpbin
 * takes any scheme). {@code /digest-auth} checks the answer against the {@code uri} the client
 * sent (query included) and keeps no nonce state ({@code stale_after} is accepted, never acted on).
 * {@code /status} refuses codes below 200. {@code /drip} and {@code /delay} wait at most 10 s each.
 * Not served: {@code /image}, {@code /links}, {@code /forms/post}, {@code /robots.txt},
 * {@code /deny}, {@code /encoding/utf8}.
 *
 * <p>Requests are buffered whole, up to {@link Builder#maxRequestSize(int)} (16 MiB by default;
 * a larger one gets 413). The server's threads are daemons; {@link #close()} stops them.
 */
public final class TestServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel cleartext;
    private final Channel tls;
    private AsyncClient client;
    private boolean closed;

    private TestServer(EventLoopGroup group, Channel cleartext, Channel tls) {
        this.group = group;
        this.cleartext = cleartext;
        this.tls = tls;
    }

    /** Starts a server with the defaults; same as {@code builder().start()}. */
    public static TestServer start() {
        return builder().start();
    }

    /** A builder, for ports, HTTP/2 only, the request size limit and the number of I/O threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cleartext port (HTTP/1.1 and h2c) on 127.0.0.1. */
    public int port() {
        return ((InetSocketAddress) cleartext.localAddress()).getPort();
    }

    /** The TLS port (h2 or HTTP/1.1 by ALPN) on 127.0.0.1. */
    public int tlsPort() {
        return ((InetSocketAddress) tls.localAddress()).getPort();
    }

    /** {@code http://127.0.0.1:PORT} plus {@code path} (which may carry a query). */
    public String url(String path) {
        return "http://127.0.0.1:" + port() + slash(path);
    }

    /** {@code https://127.0.0.1:TLSPORT} plus {@code path}. */
    public String httpsUrl(String path) {
        return "https://127.0.0.1:" + tlsPort() + slash(path);
    }

    private static String slash(String path) {
        return path.isEmpty() || path.startsWith("/") ? path : "/" + path;
    }

    /** The PEM certificate of the CA that issued the server's certificate (a fresh copy). */
    public byte[] caCertificatePem() {
        return ServerPki.shared().caPem();
    }

    /** A TLS client context that trusts this server's CA only. */
    public SSLContext clientSslContext() {
        return ServerPki.shared().clientContext();
    }

    /**
     * A client whose base URL is {@link #url(String) url("")} and that trusts the server's
     * certificate; one per server, made on first call and closed by {@link #close()}.
     */
    public synchronized AsyncClient client() {
        if (closed) {
            throw new IllegalStateException("the TestServer is closed");
        }
        if (client == null) {
            client = clientBuilder().build();
        }
        return client;
    }

    /**
     * A client builder preset like {@link #client()} (base URL, trust), for clients with other
     * settings, such as {@code http1(false)} for h2c; the caller closes what it builds.
     */
    public AsyncClient.Builder clientBuilder() {
        return AsyncClient.builder().baseUrl(url("")).verify(clientSslContext()).trustEnv(false);
    }

    /** Closes the client from {@link #client()}, then both ports and the I/O threads; idempotent. */
    @Override
    public void close() {
        AsyncClient toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = client;
            client = null;
        }
        if (toClose != null) {
            toClose.close();
        }
        cleartext.close().syncUninterruptibly();
        tls.close().syncUninterruptibly();
        // No quiet period: the connections die with the server, and tests should not wait for them.
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Override
    public String toString() {
        return "TestServer[" + url("") + ", " + httpsUrl("") + "]";
    }

    /** Configures and starts a {@link TestServer}. */
    public static final class Builder {
        private int maxRequestSize = 16 * 1024 * 1024;
        private int ioThreads = 2;
        private int port;
        private int tlsPort;
        private boolean http1 = true;

        private Builder() {}

        /** The cleartext port to bind on 127.0.0.1 (default 0: an ephemeral port). */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** The TLS port to bind on 127.0.0.1 (default 0: an ephemeral port). */
        public Builder tlsPort(int port) {
            this.tlsPort = checkPort(port);
            return this;
        }

        /**
         * Whether HTTP/1.1 is served (default true). When false the server speaks HTTP/2 only: ALPN
         * offers {@code h2} alone, and the cleartext port answers HTTP/1 with 505 and closes.
         */
        public Builder http1(boolean http1) {
            this.http1 = http1;
            return this;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (ephemeral) to 65535, not " + port);
            }
            return port;
        }

        /** The largest request body accepted (default 16 MiB); larger ones get 413. */
        public Builder maxRequestSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxRequestSize must not be negative");
            }
            this.maxRequestSize = bytes;
            return this;
        }

        /** How many event-loop threads serve both ports (default 2). */
        public Builder ioThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1");
            }
            this.ioThreads = threads;
            return this;
        }

        /** Binds both ports on 127.0.0.1 and returns the running server. */
        public TestServer start() {
            ServerPki pki = ServerPki.shared();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads,
                    new DefaultThreadFactory("courier-testserver", true), NioIoHandler.newFactory());
            try {
                InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
                Channel cleartext = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(ServerChannels.cleartext(maxRequestSize, http1))
                        .bind(new InetSocketAddress(loopback, port)).syncUninterruptibly().channel();
                Channel tls;
                try {
                    tls = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                            .childHandler(ServerChannels.tls(pki.serverContext(http1), maxRequestSize, http1))
                            .bind(new InetSocketAddress(loopback, tlsPort)).syncUninterruptibly().channel();
                } catch (RuntimeException e) {
                    cleartext.close().syncUninterruptibly();
                    throw e;
                }
                return new TestServer(group, cleartext, tls);
            } catch (Exception e) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
                throw new IllegalStateException("cannot start the TestServer on 127.0.0.1 (ports " + port + ", "
                        + tlsPort + "): " + e.getMessage(), e);
            }
        }
    }
}
