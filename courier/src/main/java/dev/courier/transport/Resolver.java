package dev.courier.transport;

import dev.courier.internal.dns.AsyncDnsResolver;
import dev.courier.internal.dns.StaticResolver;
import dev.courier.internal.dns.SystemResolver;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Turns a host name into its addresses: the DNS step of opening a connection, and the seam to supply
 * addresses yourself (tests, pinning a host, service discovery).
 *
 * <p>{@link #system()}, the default, asks the JVM's resolver, which also reads {@code /etc/hosts} and
 * honours {@code networkaddress.cache.ttl}. It blocks, so it runs on Courier's blocking-task threads,
 * never on an I/O thread. {@link #async()} is Netty's asynchronous DNS client instead: no thread per
 * lookup, and a cache that keeps each answer as long as its record's TTL says. {@link #of(Map)} answers
 * from a fixed table.
 *
 * <pre>{@code
 * Resolver pinned = Resolver.of(Map.of("api.example.com", List.of(InetAddress.getByName("10.0.0.7"))));
 * Resolver fallback = host -> pinned.resolve(host)
 *         .exceptionallyCompose(e -> Resolver.system().resolve(host));
 * }</pre>
 *
 * <p>The transport calls {@code resolve} for host names only, never for IP literals, and may call it
 * from an I/O thread: an implementation must not block. When a host has several addresses, the
 * transport tries them in turn (IPv6 first, then alternating families, as RFC 8305 "Happy Eyeballs"
 * does) and keeps the first connection made. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Resolver {
    /**
     * All addresses of {@code host}, in order of preference. When the host has none, the future fails
     * with a {@link java.net.UnknownHostException} that names it; an empty list counts as that failure.
     */
    CompletableFuture<List<InetAddress>> resolve(String host);

    /**
     * The JVM's resolver ({@link InetAddress#getAllByName}), run on daemon threads kept for blocking
     * work: the default.
     */
    static Resolver system() {
        return SystemResolver.INSTANCE;
    }

    /**
     * Netty's asynchronous DNS resolver, configured the way the system is ({@code /etc/resolv.conf},
     * {@code /etc/hosts}), with a cache that honours each record's TTL. One instance is shared by every
     * caller: its cache and its single daemon I/O thread are created on first use and live as long
     * as the JVM, so there is nothing to close.
     */
    static Resolver async() {
        return AsyncDnsResolver.shared();
    }

    /**
     * A resolver answering from {@code table} (host name to addresses, names compared ignoring case);
     * a host not in the table fails with {@link java.net.UnknownHostException}. The table is copied.
     */
    static Resolver of(Map<String, List<InetAddress>> table) {
        return new StaticResolver(table);
    }
}
