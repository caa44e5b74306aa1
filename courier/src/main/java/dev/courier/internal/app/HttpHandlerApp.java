package dev.courier.internal.app;

import com.sun.net.httpserver.HttpHandler;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.BlockingTasks;
import dev.courier.transport.App;
import dev.courier.transport.AppTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * An {@link App} that runs a JDK {@link HttpHandler} on an {@link InMemoryHttpExchange}.
 *
 * <p>Each request gets its own blocking thread, as a JDK server's executor would give it: the
 * handler may block reading the request body or writing a body larger than the pipe holds, while
 * the caller reads on another thread. The exchange is closed when the handler returns.
 */
public final class HttpHandlerApp implements App {
    private static final InetSocketAddress NOWHERE = InetSocketAddress.createUnresolved("127.0.0.1", 0);

    private final HttpHandler handler;
    private final Executor executor;
    /** One context per root path, so attributes a handler keeps on it persist across requests. */
    private final Map<String, HandlerContext> contexts = new ConcurrentHashMap<>();

    /** An app running {@code handler} on the shared blocking threads. */
    public HttpHandlerApp(HttpHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = BlockingTasks.executor();
    }

    @Override
    public CompletableFuture<Response> handle(Request request) {
        Object root = request.extension(AppTransport.ROOT_PATH);
        String path = root instanceof String s && !s.isEmpty() ? s : "/";
        HandlerContext context = contexts.computeIfAbsent(path, p -> new HandlerContext(p, handler));
        InetSocketAddress remote = request.extension(AppTransport.CLIENT) instanceof InetSocketAddress a ? a : NOWHERE;
        InMemoryHttpExchange exchange = new InMemoryHttpExchange(request, context, remote, executor);
        try {
            executor.execute(() -> run(context.getHandler(), exchange));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange.response();
    }

    private static void run(HttpHandler handler, InMemoryHttpExchange exchange) {
        try {
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.fail(t);
            return;
        }
        exchange.finish();
    }

    @Override
    public String toString() {
        return "HttpHandlerApp[" + handler + "]";
    }
}
