package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Sender;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Runs the event hooks around one attempt of a hop: request hooks in order (each may replace the
 * request), then the attempt, then response hooks in order (they see the response before its body
 * is read). A failing response hook closes the response.
 */
final class HookStage {
    private final List<Function<Request, CompletionStage<Request>>> requestHooks;
    private final List<Function<Response, CompletionStage<Void>>> responseHooks;

    HookStage(List<Function<Request, CompletionStage<Request>>> requestHooks,
            List<Function<Response, CompletionStage<Void>>> responseHooks) {
        this.requestHooks = requestHooks;
        this.responseHooks = responseHooks;
    }

    CompletableFuture<Response> send(Request request, Sender next) {
        if (requestHooks.isEmpty() && responseHooks.isEmpty()) {
            return next.send(request);
        }
        CompletableFuture<Request> prepared = CompletableFuture.completedFuture(request);
        for (Function<Request, CompletionStage<Request>> hook : requestHooks) {
            prepared = prepared.thenCompose(r -> {
                CompletionStage<Request> changed = hook.apply(r);
                return changed == null ? CompletableFuture.completedFuture(r)
                        : changed.thenApply(c -> c == null ? r : c);
            });
        }
        CompletableFuture<Response> answered = prepared.thenCompose(next::send);
        if (responseHooks.isEmpty()) {
            return answered;
        }
        return answered.thenCompose(response -> {
            CompletableFuture<Void> hooks = CompletableFuture.completedFuture(null);
            for (Function<Response, CompletionStage<Void>> hook : responseHooks) {
                hooks = hooks.thenCompose(v -> {
                    CompletionStage<Void> done = hook.apply(response);
                    return done == null ? CompletableFuture.<Void>completedFuture(null) : done;
                });
            }
            return hooks.handle((v, failure) -> {
                if (failure != null) {
                    response.close();
                    throw Propagation.asUnchecked(dev.courier.internal.Futures.unwrap(failure));
                }
                return response;
            });
        });
    }
}
