package dev.courier.internal.client;

import dev.courier.Request;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/** The state of one logical request across its hops: the transport send in flight, and cancellation. */
final class Call {
    private final Request original;
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> inFlight;

    Call(Request original) {
        this.original = original;
    }

    Request original() {
        return original;
    }

    /** Remembers the transport send now in flight, so that cancelling the call cancels it. */
    void track(CompletableFuture<?> sending) {
        inFlight = sending;
        if (cancelled) {
            sending.cancel(true);
        }
    }

    /** Cancels the call: the send in flight is cancelled and no further hop starts. */
    void cancel() {
        cancelled = true;
        CompletableFuture<?> sending = inFlight;
        if (sending != null) {
            sending.cancel(true);
        }
    }

    /** Throws CancellationException when the caller has cancelled the call. */
    void checkNotCancelled() {
        if (cancelled) {
            throw new CancellationException("The call to " + original.url().withoutUserInfo() + " was cancelled");
        }
    }
}
