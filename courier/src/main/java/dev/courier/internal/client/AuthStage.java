package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Auth;
import dev.courier.auth.Sender;
import dev.courier.internal.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The outermost stage (httpx's {@code _send_handling_auth}): runs the request's auth flow, giving it
 * a Sender for the redirect loop. Responses the flow moves past are read, closed and kept as history
 * of the final response; a response the flow abandons is closed.
 */
final class AuthStage {
    private final Auth clientAuth;

    AuthStage(Auth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /** Sends {@code request} with its auth; {@code redirects} sends one attempt after the given history. */
    CompletableFuture<Response> send(Request request, BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects) {
        Auth auth = request.auth() != null ? request.auth() : clientAuth;
        if (auth == null) {
            return redirects.apply(request, List.of());
        }
        CompletableFuture<Request> prepared = auth.requiresRequestBody() && !request.body().isReplayable()
                ? request.body().buffered().thenApply(b -> request.toBuilder().body(b).build())
                : CompletableFuture.completedFuture(request);
        AuthFlowSender sender = new AuthFlowSender(redirects, auth.requiresResponseBody());
        return prepared
                .thenCompose(r -> Futures.call(() -> auth.authenticate(r, sender), "Auth.authenticate"))
                .whenComplete((response, failure) -> sender.closeAbandoned(response));
    }

    /** The Sender an auth flow calls; each call after the first retires the previous response into history. */
    private static final class AuthFlowSender implements Sender {
        private final BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects;
        private final boolean readBodies;
        private final List<Response> history = new ArrayList<>();
        private Response last;

        AuthFlowSender(BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects, boolean readBodies) {
            this.redirects = redirects;
            this.readBodies = readBodies;
        }

        @Override
        public synchronized CompletableFuture<Response> send(Request request) {
            CompletableFuture<Void> retired = retire(last);
            last = null;
            return retired.thenCompose(v -> redirects.apply(request, snapshot())).thenCompose(response -> {
                synchronized (this) {
                    last = response;
                }
                return readBodies ? response.read().thenApply(b -> response) : CompletableFuture.completedFuture(response);
            });
        }

        private synchronized List<Response> snapshot() {
            return List.copyOf(history);
        }

        /** Reads (for history) and closes a response the flow moved past. */
        private CompletableFuture<Void> retire(Response previous) {
            if (previous == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<?> read = previous.isClosed() || previous.isStreamConsumed()
                    ? CompletableFuture.completedFuture(null) : previous.read();
            return read.handle((b, e) -> {
                previous.close();
                synchronized (this) {
                    history.add(previous);
                }
                return null;
            });
        }

        synchronized void closeAbandoned(Response returned) {
            if (last != null && last != returned) {
                last.close();
            }
        }
    }
}
