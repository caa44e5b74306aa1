package dev.courier.internal.client;

import java.util.concurrent.CompletionException;

/** Rethrows a failure from inside a future's callback without hiding it under a new wrapper. */
final class Propagation {
    private Propagation() {}

    /** The failure itself when unchecked, else wrapped once in a CompletionException. */
    static RuntimeException asUnchecked(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new CompletionException(failure);
    }
}
