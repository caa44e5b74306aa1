package dev.courier.internal.netty;

import dev.courier.Limits;
import dev.courier.internal.Environment;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.internal.http2.Http2Options;
import dev.courier.internal.tls.TlsSettings;
import dev.courier.transport.Resolver;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything an {@code HttpTransport} was configured with, resolved and immutable.
 *
 * @param limits pool limits
 * @param maxIdlePerHost most idle connections kept per origin
 * @param tls TLS configuration (its equality is the TLS part of the pool key)
 * @param decompression content decoding, or null for none
 * @param exchange limits and defaults of every exchange
 * @param http1 whether HTTP/1.1 may be spoken
 * @param http2 whether HTTP/2 may be spoken: offered by ALPN on https; on http only when
 *     {@code http1} is off (h2c with prior knowledge)
 * @param http2Options HTTP/2 windows, limits and keep-alive
 * @param tcpNoDelay TCP_NODELAY
 * @param tcpKeepAlive TCP keep-alive idle time, or null for off
 * @param localAddress the local address to bind, or null
 * @param sendBufferSize SO_SNDBUF, or 0 for the system default
 * @param receiveBufferSize SO_RCVBUF, or 0 for the system default
 * @param environment where SSL_CERT_FILE and SSL_CERT_DIR are read
 * @param resolver how host names become addresses
 * @param unixSocket the unix socket every connection goes to, or null for TCP
 */
public record TransportSettings(Limits limits, int maxIdlePerHost, TlsSettings tls, DecompressionSettings decompression,
        ExchangeSettings exchange, boolean http1, boolean http2, Http2Options http2Options, boolean tcpNoDelay,
        Duration tcpKeepAlive, InetAddress localAddress, int sendBufferSize, int receiveBufferSize,
        Environment environment, Resolver resolver, Path unixSocket) {

    /** True when a connection for {@code secure} (https) or cleartext may be HTTP/2. */
    public boolean mayUseHttp2(boolean secure) {
        return http2 && (secure || !http1);
    }
}
