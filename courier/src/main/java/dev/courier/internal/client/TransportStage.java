package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.Futures;
import dev.courier.transport.Transport;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands one hop to the transport its URL is mounted on, and stamps the response with the request
 * sent and the start time for {@code elapsed()}. The request sent carries the client's event
 * listener, so that the network transport can report its connection events.
 *
 * <p>The total timeout is the call's, not each send's: a send after the first (a redirect, a
 * retry, an auth round trip) gets what is left of it, and none starts once it has run out.
 *
 * <p>{@link #send} is the stage; {@link DirectCall} uses its steps one by one, so that it can take
 * the transport's answer in a callback of its own.
 */
final class TransportStage {
    private final Mounts mounts;
    private final EventListener listener;
    private final Charset defaultEncoding;
    private final Executor executor;

    TransportStage(Mounts mounts, EventListener listener, Charset defaultEncoding, Executor executor) {
        this.mounts = mounts;
        this.listener = listener;
        this.defaultEncoding = defaultEncoding;
        this.executor = executor;
    }

    CompletableFuture<Response> send(Request hop, Call call) {
        Transport transport = transportFor(hop, call);
        Request request = announce(withinTotal(hop, call));
        long start = System.nanoTime();
        CompletableFuture<Response> sending = dispatch(transport, request, call);
        CompletableFuture<Response> answered = sending.handle((response, failure) -> land(request, start, response,
                failure, call));
        // With an executor, everything above the transport (hooks, redirects, auth) continues there.
        return executor == null ? answered : answered.whenCompleteAsync((r, e) -> {}, executor);
    }

    /** The transport for {@code hop}, once the call is known not to be cancelled. */
    Transport transportFor(Request hop, Call call) {
        call.checkNotCancelled();
        return mounts.transportFor(hop);
    }

    /**
     * {@code hop} with its total timeout cut to what is left of it since the call started, so that
     * redirects, retries and auth round trips cannot each take the whole of it (RELIABILITY §1.11).
     * The first send takes the request as it is: nothing has used the time yet.
     *
     * @throws RequestTimeoutException when no time is left
     */
    static Request withinTotal(Request hop, Call call) {
        if (call.sends() == 0) {
            return hop;
        }
        Timeout timeout = RequestTimeouts.of(hop);
        if (timeout == null || timeout.total() == null) {
            return hop;
        }
        long left = call.nanosLeft(timeout.total());
        if (left <= 0) {
            throw new RequestTimeoutException(outOfTime(hop, timeout, call) + "; it ran out before the next send",
                    hop);
        }
        return RequestTimeouts.with(hop, timeout.withTotal(Duration.ofNanos(left)));
    }

    private static String outOfTime(Request request, Timeout timeout, Call call) {
        return request.method() + " " + request.url().withoutUserInfo() + " did not complete within its total timeout of "
                + timeout.total().toMillis() + " ms, counted from the first of its " + call.sends() + " sends";
    }

    /** {@code hop} as it is sent, after telling the listener that it is. */
    Request announce(Request hop) {
        // The transport is shared between clients, so the listener for its network events travels
        // with the request. Without a listener this is the request itself: nothing is allocated.
        Request request = ApiAccess.withEventListener(hop, listener);
        listener.sendStart(request);
        return request;
    }

    /** Sends {@code request} on {@code transport}; the call tracks the send, so that cancelling it cancels the send. */
    static CompletableFuture<Response> dispatch(Transport transport, Request request, Call call) {
        call.countSend();
        CompletableFuture<Response> sending = Futures.call(() -> transport.send(request), "Transport.send");
        call.track(sending);
        return sending;
    }

    /**
     * The transport's answer to {@code request}, sent at {@code start}, stamped; its failure is told
     * to the listener and thrown.
     */
    Response land(Request request, long start, Response response, Throwable failure, Call call) {
        if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            // Exactly the total deadline's exception: its subclasses (read, write, connect, pool) keep
            // their own type and message, which retries and callers tell apart.
            if (cause.getClass() == RequestTimeoutException.class && call.sends() > 1) {
                Timeout whole = RequestTimeouts.of(call.original());
                if (whole != null && whole.total() != null) {
                    // The transport knew only the time left; the caller set the call's whole budget.
                    cause = new RequestTimeoutException(outOfTime(request, whole, call), request, cause);
                }
            }
            listener.sendFailed(request, cause);
            throw Propagation.asUnchecked(cause);
        }
        Response stamped = response.toBuilder().request(request).startNanos(start)
                .defaultEncoding(defaultEncoding).build();
        listener.sendEnd(request, stamped);
        return stamped;
    }
}
