package dev.courier.internal.dns;

import dev.courier.internal.BlockingTasks;
import dev.courier.transport.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * {@link Resolver#system()}: the JVM's resolver. {@link InetAddress#getAllByName} blocks for as long
 * as the operating system takes to answer, so it runs on the blocking-task threads, never on the
 * caller's thread, which may be an I/O thread.
 */
public final class SystemResolver implements Resolver {
    /** The resolver behind {@link Resolver#system()}. */
    public static final SystemResolver INSTANCE = new SystemResolver(InetAddress::getAllByName, BlockingTasks.executor());

    /** The blocking lookup; a seam so tests can see which thread runs it. */
    @FunctionalInterface
    public interface Lookup {
        /** All addresses of {@code host}, blocking. */
        InetAddress[] getAllByName(String host) throws UnknownHostException;
    }

    private final Lookup lookup;
    private final Executor executor;

    /** A resolver running {@code lookup} on {@code executor}. */
    public SystemResolver(Lookup lookup, Executor executor) {
        this.lookup = lookup;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<List<InetAddress>> resolve(String host) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        // Completed by hand rather than with supplyAsync, so the failure is the UnknownHostException
        // itself and not a CompletionException around it.
        executor.execute(() -> {
            try {
                InetAddress[] found = lookup.getAllByName(host);
                if (found == null || found.length == 0) {
                    result.completeExceptionally(HostResolution.unknownHost(host, null));
                } else {
                    result.complete(List.of(found));
                }
            } catch (UnknownHostException | RuntimeException e) {
                result.completeExceptionally(HostResolution.unknownHost(host, e));
            }
        });
        return result;
    }

    @Override
    public String toString() {
        return "Resolver.system()";
    }
}
