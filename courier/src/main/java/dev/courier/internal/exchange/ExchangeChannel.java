package dev.courier.internal.exchange;

import dev.courier.Proxy;
import io.netty.channel.Channel;

/**
 * What an {@link Exchange} runs on: an HTTP/1.1 connection's channel, or one HTTP/2 stream's child
 * channel. Both carry HTTP objects (Netty's {@code HttpRequest}, {@code HttpContent} and so on), so
 * one exchange serves both protocols; this interface is where they differ.
 */
public interface ExchangeChannel {
    /** The channel the exchange writes its request to and reads its response from. */
    Channel channel();

    /** {@code host:port} of the server, for messages. */
    String authority();

    /** When bytes last arrived for this exchange ({@link System#nanoTime()}), for the read timeout. */
    long lastReadNanos();

    /**
     * The HTTP proxy this connection forwards requests to (absolute-form targets, the proxy's
     * credentials in Proxy-Authorization), or null when it leads to the origin (directly or through
     * a tunnel).
     */
    default Proxy forwardProxy() {
        return null;
    }

    /** True when the connection reaches the origin through a proxy's tunnel (CONNECT or SOCKS5). */
    default boolean tunnelled() {
        return false;
    }

    /** True for an HTTP/2 stream: one of many on a connection, ended by a reset rather than a close. */
    boolean multiplexed();

    /**
     * A write of {@code exchange}'s request failed with {@code failure}. When that means the server
     * cannot have processed the request (an HTTP/2 stream above a GOAWAY's last-stream-id, or one
     * never opened), reports it through {@link Exchange#onUnprocessed} so that it may be sent again
     * elsewhere, and returns true; else false. Event loop only.
     */
    default boolean reportedUnprocessed(Exchange exchange, Throwable failure) {
        return false;
    }

    /**
     * The exchange is over. {@code reusable}: the response was read to its end and the request
     * fully sent, so the connection (HTTP/1.1) can carry another. Event loop only.
     */
    void finished(Exchange exchange, boolean reusable);
}
