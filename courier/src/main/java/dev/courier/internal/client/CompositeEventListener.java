package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.HttpVersion;
import dev.courier.Request;
import dev.courier.Response;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Forwards each event to several listeners, shielding the call from any listener that throws. */
public final class CompositeEventListener implements EventListener {
    private final List<EventListener> listeners;

    public CompositeEventListener(List<EventListener> listeners) {
        this.listeners = listeners;
    }

    private void each(Consumer<EventListener> event) {
        for (EventListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException ignored) {
                // A listener's bug must not break the call it observes (documented rule).
            }
        }
    }

    @Override public void callStart(Request request) { each(l -> l.callStart(request)); }
    @Override public void callEnd(Request request, Response response) { each(l -> l.callEnd(request, response)); }
    @Override public void callFailed(Request request, Throwable failure) { each(l -> l.callFailed(request, failure)); }
    @Override public void canceled(Request request) { each(l -> l.canceled(request)); }
    @Override public void sendStart(Request request) { each(l -> l.sendStart(request)); }
    @Override public void sendEnd(Request request, Response response) { each(l -> l.sendEnd(request, response)); }
    @Override public void sendFailed(Request request, Throwable failure) { each(l -> l.sendFailed(request, failure)); }
    @Override public void followUpDecision(Response response, Request nextRequest) { each(l -> l.followUpDecision(response, nextRequest)); }
    @Override public void retryDecision(Request request, int attempt, Duration delay) { each(l -> l.retryDecision(request, attempt, delay)); }
    @Override public void responseBodyEnd(Request request, long bytes) { each(l -> l.responseBodyEnd(request, bytes)); }
    @Override public void dnsStart(Request request, String host) { each(l -> l.dnsStart(request, host)); }
    @Override public void dnsEnd(Request request, String host, List<InetAddress> addresses) { each(l -> l.dnsEnd(request, host, addresses)); }
    @Override public void connectStart(Request request, InetSocketAddress address) { each(l -> l.connectStart(request, address)); }
    @Override public void connectEnd(Request request, InetSocketAddress address) { each(l -> l.connectEnd(request, address)); }
    @Override public void connectFailed(Request request, InetSocketAddress address, Throwable failure) { each(l -> l.connectFailed(request, address, failure)); }
    @Override public void secureConnectStart(Request request) { each(l -> l.secureConnectStart(request)); }
    @Override public void secureConnectEnd(Request request, String tlsVersion) { each(l -> l.secureConnectEnd(request, tlsVersion)); }
    @Override public void connectionAcquired(Request request, HttpVersion version, boolean reused) { each(l -> l.connectionAcquired(request, version, reused)); }
}
