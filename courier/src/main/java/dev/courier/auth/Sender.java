package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request through the rest of the client (redirects, hooks, cookies, transport) and
 * completes with its response, whose body is unread unless the {@link Auth} asked for it.
 *
 * <p>An {@link Auth} receives a Sender and may call it more than once, for example to answer a
 * challenge. A response the auth does not hand back must be closed by it.
 *
 * <pre>{@code
 * Auth retryOn401 = (request, next) -> next.send(request).thenCompose(r -> {
 *     if (r.statusCode() != 401) return CompletableFuture.completedFuture(r);
 *     r.close();
 *     return next.send(request.withHeader("Authorization", "Bearer " + tokens.refresh()));
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Sender {
    /** Sends {@code request} and completes with its response. */
    CompletableFuture<Response> send(Request request);
}
