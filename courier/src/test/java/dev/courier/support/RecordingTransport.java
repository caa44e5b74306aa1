package dev.courier.support;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.transport.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** A transport for client tests: records every request it receives and answers from a function. */
public final class RecordingTransport implements Transport {
    private final Function<Request, Response> handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public RecordingTransport(Function<Request, Response> handler) {
        this.handler = handler;
    }

    /** Answers 200 with an empty body. */
    public static RecordingTransport ok() {
        return new RecordingTransport(r -> Response.builder().build());
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        requests.add(request);
        try {
            return CompletableFuture.completedFuture(handler.apply(request));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }

    public List<Request> requests() {
        return requests;
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    public boolean isClosed() {
        return closed.get();
    }
}
