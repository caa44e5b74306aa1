package dev.courier.internal.pool;

import dev.courier.EventListener;
import dev.courier.Request;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the network transport reports one request's connection events: the client's listener and
 * the request it reports them for. It goes with the request into the pool and, when the pool opens
 * a connection for it, to the connection factory.
 *
 * <p>{@link #NONE}, for requests sent without a listener, reports nothing and costs nothing: it is
 * one shared instance, so the transport allocates no events object per request. The listener is the
 * client's composite one, which never throws, so an event can't break the connection it reports on.
 * Each method reports the {@link EventListener} event of its name.
 */
public final class ConnectionEvents {
    /** Reports nothing. */
    public static final ConnectionEvents NONE = new ConnectionEvents(EventListener.NONE, null, null);

    private final EventListener listener;
    private final Request request;
    /** Done once the request is over: events of a connection still opening then go nowhere. */
    private final CompletableFuture<?> call;
    /** The last connection opened for this request, so that acquiring it is reported as not reused. */
    private volatile PooledConnection opened;

    private ConnectionEvents(EventListener listener, Request request, CompletableFuture<?> call) {
        this.listener = listener;
        this.request = request;
        this.call = call;
    }

    /** The events of {@code request} for {@code listener} (null: {@link #NONE}), while {@code call} is not done. */
    public static ConnectionEvents of(EventListener listener, Request request, CompletableFuture<?> call) {
        return listener == null || listener == EventListener.NONE ? NONE
                : new ConnectionEvents(listener, request, call);
    }

    /** Whether events are reported at all: callers skip the work of preparing one when not. */
    public boolean isEnabled() {
        return this != NONE;
    }

    private boolean live() {
        return this != NONE && !call.isDone();
    }

    public void dnsStart(String host) {
        if (live()) {
            listener.dnsStart(request, host);
        }
    }

    public void dnsEnd(String host, List<InetAddress> addresses) {
        if (live()) {
            listener.dnsEnd(request, host, addresses);
        }
    }

    public void connectStart(InetSocketAddress address) {
        if (live()) {
            listener.connectStart(request, address);
        }
    }

    public void connectEnd(InetSocketAddress address) {
        if (live()) {
            listener.connectEnd(request, address);
        }
    }

    public void connectFailed(InetSocketAddress address, Throwable failure) {
        if (live()) {
            listener.connectFailed(request, address, failure);
        }
    }

    public void secureConnectStart() {
        if (live()) {
            listener.secureConnectStart(request);
        }
    }

    public void secureConnectEnd(String tlsVersion) {
        if (live()) {
            listener.secureConnectEnd(request, tlsVersion);
        }
    }

    /** The pool opened {@code connection} for this request (whether or not it ends up using it). */
    void opened(PooledConnection connection) {
        if (this != NONE) {
            opened = connection;
        }
    }

    /** The request's attempt got {@code connection}: reused unless it was opened for this request. */
    public void acquired(PooledConnection connection) {
        if (live()) {
            listener.connectionAcquired(request, connection.httpVersion(), connection != opened);
        }
    }
}
