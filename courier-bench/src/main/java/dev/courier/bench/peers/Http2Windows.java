package dev.courier.bench.peers;

/**
 * The HTTP/2 receive windows the peers get where they default to less: Courier's defaults (1 MiB
 * per stream, 16 MiB per connection). With the protocol's 64 KiB default a download waits a round
 * trip for every window's worth of data (a loopback server with Nagle on turns each into a
 * delayed-ACK stall), which measures the default rather than the client. Peers that already
 * default to as much or more (OkHttp 16 MiB, Jetty 8/16 MiB, AHC 16 MiB, the JDK 16/32 MiB) keep
 * their defaults.
 */
final class Http2Windows {
    /** Each stream's initial receive window, in bytes. */
    static final int STREAM = 1024 * 1024;
    /** The connection's receive window, in bytes. */
    static final int CONNECTION = 16 * 1024 * 1024;

    private Http2Windows() {}
}
