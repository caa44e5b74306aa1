package dev.courier.transport;

import com.sun.net.httpserver.HttpHandler;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.app.HttpHandlerApp;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An HTTP application that runs in the same process as its client: it takes a {@link Request} and
 * answers with a {@link Response}, later. {@link AppTransport} sends a client's requests to one,
 * with no socket, which is how tests call a service's handlers end to end (httpx's
 * {@code ASGITransport}, Django's test client).
 *
 * <p>The request's body is streamed: read {@code request.body().publisher()} as you need it, or
 * {@code request.content()} when the caller sent bytes. The response may stream too: give
 * {@link Response.Builder#body} a publisher and the client reads it on demand. An exception,
 * thrown or completing the future, is the app's failure (see
 * {@link AppTransport.Builder#raiseAppExceptions}). Handlers written for the JDK's
 * {@code HttpServer} run through {@link AppTransport#of(com.sun.net.httpserver.HttpHandler)}.
 *
 * <pre>{@code
 * App app = App.sync(request -> switch (request.url().path()) {
 *     case "/hello" -> Response.builder().content("Hello, " + request.url().query()).build();
 *     default -> Response.builder().status(404).build();
 * });
 * try (AsyncClient client = AsyncClient.builder().app(app).build()) {
 *     client.get("/hello?name=Ada").join().text();   // "Hello, name=Ada"
 * }
 * }</pre>
 */
@FunctionalInterface
public interface App {
    /** Answers {@code request}; the future may complete on any thread. */
    CompletableFuture<Response> handle(Request request);

    /** An app answering on the calling thread with {@code handler}'s response. */
    static App sync(Function<Request, Response> handler) {
        Objects.requireNonNull(handler, "handler");
        return request -> CompletableFuture.completedFuture(handler.apply(request));
    }

    /** An app answering with the stage {@code handler} returns, for handlers written against {@link CompletionStage}. */
    static App async(Function<Request, ? extends CompletionStage<Response>> handler) {
        Objects.requireNonNull(handler, "handler");
        return request -> {
            CompletionStage<Response> stage = handler.apply(request);
            return stage == null ? null : stage.toCompletableFuture();
        };
    }

    /**
     * An app running {@code handler}, written for the JDK's {@code com.sun.net.httpserver.HttpServer},
     * without starting a server: each request gets an in-memory {@code HttpExchange} on a thread of
     * its own. The exchange keeps the server's rules ({@code sendResponseHeaders(code, length)} with
     * a length above 0 fixing the body's size, 0 streaming it chunked, -1 sending none); the response
     * reaches the caller when the headers are sent and its body streams as the handler writes it.
     * The exchange's context has the app's root path (or "/") and no server; filters are not run.
     * The exchange is closed when the handler returns.
     *
     * <pre>{@code
     * App app = App.of(exchange -> {
     *     byte[] body = exchange.getRequestBody().readAllBytes();
     *     exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
     *     try (OutputStream out = exchange.getResponseBody()) { out.write(body); }
     * });
     * }</pre>
     */
    static App of(HttpHandler handler) {
        return new HttpHandlerApp(handler);
    }
}
