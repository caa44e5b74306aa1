package dev.courier.internal.netty;

import dev.courier.Limits;
import dev.courier.internal.Environment;
import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.http1.Http1Settings;
import dev.courier.internal.tls.TlsSettings;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Everything an {@code HttpTransport} was configured with, resolved and immutable.
 *
 * @param limits pool limits
 * @param maxIdlePerHost most idle connections kept per origin
 * @param tls TLS configuration (its equality is the TLS part of the pool key)
 * @param decompression content decoding, or null for none
 * @param http1 HTTP/1.1 limits
 * @param tcpNoDelay TCP_NODELAY
 * @param tcpKeepAlive TCP keep-alive idle time, or null for off
 * @param localAddress the local address to bind, or null
 * @param sendBufferSize SO_SNDBUF, or 0 for the system default
 * @param receiveBufferSize SO_RCVBUF, or 0 for the system default
 * @param environment where SSL_CERT_FILE and SSL_CERT_DIR are read
 */
public record TransportSettings(Limits limits, int maxIdlePerHost, TlsSettings tls, DecompressionSettings decompression,
        Http1Settings http1, boolean tcpNoDelay, Duration tcpKeepAlive, InetAddress localAddress, int sendBufferSize,
        int receiveBufferSize, Environment environment) {
}
