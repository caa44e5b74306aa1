package dev.courier.internal.dns;

import dev.courier.internal.IoThreads;
import dev.courier.transport.Resolver;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Resolver#async()}: Netty's {@link DnsNameResolver}, which asks the name servers of
 * {@code /etc/resolv.conf} over UDP (TCP when an answer is truncated) after looking in
 * {@code /etc/hosts}, and caches every answer for its record's TTL.
 *
 * <p>It owns one daemon I/O thread (NIO, whatever the transports use: DNS traffic is light). The
 * shared instance is made on first use and never closed, so that its cache serves every client of the
 * process; an instance made for a test is closed by it. Futures complete on that thread, which is
 * marked as an I/O thread, so a blocking {@code Client} refuses to wait there.
 */
public final class AsyncDnsResolver implements Resolver, AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EventLoopGroup group;
    private final DnsNameResolver resolver;

    /**
     * A resolver with its own thread and cache, asking {@code nameServer} only (with no search domains)
     * or, when null, the system's name servers.
     */
    public AsyncDnsResolver(InetSocketAddress nameServer) {
        String name = "courier-dns-" + INSTANCES.incrementAndGet();
        group = new MultiThreadIoEventLoopGroup(1, task -> {
            Thread t = new FastThreadLocalThread(() -> {
                IoThreads.markCurrentThread();
                task.run();
            }, name);
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(group.next())
                .datagramChannelType(NioDatagramChannel.class)
                .socketChannelType(NioSocketChannel.class)
                // Honour each record's TTL as given (no floor, no ceiling); failures are not cached.
                .resolveCache(new DefaultDnsCache(0, Integer.MAX_VALUE, 0));
        if (nameServer != null) {
            builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(nameServer))
                    .searchDomains(List.of());
        }
        resolver = builder.build();
    }

    /** The instance behind {@link Resolver#async()}. */
    public static Resolver shared() {
        return Shared.INSTANCE;
    }

    // Holder idiom: the thread and the resolv.conf parsing happen only if async() is ever called.
    private static final class Shared {
        static final AsyncDnsResolver INSTANCE = new AsyncDnsResolver(null);
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        Future<List<InetAddress>> lookup = resolver.resolveAll(host);
        lookup.addListener(done -> {
            if (!lookup.isSuccess()) {
                result.completeExceptionally(HostResolution.unknownHost(host, lookup.cause()));
            } else if (lookup.getNow() == null || lookup.getNow().isEmpty()) {
                result.completeExceptionally(HostResolution.unknownHost(host, null));
            } else {
                result.complete(List.copyOf(lookup.getNow()));
            }
        });
        return result;
    }

    /** Stops the thread and drops the cache; for instances a test made, never the shared one. */
    @Override
    public void close() {
        resolver.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "Resolver.async()";
    }
}
