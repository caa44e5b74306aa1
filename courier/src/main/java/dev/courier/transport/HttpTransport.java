package dev.courier.transport;

import dev.courier.HttpVersion;
import dev.courier.Limits;
import dev.courier.Proxy;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.UnsupportedProtocolException;
import dev.courier.Url;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.Environment;
import dev.courier.internal.client.RequestTimeouts;
import dev.courier.internal.codec.ContentCoding;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.internal.http2.Http2Options;
import dev.courier.internal.netty.ConnectionFactory;
import dev.courier.internal.netty.EventLoops;
import dev.courier.internal.netty.TransportCall;
import dev.courier.internal.netty.TransportSettings;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.proxy.EnvironmentProxies;
import dev.courier.internal.tls.SslContextFactory;
import dev.courier.internal.tls.TlsSettings;
import io.netty.handler.ssl.SslContext;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The network transport: HTTP/1.1 and HTTP/2 over TCP and TLS on Netty, with a connection pool. Every client
 * built without a transport uses {@link #shared()}; build your own to change the network options
 * (TLS, pool limits, decompression, socket options), and close it when done.
 *
 * <p>What it does: keep-alive connections pooled per origin and TLS configuration, with
 * {@link Limits} on how many are open and kept idle; the phases of {@link Timeout} enforced
 * (connect, read between bytes, write, pool, and the total deadline); TLS verified by default, with
 * the hostname checked on every connection whatever JVM-wide properties say; request bodies
 * streamed from their source and response bodies read only as fast as they are consumed; gzip,
 * deflate, br and zstd decoded with a bound on size and ratio; strict HTTP/1.1 framing with limits
 * on the status line, header size and count and interim responses.
 *
 * <p>HTTP/2 is offered by ALPN on https ({@link Builder#http2(boolean)}, on by default) and used when
 * the server picks it; with {@link Builder#http1(boolean) http1(false)} it is spoken on http too, by
 * prior knowledge (h2c). Requests to one origin share an HTTP/2 connection up to the server's
 * stream limit, then another opens (within {@link Limits}); each stream's flow-control window is
 * returned only as its body is read, so a slow reader holds back nothing but its own stream. A
 * request the server did not process (GOAWAY, REFUSED_STREAM) is sent again on another connection
 * when its body can be replayed; cancelling one resets its stream and leaves the others alone.
 * {@link Response#trailers()} holds trailers once the body is read.
 *
 * <p>Requests go through a proxy when {@link Builder#proxy(dev.courier.Proxy)} names one or the
 * environment does (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY; {@link Builder#trustEnv(boolean)}):
 * http:// in absolute form to an HTTP proxy, https:// through a CONNECT tunnel, anything through
 * SOCKS5; connections are pooled per route, so a tunnel serves one origin only. With
 * {@link Builder#unixSocket(Path)} every connection goes to a unix socket instead. Names are
 * resolved by {@link Builder#resolver(Resolver)} and raced by Happy Eyeballs when they have several
 * addresses. The sending client's {@link dev.courier.EventListener} hears of each step: DNS, TCP
 * connect, TLS, and the connection each request gets.
 *
 * <p>A request that fails on a
 * reused connection before any response byte arrives is retried once on a new connection when
 * that is safe (its body can be resent, and it is idempotent or its body was not sent).
 *
 * <p>Requests carry their {@link Timeout} ({@link Request#timeout()}, or {@link Timeout#DEFAULT});
 * an extension named {@code "timeout"} holding a {@code Timeout} overrides it for one request.
 *
 * <pre>{@code
 * try (HttpTransport transport = HttpTransport.builder()
 *         .limits(Limits.of(200, 50))
 *         .verify(Path.of("corp-ca.pem"))
 *         .cert(Path.of("client.pem"), Path.of("client.key"))
 *         .build();
 *      AsyncClient client = AsyncClient.builder().transport(transport).build()) {
 *     client.get("https://internal.example.com/").join();
 *     System.out.println(transport.poolStats());
 * }
 * }</pre>
 */
public final class HttpTransport implements Transport {
    private static final class Shared {
        static final HttpTransport INSTANCE = new HttpTransport(builder(), true);
    }

    private final TransportSettings settings;
    private final EventLoops loops;
    private final ConnectionPool pool;
    private final Object tlsIdentity;
    private final Proxy proxy;
    private final EnvironmentProxies environmentProxies;
    private final boolean shared;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * The latest request's pool key, for the next request to the same origin. Any thread may replace
     * it; not volatile, since a PoolKey's fields are final: a thread sees a whole key, and a stale
     * one only costs a miss.
     */
    private PoolKey lastKey;

    private HttpTransport(Builder b, boolean shared) {
        this.shared = shared;
        TlsSettings tls = b.tlsSettings();
        DecompressionSettings decompression = b.decompressionSettings();
        this.settings = new TransportSettings(b.limits, b.maxIdlePerHost < 0 ? b.limits.maxKeepAliveConnections()
                : b.maxIdlePerHost, tls, decompression,
                new ExchangeSettings(b.maxStatusLineLength, b.maxHeaderSize, b.maxHeaderCount, b.maxInterimResponses,
                        64 * 1024, decompression == null ? null : decompression.acceptEncoding()),
                b.http1, b.http2, new Http2Options(b.http2StreamWindow,
                        // Netty's codec itself widens the connection window to twice the stream window.
                        Math.max(b.http2ConnectionWindow, 2 * b.http2StreamWindow), b.maxHeaderSize,
                        b.http2MaxStreams, b.http2PingInterval, 1000),
                b.tcpNoDelay, b.tcpKeepAlive, b.localAddress, b.sendBufferSize, b.receiveBufferSize, b.environment,
                b.resolver, b.unixSocket);
        SslContext sslContext = SslContextFactory.create(tls, b.environment);
        this.proxy = b.proxy;
        // A unix socket is the route itself, and an explicit proxy replaces the environment's (as in httpx).
        EnvironmentProxies fromEnv = b.trustEnv && b.proxy == null && b.unixSocket == null
                ? EnvironmentProxies.read(b.environment) : null;
        this.environmentProxies = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
        if (b.proxy != null && b.unixSocket != null) {
            throw new IllegalArgumentException("A transport goes through a unix socket or a proxy, not both");
        }
        // One pool per transport, so its TLS configuration is one identity: a token compared by
        // reference, where comparing the settings themselves would cost every pool lookup.
        this.tlsIdentity = new Object();
        this.loops = EventLoops.create(b.ioThreads, b.nativeTransport);
        // https proxies speak HTTP/1.1 to us, so their TLS offers only that; the factory makes it on first use.
        Supplier<SslContext> proxySslContext = () -> SslContextFactory.create(
                tls.toBuilder().alpnProtocols(List.of("http/1.1")).build(), b.environment);
        ConnectionFactory factory = new ConnectionFactory(loops, settings, sslContext, proxySslContext);
        this.pool = new ConnectionPool(b.limits, settings.maxIdlePerHost(), factory, loops.group());
        factory.attach(pool);
    }

    /**
     * The process-wide transport that clients use when given none. Its threads are daemons, and
     * {@link #close()} does nothing on it, since other clients may be using it.
     */
    public static HttpTransport shared() {
        return Shared.INSTANCE;
    }

    /** A builder for a transport of your own. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("This HttpTransport is closed"));
        }
        String scheme = request.url().scheme();
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return CompletableFuture.failedFuture(new UnsupportedProtocolException("HttpTransport speaks http and "
                    + "https, not '" + scheme + "'", request));
        }
        Timeout set = RequestTimeouts.of(request);
        Timeout timeout = set != null ? set : Timeout.DEFAULT;
        Proxy route = proxy != null ? proxy : environmentProxies != null ? environmentProxies.proxyFor(request.url())
                : null;
        PoolKey key = poolKey(request.url(), route);
        return new TransportCall(request, timeout, key, pool, settings.exchange(), loops.group(),
                ApiAccess.eventListener(request)).start();
    }

    /** The pool's key for {@code url} through {@code route}: the previous request's when it is the same. */
    private PoolKey poolKey(Url url, Proxy route) {
        PoolKey last = lastKey;
        if (last != null && last.matches(url, tlsIdentity, route, settings.http1())) {
            return last;
        }
        PoolKey key = PoolKey.of(url, tlsIdentity, route, settings.http1());
        lastKey = key;
        return key;
    }

    /** Open, idle, in-use and waiting counts of the connection pool, now. */
    public PoolStats poolStats() {
        int[] c = pool.counts();
        return new PoolStats(c[0], c[1], c[2], c[3]);
    }

    /**
     * The transport's I/O threads, for tests in this package: RELIABILITY §1.11 counts the tasks
     * waiting on their timers, which no public API shows.
     */
    EventLoops eventLoops() {
        return loops;
    }

    /**
     * Closes every connection and stops the I/O threads, waiting up to a few seconds for them.
     * Idempotent; does nothing on {@link #shared()}.
     */
    @Override
    public void close() {
        if (shared || !closed.compareAndSet(false, true)) {
            return;
        }
        pool.close();
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** {@code HttpTransport[epoll, Limits[...]]}. */
    @Override
    public String toString() {
        return "HttpTransport[" + loops.engine() + ", " + settings.limits() + (shared ? ", shared" : "") + "]";
    }

    /**
     * Builds an {@link HttpTransport}; every option has a safe default.
     *
     * <pre>{@code
     * HttpTransport t = HttpTransport.builder().limits(Limits.of(50, 10)).tcpKeepAlive(Duration.ofSeconds(30)).build();
     * }</pre>
     */
    public static final class Builder {
        private Limits limits = Limits.DEFAULT;
        private int maxIdlePerHost = -1;
        private int ioThreads;
        private boolean nativeTransport = true;
        private boolean verify = true;
        private Path caBundle;
        private byte[] caCertificates;
        private SSLContext sslContext;
        private Path certPem;
        private Path keyPem;
        private String keyPassword;
        private Path pkcs12;
        private String pkcs12Password;
        private boolean trustEnv = true;
        private boolean gzip = true;
        private boolean brotli = true;
        private boolean zstd = true;
        private long maxDecompressedSize = 256L * 1024 * 1024;
        private int maxDecompressionRatio = 1000;
        private int maxStatusLineLength = 8 * 1024;
        private int maxHeaderSize = 64 * 1024;
        private int maxHeaderCount = 256;
        private int maxInterimResponses = 16;
        private boolean http1 = true;
        private boolean http2 = true;
        private int http2StreamWindow = 1024 * 1024;
        private int http2ConnectionWindow = 16 * 1024 * 1024;
        private int http2MaxStreams = 1000;
        private Duration http2PingInterval;
        private boolean tcpNoDelay = true;
        private Duration tcpKeepAlive;
        private InetAddress localAddress;
        private int sendBufferSize;
        private int receiveBufferSize;
        private Environment environment = Environment.system();
        private Proxy proxy;
        private Path unixSocket;
        private Resolver resolver = Resolver.system();

        private Builder() {}

        /** Pool limits: connections open, kept idle, and for how long (pyqwest's pool idle timeout). */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The most idle connections kept per origin; by default the limit's keep-alive count. */
        public Builder maxIdlePerHost(int maxIdlePerHost) {
            this.maxIdlePerHost = requireNonNegative(maxIdlePerHost, "maxIdlePerHost");
            return this;
        }

        /** The number of I/O threads; by default one per core. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = requireNonNegative(ioThreads, "ioThreads");
            return this;
        }

        /** Whether to use the native epoll transport where it loads (default), or plain NIO. */
        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        /** Whether to verify servers' certificates and host names (default true). Never turn it off in production. */
        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        /** Verify against the CA certificates in this PEM file instead of the system trust store. */
        public Builder verify(Path caBundlePem) {
            this.caBundle = Objects.requireNonNull(caBundlePem, "caBundlePem");
            this.verify = true;
            return this;
        }

        /** Use this SSLContext for trust and client keys; host names are still verified. */
        public Builder verify(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            this.verify = true;
            return this;
        }

        /** Verify against these PEM-encoded CA certificates instead of the system trust store. */
        public Builder caCertificates(byte[] pem) {
            this.caCertificates = Objects.requireNonNull(pem, "pem").clone();
            this.verify = true;
            return this;
        }

        /** A client certificate chain and its private key, both PEM (the key unencrypted). */
        public Builder cert(Path certPem, Path keyPem) {
            return cert(certPem, keyPem, null);
        }

        /** A client certificate chain and its private key, both PEM, the key encrypted with {@code password}. */
        public Builder cert(Path certPem, Path keyPem, String password) {
            this.certPem = Objects.requireNonNull(certPem, "certPem");
            this.keyPem = Objects.requireNonNull(keyPem, "keyPem");
            this.keyPassword = password;
            return this;
        }

        /** A client certificate and key from a PKCS#12 file. */
        public Builder pkcs12(Path keyStore, String password) {
            this.pkcs12 = Objects.requireNonNull(keyStore, "keyStore");
            this.pkcs12Password = password;
            return this;
        }

        /**
         * Whether the environment configures this transport (default true): HTTP_PROXY, HTTPS_PROXY,
         * ALL_PROXY and NO_PROXY (lower case wins over upper case, as in curl) choose a proxy per
         * request unless {@link #proxy(Proxy)} is set, and SSL_CERT_FILE and SSL_CERT_DIR replace the
         * system trust store unless {@link #verify(Path)} or another trust is set. Read once, when the
         * transport is built.
         */
        public Builder trustEnv(boolean trustEnv) {
            this.trustEnv = trustEnv;
            return this;
        }

        /**
         * Reads the variables of {@link #trustEnv(boolean)} from this map instead of the process
         * environment: for tests, or to pin a configuration whatever the process was started with.
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Environment.of(variables);
            return this;
        }

        /**
         * Sends every request through this proxy (null: none; the environment's proxies apply when
         * {@link #trustEnv(boolean)} is on). http:// URLs go to an HTTP proxy in absolute form,
         * https:// URLs through a CONNECT tunnel, inside which TLS (and ALPN, so HTTP/2) is between
         * us and the origin; an https:// proxy is itself spoken to over TLS; socks5:// resolves names
         * here, socks5h:// lets the proxy resolve them. The proxy's credentials go only to the proxy.
         * Use {@code AsyncClient.Builder.mount} with a transport per proxy to route by URL pattern.
         */
        public Builder proxy(Proxy proxy) {
            this.proxy = proxy;
            return this;
        }

        /** {@link #proxy(Proxy)} from a URL such as {@code http://user:password@proxy.internal:3128}. */
        public Builder proxy(String proxyUrl) {
            return proxy(proxyUrl == null ? null : Proxy.of(proxyUrl));
        }

        /**
         * Sends every request over the unix domain socket at {@code path} instead of TCP (null: TCP),
         * as the Docker engine API is reached: {@code http://localhost/v1.43/info} goes to the socket
         * with {@code Host: localhost}. Connections are pooled as TCP ones are.
         */
        public Builder unixSocket(Path path) {
            this.unixSocket = path;
            return this;
        }

        /**
         * How host names become addresses (default {@link Resolver#system()}, the JVM's resolver, run
         * off the I/O threads). When a name has several addresses, connections race them by Happy
         * Eyeballs (RFC 8305): IPv6 first, the next address 250 ms later or as soon as one fails.
         */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Whether to accept and decode gzip and deflate (default true). */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /** Whether to accept and decode br (default true, where brotli4j's native library loads). */
        public Builder brotli(boolean brotli) {
            this.brotli = brotli;
            return this;
        }

        /** Whether to accept and decode zstd (default true, where zstd-jni loads). */
        public Builder zstd(boolean zstd) {
            this.zstd = zstd;
            return this;
        }

        /** The most bytes a compressed body may decode to (default 256 MiB); past it, a DecodingException. */
        public Builder maxDecompressedSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxDecompressedSize must be positive: " + bytes);
            }
            this.maxDecompressedSize = bytes;
            return this;
        }

        /** The largest decoded-to-encoded size ratio accepted (default 1000), against decompression bombs. */
        public Builder maxDecompressionRatio(int ratio) {
            if (ratio < 1) {
                throw new IllegalArgumentException("maxDecompressionRatio must be at least 1: " + ratio);
            }
            this.maxDecompressionRatio = ratio;
            return this;
        }

        /** The longest status line accepted (default 8 KiB). */
        public Builder maxStatusLineLength(int bytes) {
            this.maxStatusLineLength = requirePositive(bytes, "maxStatusLineLength");
            return this;
        }

        /** The largest response header block accepted (default 64 KiB). */
        public Builder maxHeaderSize(int bytes) {
            this.maxHeaderSize = requirePositive(bytes, "maxHeaderSize");
            return this;
        }

        /** The most response header fields accepted (default 256). */
        public Builder maxHeaderCount(int count) {
            this.maxHeaderCount = requirePositive(count, "maxHeaderCount");
            return this;
        }

        /** The most interim (1xx) responses accepted before the final one (default 16). */
        public Builder maxInterimResponses(int count) {
            this.maxInterimResponses = requireNonNegative(count, "maxInterimResponses");
            return this;
        }

        /**
         * Whether HTTP/1.1 may be spoken (default true). Turned off with HTTP/2 on, http:// URLs use
         * h2c by prior knowledge and https servers must choose h2.
         */
        public Builder http1(boolean http1) {
            this.http1 = http1;
            return this;
        }

        /** Whether HTTP/2 is offered by ALPN on https (default true); see {@link #http1(boolean)} for h2c. */
        public Builder http2(boolean http2) {
            this.http2 = http2;
            return this;
        }

        /**
         * The HTTP/2 flow-control window of each stream (default 1 MiB): the most of one response
         * body held in memory before its reader asks for more. The connection's window
         * ({@link #http2ConnectionWindow(int)}) bounds all streams together.
         */
        public Builder http2StreamWindow(int bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("http2StreamWindow must be between 1 and 2^30: " + bytes);
            }
            this.http2StreamWindow = bytes;
            return this;
        }

        /**
         * The HTTP/2 flow-control window of a whole connection (default 16 MiB, never below twice
         * the stream window): the most response bytes held for all its streams together.
         */
        public Builder http2ConnectionWindow(int bytes) {
            this.http2ConnectionWindow = requirePositive(bytes, "http2ConnectionWindow");
            return this;
        }

        /** The most streams opened on one HTTP/2 connection, below the server's own limit (default 1000). */
        public Builder http2MaxStreams(int streams) {
            this.http2MaxStreams = requirePositive(streams, "http2MaxStreams");
            return this;
        }

        /**
         * Sends an HTTP/2 PING on each connection this often, and closes a connection whose PING went
         * unanswered for a whole interval (default null: no PINGs). Keeps idle connections alive
         * through NATs and proxies and finds dead ones before a request does.
         */
        public Builder http2PingInterval(Duration interval) {
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new IllegalArgumentException("http2PingInterval must be positive: " + interval);
            }
            this.http2PingInterval = interval;
            return this;
        }

        /** TCP_NODELAY (default on: requests are small and latency matters). */
        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /** TCP keep-alive probes after this idle time (null, the default: off). */
        public Builder tcpKeepAlive(Duration idle) {
            this.tcpKeepAlive = idle;
            return this;
        }

        /** The local address connections are made from. */
        public Builder localAddress(InetAddress localAddress) {
            this.localAddress = localAddress;
            return this;
        }

        /** SO_SNDBUF in bytes (0, the default: the system's). */
        public Builder sendBufferSize(int bytes) {
            this.sendBufferSize = requireNonNegative(bytes, "sendBufferSize");
            return this;
        }

        /** SO_RCVBUF in bytes (0, the default: the system's). */
        public Builder receiveBufferSize(int bytes) {
            this.receiveBufferSize = requireNonNegative(bytes, "receiveBufferSize");
            return this;
        }

        /**
         * The transport.
         *
         * @throws IllegalArgumentException when a certificate or key file cannot be read
         */
        public HttpTransport build() {
            if (!http1 && !http2) {
                throw new IllegalArgumentException("HTTP/1.1 and HTTP/2 are both turned off: enable one");
            }
            return new HttpTransport(this, false);
        }

        TlsSettings tlsSettings() {
            TlsSettings.Builder tls = TlsSettings.builder().verify(verify).trustEnv(trustEnv)
                    .alpnProtocols(alpnProtocols());
            if (sslContext != null) {
                tls.sslContext(sslContext);
            }
            if (caBundle != null) {
                tls.caBundle(caBundle);
            }
            if (caCertificates != null) {
                tls.caBundle(caCertificates);
            }
            if (certPem != null) {
                tls.clientCertificate(certPem, keyPem, keyPassword == null ? null : keyPassword.toCharArray());
            }
            if (pkcs12 != null) {
                tls.clientKeyStore(readAll(pkcs12), pkcs12Password == null ? new char[0] : pkcs12Password.toCharArray());
            }
            return tls.build();
        }

        private List<String> alpnProtocols() {
            List<String> offered = new ArrayList<>();
            if (http2) {
                offered.add(HttpVersion.HTTP_2.alpnId());
            }
            if (http1) {
                offered.add(HttpVersion.HTTP_1_1.alpnId());
            }
            return offered;
        }

        private static byte[] readAll(Path file) {
            try {
                return java.nio.file.Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("Cannot read the PKCS#12 file " + file + ": " + e.getMessage(), e);
            }
        }

        DecompressionSettings decompressionSettings() {
            DecompressionSettings d = DecompressionSettings.defaults()
                    .withCoding(ContentCoding.GZIP, gzip)
                    .withCoding(ContentCoding.DEFLATE, gzip)
                    .withCoding(ContentCoding.BROTLI, brotli)
                    .withCoding(ContentCoding.ZSTD, zstd)
                    .withMaxDecompressedBytes(maxDecompressedSize)
                    .withMaxRatio(maxDecompressionRatio);
            return d.acceptEncoding() == null ? null : d;
        }

        private static int requirePositive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int requireNonNegative(int value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
            return value;
        }
    }
}
