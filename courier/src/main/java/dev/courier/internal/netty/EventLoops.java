package dev.courier.internal.netty;

import dev.courier.internal.IoThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One transport's I/O threads: native epoll where it loads, NIO otherwise, and the matching
 * channel class. Threads are daemons (the shared transport must not keep a JVM alive) and are
 * marked as I/O threads so that blocking calls on them are refused.
 */
public final class EventLoops {
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final String engine;

    private EventLoops(EventLoopGroup group, Class<? extends SocketChannel> channelType, String engine) {
        this.group = group;
        this.channelType = channelType;
        this.engine = engine;
    }

    /** A group of {@code threads} I/O threads (0: one per core), native when {@code preferNative} and available. */
    public static EventLoops create(int threads, boolean preferNative) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ThreadFactory factory = threadFactory("courier-io-" + GROUPS.incrementAndGet() + "-");
        if (preferNative && Epoll.isAvailable()) {
            IoHandlerFactory epoll = EpollIoHandler.newFactory();
            return new EventLoops(new MultiThreadIoEventLoopGroup(n, factory, epoll), EpollSocketChannel.class, "epoll");
        }
        return new EventLoops(new MultiThreadIoEventLoopGroup(n, factory, NioIoHandler.newFactory()),
                NioSocketChannel.class, "nio");
    }

    private static ThreadFactory threadFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new io.netty.util.concurrent.FastThreadLocalThread(() -> {
                IoThreads.markCurrentThread();
                task.run();
            }, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The event loop group. */
    public EventLoopGroup group() {
        return group;
    }

    /** The socket channel class matching the group. */
    public Class<? extends SocketChannel> channelType() {
        return channelType;
    }

    /** The unix-domain socket channel class matching the group. */
    public Class<? extends Channel> domainChannelType() {
        return channelType == EpollSocketChannel.class ? EpollDomainSocketChannel.class : NioDomainSocketChannel.class;
    }

    /** The address of the unix socket at {@code path}, in the form the group's channels take. */
    public SocketAddress domainSocketAddress(Path path) {
        return channelType == EpollSocketChannel.class ? new DomainSocketAddress(path.toFile())
                : UnixDomainSocketAddress.of(path);
    }

    /** "epoll" or "nio", for diagnostics. */
    public String engine() {
        return engine;
    }
}
