package dev.courier.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Small helpers for CompletableFuture plumbing shared by the client and transports. */
public final class Futures {
    private Futures() {}

    /** The failure inside CompletionException/ExecutionException wrappers. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Runs {@code action}, turning a synchronous throw or a null into a failed future. */
    public static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> action, String what) {
        try {
            CompletableFuture<T> f = action.get();
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException(what + " returned null"));
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
