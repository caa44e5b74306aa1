package dev.courier.transport;

import dev.courier.Request;
import dev.courier.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request and completes with its response, whose body is still unread: the one extension
 * point between a client's policy (auth, redirects, cookies, hooks) and the bytes.
 *
 * <p>Implement it to call something other than the network (see {@link MockTransport}), or wrap
 * another transport to add behaviour on every request: logging, metrics, signing, caching. A
 * wrapping transport is Courier's interceptor:
 *
 * <pre>{@code
 * final class LoggingTransport implements Transport {
 *     private final Transport next;
 *     LoggingTransport(Transport next) { this.next = next; }
 *
 *     public CompletableFuture<Response> send(Request request) {
 *         log.info("-> {} {}", request.method(), request.url());
 *         return next.send(request).whenComplete((r, e) -> log.info("<- {}", r != null ? r.statusCode() : e));
 *     }
 *
 *     public void close() { next.close(); }
 * }
 * AsyncClient client = AsyncClient.builder().transport(new LoggingTransport(inner)).build();
 * }</pre>
 *
 * <p>Failures complete the future exceptionally, with the {@link dev.courier.CourierException}
 * subclass that fits (a network transport maps its I/O errors in one place). Implementations must be
 * thread-safe: a client sends concurrent requests through one transport. A client closes its
 * transports when it is closed. When the caller cancels the returned future, the transport aborts
 * the exchange and closes a response that arrives afterwards: the caller will never see it.
 */
@FunctionalInterface
public interface Transport extends AutoCloseable {
    /** Sends {@code request}; the response body is left unread for the caller. */
    CompletableFuture<Response> send(Request request);

    /** Releases the transport's resources (connections, threads). Idempotent. */
    @Override
    default void close() {}
}
