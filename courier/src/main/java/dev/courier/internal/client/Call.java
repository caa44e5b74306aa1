package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.Futures;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one logical request across its hops and attempts: when it started, whether the
 * caller streams the body, the send (or retry wait) in flight, cancellation, and the caller's future.
 */
class Call {
    private final Request original;
    private final boolean stream;
    /** The client's listener, which never throws. */
    final EventListener listener;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile CompletableFuture<?> inFlight;
    /**
     * Sends handed to a transport so far: redirects, retries and auth round trips each add one.
     * Not volatile: each send starts from the completion of the one before, which orders them.
     */
    private int sends;

    Call(Request original, boolean stream, EventListener listener) {
        this.original = original;
        this.stream = stream;
        this.listener = listener;
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancel();
                listener.canceled(original);
            }
        });
    }

    Request original() {
        return original;
    }

    /** Whether the caller reads the body itself ({@code stream}); otherwise it is read before the call completes. */
    boolean isStream() {
        return stream;
    }

    /** The {@link System#nanoTime()} at which the call started. */
    long startNanos() {
        return startNanos;
    }

    /** What is left of {@code budget}, counted from the call's start, in nanoseconds (negative once past). */
    long nanosLeft(Duration budget) {
        return Delays.nanos(budget) - (System.nanoTime() - startNanos);
    }

    /** How many sends the call has handed to a transport. */
    int sends() {
        return sends;
    }

    /** Counts a send; sends run one after another, never two at once. */
    void countSend() {
        sends++;
    }

    /** The caller's future: cancelling it cancels the call. */
    CompletableFuture<Response> result() {
        return result;
    }

    /**
     * Hands the call's outcome to the caller, with the listener's events; a response that comes too
     * late (the caller cancelled) is closed.
     */
    void settle(Response response, Throwable failure) {
        if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            if (!result.isCancelled()) {
                listener.callFailed(original, cause);
            }
            result.completeExceptionally(cause);
        } else if (result.complete(response)) {
            listener.callEnd(original, response);
        } else {
            response.close();
        }
    }

    /** Remembers the transport send (or retry wait) now in flight, so that cancelling the call cancels it. */
    void track(CompletableFuture<?> sending) {
        inFlight = sending;
        if (cancelled) {
            sending.cancel(true);
        }
    }

    /** Cancels the call: the send in flight is cancelled and no further hop starts. */
    void cancel() {
        cancelled = true;
        abortInFlight();
    }

    /** Cancels the send in flight, leaving the call itself alive (a retry deadline passed). */
    void abortInFlight() {
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
