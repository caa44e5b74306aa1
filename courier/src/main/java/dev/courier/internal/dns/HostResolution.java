package dev.courier.internal.dns;

import dev.courier.internal.Futures;
import dev.courier.transport.Resolver;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The transport's side of a {@link Resolver}: IP literals are parsed without asking it, and whatever a
 * resolver does wrong (throws, returns null or no address, fails with any exception) becomes an
 * {@link UnknownHostException} naming the host, which the exception mapper turns into a
 * {@code ConnectFailedException}.
 */
public final class HostResolution {
    private HostResolution() {}

    /** True when {@code host} is an IP literal (IPv6 with or without brackets), which is never looked up. */
    public static boolean isIpLiteral(String host) {
        return NetUtil.createByteArrayFromIpAddressString(unbracketed(host)) != null;
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The addresses of {@code host} (an IP literal or a name), through {@code resolver} for names. */
    public static CompletableFuture<List<InetAddress>> addresses(Resolver resolver, String host) {
        String bare = unbracketed(host);
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(bare);
        if (literal != null) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByAddress(bare, literal)));
            } catch (UnknownHostException impossible) {
                return CompletableFuture.failedFuture(impossible);
            }
        }
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        Futures.call(() -> resolver.resolve(bare), "Resolver.resolve(" + bare + ")").whenComplete((found, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unknownHost(bare, Futures.unwrap(failure)));
            } else if (found == null || found.isEmpty() || found.stream().anyMatch(Objects::isNull)) {
                // (Not contains(null): immutable lists throw on it, and a throw here would leave the call hanging.)
                result.completeExceptionally(unknownHost(bare, null));
            } else {
                result.complete(List.copyOf(found));
            }
        }).exceptionally(bug -> {
            // A throw above would otherwise leave the connection waiting for ever.
            result.completeExceptionally(unknownHost(bare, bug));
            return null;
        });
        return result;
    }

    /**
     * {@code cause} when it already is an UnknownHostException naming {@code host} (the JDK's and
     * Netty's say why, which is worth keeping), otherwise a new one naming it, caused by {@code cause}.
     */
    public static UnknownHostException unknownHost(String host, Throwable cause) {
        if (cause instanceof UnknownHostException known && known.getMessage() != null
                && known.getMessage().contains(host)) {
            return known;
        }
        String why = cause == null ? "" : ": " + (cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName());
        UnknownHostException e = new UnknownHostException("no address for " + host + why);
        e.initCause(cause);
        return e;
    }
}
