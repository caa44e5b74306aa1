package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Authentication for requests: a flow that may send a request, look at the answer, and send again.
 *
 * <p>Auth is the outermost stage of a client: it sees the request once, before redirects, and its
 * {@link Sender} runs everything else. The simple case, adding a header, is
 * {@link #of(Function)}. A challenge-response scheme calls {@code next.send} again after reading a
 * 401; it must close every response it does not return. Responses it saw along the way appear in the
 * final response's {@code history()}.
 *
 * <p>When {@link #requiresRequestBody()} is true, the client buffers a streaming request body before
 * calling {@link #authenticate}, so the auth can read it with {@code request.content()} (to sign it,
 * say). When {@link #requiresResponseBody()} is true, responses given to the auth have their bodies
 * read.
 *
 * <pre>{@code
 * Auth apiKey = Auth.of(request -> request.withHeader("X-Api-Key", key));
 * AsyncClient client = AsyncClient.builder().auth(apiKey).transport(transport).build();
 * }</pre>
 */
@FunctionalInterface
public interface Auth {
    /** Runs the authentication flow for {@code request}, sending through {@code next}. */
    CompletableFuture<Response> authenticate(Request request, Sender next);

    /** True when the flow reads the request body, which must then be buffered first. */
    default boolean requiresRequestBody() {
        return false;
    }

    /** True when the flow reads response bodies, which are then read before it sees them. */
    default boolean requiresResponseBody() {
        return false;
    }

    /** An auth that rewrites each request once (adding a header, a query parameter, a signature). */
    static Auth of(Function<Request, Request> transform) {
        Objects.requireNonNull(transform, "transform");
        return (request, next) -> next.send(transform.apply(request));
    }
}
