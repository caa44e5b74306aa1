package dev.courier.internal.netty;

import dev.courier.CourierException;
import dev.courier.EventListener;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.internal.Futures;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.internal.exchange.StaleConnectionException;
import dev.courier.internal.exchange.UnprocessedRequestException;
import dev.courier.internal.netty.ExceptionMapper.Phase;
import dev.courier.internal.pool.ConnectionEvents;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request through the network transport: waits for a connection, runs the exchange, and
 * enforces the total deadline. Two failures are retried: a reused connection that turns out to be
 * stale (once, on a fresh connection, only when that is safe), and a request that was not processed:
 * the server says so (an HTTP/2 GOAWAY or REFUSED_STREAM), or it never left (its HTTP/2 connection
 * went away before its turn). Any method goes again, when its body can be replayed or was never
 * read, up to {@value #MAX_UNPROCESSED_RETRIES} times, or {@value #MAX_DRAINED_RETRIES} when each
 * GOAWAY came from a connection that served other streams first. Cancelling {@link #start()}'s future withdraws the request from the
 * pool or aborts the exchange.
 */
public final class TransportCall {
    static final int MAX_UNPROCESSED_RETRIES = 5;
    /**
     * Retries after GOAWAYs from connections that did serve other streams (a server with a request
     * budget per connection, draining): each is progress, so the bound is only a backstop.
     */
    static final int MAX_DRAINED_RETRIES = 100;

    private final Request request;
    private final Timeout timeout;
    private final PoolKey key;
    private final ConnectionPool pool;
    private final ExchangeSettings settings;
    private final ScheduledExecutorService timer;
    private final CompletableFuture<Response> result = new CompletableFuture<>();
    private final ConnectionEvents events;
    private volatile CompletableFuture<PooledConnection> acquiring;
    private volatile Exchange exchange;
    private volatile ScheduledFuture<?> deadline;
    private int unprocessedRetries;
    private int drainedRetries;

    /** @param listener where the network events of {@code request} go; null for none */
    public TransportCall(Request request, Timeout timeout, PoolKey key, ConnectionPool pool, ExchangeSettings settings,
            ScheduledExecutorService timer, EventListener listener) {
        this.request = request;
        this.events = ConnectionEvents.of(listener, request, result);
        this.timeout = timeout;
        this.key = key;
        this.pool = pool;
        this.settings = settings;
        this.timer = timer;
    }

    /** Starts the call; the future completes with the response head, its body unread. */
    public CompletableFuture<Response> start() {
        if (timeout.total() != null) {
            deadline = timer.schedule(this::expire, timeout.total().toNanos(), TimeUnit.NANOSECONDS);
        }
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                abortAll(new CancellationException("The request to " + key + " was cancelled"));
            }
        });
        attempt(false);
        return result;
    }

    private void attempt(boolean fresh) {
        CompletableFuture<PooledConnection> waiting = pool.acquire(key, fresh, timeout.pool(), timeout.connect(),
                events);
        acquiring = waiting;
        waiting.whenComplete((connection, failure) -> {
            if (failure != null) {
                fail(acquireFailure(Futures.unwrap(failure)));
                return;
            }
            if (result.isDone()) {
                pool.release(connection, true);
                return;
            }
            events.acquired(connection);
            Exchange ex = new Exchange(request, timeout, settings);
            exchange = ex;
            connection.execute(ex);
            ex.head().whenComplete((response, headFailure) -> {
                if (headFailure == null) {
                    if (result.complete(response)) {
                        if (deadline != null) {
                            // The deadline covers the body too: it ends when the exchange does.
                            ex.done().whenComplete((v, e) -> cancelDeadline());
                        }
                    } else {
                        response.close();
                    }
                    return;
                }
                Throwable cause = Futures.unwrap(headFailure);
                if (cause instanceof UnprocessedRequestException unprocessed) {
                    if (result.isDone()) {
                        return;
                    }
                    if (!request.body().isReplayable() && !unprocessed.bodyUnread()) {
                        fail(new RemoteProtocolException(unprocessed.getMessage() + "; it was not sent "
                                + "again because its body can't be replayed (retry unsafe)", request, unprocessed.failure()));
                    } else if ((unprocessed.serverMadeProgress() ? ++drainedRetries > MAX_DRAINED_RETRIES
                            : ++unprocessedRetries > MAX_UNPROCESSED_RETRIES)) {
                        fail(unprocessed.failure());
                    } else {
                        attempt(false);
                    }
                } else if (cause instanceof StaleConnectionException stale) {
                    if (!fresh && retryable(stale.bodySent()) && !result.isDone()) {
                        attempt(true);
                    } else {
                        fail(stale.failure());
                    }
                } else {
                    fail(cause);
                }
            });
        });
    }

    /** A request may go again on a new connection when its body can be resent and resending is harmless. */
    private boolean retryable(boolean bodySent) {
        return request.body().isReplayable() && (request.isIdempotent() || !bodySent);
    }

    private Throwable acquireFailure(Throwable failure) {
        if (failure instanceof CourierException ce) {
            return ExceptionMapper.withRequest(ce, request);
        }
        if (failure instanceof IllegalStateException) {
            return failure;
        }
        return ExceptionMapper.map(failure, request, key.authority(), Phase.CONNECT);
    }

    private void fail(Throwable failure) {
        cancelDeadline();
        result.completeExceptionally(failure);
    }

    private void expire() {
        RequestTimeoutException late = new RequestTimeoutException("The request to " + key + " did not complete "
                + "within its total timeout of " + timeout.total().toMillis() + " ms", request);
        result.completeExceptionally(late);
        abortAll(late);
    }

    private void abortAll(Throwable reason) {
        CompletableFuture<PooledConnection> waiting = acquiring;
        if (waiting != null) {
            waiting.cancel(false);
        }
        Exchange ex = exchange;
        if (ex != null) {
            ex.abort(reason);
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }
}
