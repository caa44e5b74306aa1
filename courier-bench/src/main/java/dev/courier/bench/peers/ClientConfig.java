package dev.courier.bench.peers;

import java.nio.file.Path;

/**
 * How a peer is set up for a scenario.
 *
 * @param protocol what to speak to the server
 * @param maxConnections the connection pool size (1 for the HTTP/2 scenarios)
 * @param concurrency how many requests the runner keeps in flight
 * @param caPem the CA certificate (PEM) that signed the server's certificate, for https; else null
 */
public record ClientConfig(Protocol protocol, int maxConnections, int concurrency, Path caPem) {
    /** The wire protocol of a scenario. */
    public enum Protocol {
        /** HTTP/1.1 over cleartext TCP. */
        HTTP1,
        /** HTTP/2 over TLS, negotiated by ALPN. */
        H2_TLS,
        /** HTTP/2 over cleartext TCP, by prior knowledge. */
        H2C
    }
}
