package dev.courier.internal.dns;

import dev.courier.transport.Resolver;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@link Resolver#of(Map)}: answers from a fixed table, for tests and for pinning hosts to addresses. */
public final class StaticResolver implements Resolver {
    private final Map<String, List<InetAddress>> table = new HashMap<>();

    /** A resolver answering from a copy of {@code table}. */
    public StaticResolver(Map<String, List<InetAddress>> table) {
        table.forEach((host, addresses) -> this.table.put(key(host), List.copyOf(addresses)));
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        List<InetAddress> found = table.get(key(host));
        return found == null || found.isEmpty()
                ? CompletableFuture.failedFuture(HostResolution.unknownHost(host, null))
                : CompletableFuture.completedFuture(found);
    }

    // Host names are case-insensitive (RFC 4343).
    private static String key(String host) {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Resolver.of(" + table + ")";
    }
}
