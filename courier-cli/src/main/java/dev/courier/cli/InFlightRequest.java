package dev.courier.cli;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.Response;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One request of a {@link LoadTest} while it runs: when it started, one future for its whole
 * exchange (head, then the body drained to its end), and how to cancel it when the run cannot wait
 * any longer.
 *
 * <pre>{@code
 * InFlightRequest call = new InFlightRequest(System.nanoTime());
 * call.start(client, request);
 * call.outcome.whenComplete((bodyBytes, failure) -> ...);   // call.status, call.version on success
 * }</pre>
 *
 * <p>The response is streamed, not buffered: its body goes through a {@link BodyDrain}, so no
 * body is ever held in memory, and the response is closed as soon as it ends.
 */
final class InFlightRequest {
    final long startNanos;
    /** The body's size once it is read, or the failure: the request is done when this completes. */
    final CompletableFuture<Long> outcome = new CompletableFuture<>();
    // Written before outcome completes, so whoever sees the outcome sees them.
    int status;
    String version;
    private volatile CompletableFuture<Response> exchange;
    private volatile Response response;

    InFlightRequest(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Sends {@code request} through {@code client}; {@link #outcome} completes when it is done. */
    void start(AsyncClient client, Request request) {
        CompletableFuture<Response> sent;
        try {
            sent = client.stream(request);
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
            return;
        }
        exchange = sent;
        sent.whenComplete((r, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
                return;
            }
            response = r;
            status = r.statusCode();
            version = r.httpVersion();
            if (outcome.isDone()) {
                r.close(); // aborted meanwhile
                return;
            }
            BodyDrain drain = new BodyDrain();
            drain.done().whenComplete((size, error) -> {
                r.close();
                if (error != null) {
                    outcome.completeExceptionally(error);
                } else {
                    outcome.complete(size);
                }
            });
            r.body().subscribe(drain);
        });
    }

    /**
     * Gives up on the request: {@link #outcome} fails with a CancellationException (unless it is
     * already done), and the exchange is cancelled or its response closed, freeing the connection.
     */
    void abort() {
        if (outcome.completeExceptionally(new CancellationException("still running when the load test ended"))) {
            CompletableFuture<Response> sent = exchange;
            if (sent != null) {
                sent.cancel(true);
            }
            Response r = response;
            if (r != null) {
                r.close();
            }
        }
    }
}
