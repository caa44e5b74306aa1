package dev.courier.transport;

import dev.courier.Request;
import dev.courier.Response;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A transport that answers every request from a function, with no network: for tests, and for
 * clients whose answers come from code.
 *
 * <p>The handler runs on the thread that sends the request. An exception it throws fails the
 * request's future with that same exception, so a handler can simulate transport failures.
 *
 * <pre>{@code
 * Transport mock = MockTransport.of(request -> switch (request.url().path()) {
 *     case "/users/1" -> Response.builder().json(Map.of("id", 1)).build();
 *     default -> Response.builder().status(404).build();
 * });
 * AsyncClient client = AsyncClient.builder().baseUrl("https://api.test").transport(mock).build();
 * client.get("/users/1").join().json();   // {"id":1}
 * }</pre>
 */
public final class MockTransport implements Transport {
    private final Function<Request, ? extends CompletionStage<Response>> handler;

    private MockTransport(Function<Request, ? extends CompletionStage<Response>> handler) {
        this.handler = handler;
    }

    /** A transport answering each request with {@code handler}'s response. */
    public static MockTransport of(Function<Request, Response> handler) {
        Objects.requireNonNull(handler, "handler");
        return new MockTransport(request -> CompletableFuture.completedFuture(handler.apply(request)));
    }

    /** A transport answering each request with the response {@code handler} completes with, later. */
    public static MockTransport ofAsync(Function<Request, ? extends CompletionStage<Response>> handler) {
        return new MockTransport(Objects.requireNonNull(handler, "handler"));
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        CompletionStage<Response> stage;
        try {
            stage = handler.apply(request);
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("MockTransport handler returned null for " + request));
        }
        CompletableFuture<Response> answer = stage.toCompletableFuture().thenApply(response -> {
            if (response == null) {
                throw new IllegalStateException("MockTransport handler returned a null response for " + request);
            }
            return response.request() == null ? response.toBuilder().request(request).build() : response;
        });
        // A caller that cancels never sees the response, so close it here when it arrives.
        answer.whenComplete((r, e) -> {
            if (answer.isCancelled()) {
                stage.thenAccept(late -> {
                    if (late != null) {
                        late.close();
                    }
                });
            }
        });
        return answer;
    }
}
