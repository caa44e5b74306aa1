package dev.courier.internal.exchange;

import dev.courier.Proxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;

/**
 * What an {@link Exchange} runs on: an HTTP/1.1 connection, or one HTTP/2 stream. Both carry HTTP
 * objects (Netty's {@code HttpContent}, {@code HttpResponse} and so on: the HTTP/2 stream converts
 * them to and from frames) and take the request's head as a {@link RequestHead}, so one exchange
 * serves both protocols; this interface is where they differ. Inbound objects reach the exchange
 * through {@link Exchange#onInbound}, each batch ended by {@link Exchange#onReadComplete}.
 */
public interface ExchangeChannel {
    /** The event loop everything of the exchange runs on. */
    EventLoop eventLoop();

    /** The allocator for request body buffers. */
    ByteBufAllocator alloc();

    /**
     * Writes one HTTP object of the request and flushes it (or lets the connection flush it with
     * others soon after). The future completes once it was written, or fails. Event loop only.
     */
    ChannelFuture write(Object message);

    /**
     * What {@link #write} takes to send the request's head: with {@code content} (the whole body,
     * possibly empty) the request ends with it; with null the body follows as HTTP content. Netty's
     * HTTP/1.1 request by default; an HTTP/2 stream turns the head into HEADERS itself, without the
     * HTTP/1.1 headers in between.
     */
    default Object headMessage(RequestHead head, ByteBuf content) {
        return head.http1Message(content);
    }

    /** Asks for the next inbound objects: the exchange wants data. Event loop only. */
    void read();

    /**
     * True when the socket's buffer takes more. (An HTTP/2 DATA frame beyond its stream's
     * flow-control window waits in the codec with its write future pending, and the body writer
     * waits for that future.) Event loop only.
     */
    boolean isWritable();

    /** {@code host:port} of the server, for messages. */
    String authority();

    /** The connection's watchdog, which checks the read and write timeouts of its exchanges. */
    Watchdog watchdog();

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

    /**
     * True once the connection's TLS ended without the server's close_notify: a TCP close that
     * anyone on the path could have sent. Always false for plain TCP and for HTTP/2, whose streams
     * end in frames of their own.
     */
    default boolean closedWithoutCloseNotify() {
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
