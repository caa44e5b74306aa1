package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.Futures;
import dev.courier.transport.Transport;
import java.nio.charset.Charset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Hands one hop to the transport its URL is mounted on, and stamps the response with the request
 * sent and the start time for {@code elapsed()}. The request sent carries the client's event
 * listener, so that the network transport can report its connection events.
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
        call.checkNotCancelled();
        Transport transport = mounts.transportFor(hop);
        // The transport is shared between clients, so the listener for its network events travels
        // with the request. Without a listener this is the request itself: nothing is allocated.
        Request request = ApiAccess.withEventListener(hop, listener);
        listener.sendStart(request);
        long start = System.nanoTime();
        CompletableFuture<Response> sending = Futures.call(() -> transport.send(request), "Transport.send");
        call.track(sending);
        CompletableFuture<Response> answered = sending.handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                listener.sendFailed(request, cause);
                throw Propagation.asUnchecked(cause);
            }
            Response stamped = response.toBuilder().request(request).startNanos(start)
                    .defaultEncoding(defaultEncoding).build();
            listener.sendEnd(request, stamped);
            return stamped;
        });
        // With an executor, everything above the transport (hooks, redirects, auth) continues there.
        return executor == null ? answered : answered.whenCompleteAsync((r, e) -> {}, executor);
    }
}
