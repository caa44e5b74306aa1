package dev.courier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Callbacks for the lifecycle of each call, for metrics and tracing; separate from the
 * {@code onRequest}/{@code onResponse} hooks, which may change requests.
 *
 * <p>Events come in begin/end pairs and nest like this for one call:
 * <ul>
 *   <li>{@link #callStart}
 *   <ul>
 *     <li>per hop (the first request, each redirect, each auth retry):
 *     <ul>
 *       <li>per attempt (one, unless a {@link Retry} policy sends the hop again):
 *       <ul>
 *         <li>{@link #sendStart}
 *         <ul>
 *           <li>network events, from {@link dev.courier.transport.HttpTransport} only, when the
 *               attempt needs a new connection (those of a connection opened for another request go
 *               to that one):
 *           <ul>
 *             <li>{@link #dnsStart}, then {@link #dnsEnd}: only when a host name is looked up (not
 *                 for an IP literal)</li>
 *             <li>{@link #connectStart}, then {@link #connectEnd} or {@link #connectFailed}: per
 *                 address tried</li>
 *             <li>{@link #secureConnectStart}, then {@link #secureConnectEnd}: for https</li>
 *           </ul></li>
 *           <li>{@link #connectionAcquired}: the connection the attempt goes on, new or pooled
 *               (again if the transport resends on another connection)</li>
 *         </ul>
 *         then {@link #sendEnd} (response head received) or {@link #sendFailed}</li>
 *         <li>{@link #retryDecision}, when retries are on and the attempt failed or got a retryable
 *             status: whether and when the hop is sent again</li>
 *       </ul></li>
 *       <li>{@link #followUpDecision}: whether a redirect is followed</li>
 *     </ul></li>
 *     <li>{@link #responseBodyEnd} when the final body has been read (not for streamed calls)</li>
 *   </ul></li>
 *   <li>{@link #callEnd} or {@link #callFailed}; {@link #canceled} when the caller cancels</li>
 * </ul>
 * {@link #sendStart}, the network events and {@link #sendEnd} or {@link #sendFailed} of one attempt
 * carry the same {@code Request} object (which {@link Response#request()} also returns), so a
 * listener may key per-attempt state on it. The network events are those of
 * {@link dev.courier.transport.HttpTransport}; other transports (mocks, apps, your own) have no
 * connections and report none. A transport of yours that wraps an {@code HttpTransport} passes them
 * on when it sends the request it was given, or a copy made with {@link Request#toBuilder()} or a
 * {@code with...} method (the network events then carry the copy). Events of a connection stop
 * when the attempt that opened it is over (answered, failed, cancelled); the connection itself may
 * still open and serve later requests.
 *
 * <p>Curl-style timings from these events, per attempt: DNS from {@link #dnsStart} to
 * {@link #dnsEnd}; TCP from the first {@link #connectStart} to {@link #connectEnd}; TLS from
 * {@link #secureConnectStart} to {@link #secureConnectEnd}; time to first byte from
 * {@link #sendStart} to {@link #sendEnd}; and the total from {@link #callStart} to {@link #callEnd}.
 * A reused connection has no DNS, TCP or TLS events.
 *
 * <p>Rules for listeners: be quick, and never throw (an exception is caught and ignored, so it
 * cannot break a call); never block; don't send requests from a callback. Callbacks run on whatever
 * thread the call is progressing on, possibly an I/O thread, and may come from several calls at
 * once, so a listener must be thread-safe.
 *
 * <pre>{@code
 * EventListener timing = new EventListener() {
 *     public void callEnd(Request request, Response response) {
 *         metrics.record(request.url().host(), response.statusCode());
 *     }
 * };
 * AsyncClient.builder().eventListener(timing);
 * }</pre>
 */
public interface EventListener {
    /** A listener that ignores every event. */
    EventListener NONE = new EventListener() {};

    /** A call began, with the request as the client built it. */
    default void callStart(Request request) {}

    /** The call completed with {@code response} (its body read, unless the call was a stream). */
    default void callEnd(Request request, Response response) {}

    /** The call failed with {@code failure}. */
    default void callFailed(Request request, Throwable failure) {}

    /** The caller cancelled the call. */
    default void canceled(Request request) {}

    /** One hop's request is about to be handed to a transport. */
    default void sendStart(Request request) {}

    /** The transport answered one hop's request with a response head. */
    default void sendEnd(Request request, Response response) {}

    /** The transport failed one hop's request. */
    default void sendFailed(Request request, Throwable failure) {}

    /**
     * A redirect decision for {@code response}: {@code nextRequest} is the hop that will be sent, or
     * null when the redirect is not followed (following is off, or the response is final).
     */
    default void followUpDecision(Response response, Request nextRequest) {}

    /**
     * A retry decision after attempt number {@code attempt} of {@code request} failed (see
     * {@link #sendFailed}) or was answered with one of the policy's statuses (see {@link #sendEnd}):
     * {@code delay} is the wait before the next attempt, or null when there is none (the failure is
     * not retryable, the retries are used up, the body can't be replayed, {@code Retry-After} is too
     * long, or the deadline is near), and the outcome goes to the caller.
     */
    default void retryDecision(Request request, int attempt, Duration delay) {}

    /** The final response body was read in full: {@code bytes} bytes. */
    default void responseBodyEnd(Request request, long bytes) {}

    /**
     * The transport is about to look up {@code host}, for a new connection: the origin's name, or
     * through a proxy the proxy's. For a {@code socks5://} proxy, which is given an address, the
     * origin's name is looked up as well, at the same time, so the two pairs may interleave: tell
     * them apart by {@code host}. Not sent for an IP literal, a {@code socks5h://} or HTTP proxy's
     * target (the proxy looks it up), a unix socket, or a pooled connection. When the lookup fails
     * there is no {@link #dnsEnd}; the failure reaches {@link #sendFailed}.
     */
    default void dnsStart(Request request, String host) {}

    /** The lookup of {@code host} found {@code addresses}, in the resolver's order. */
    default void dnsEnd(Request request, String host, List<InetAddress> addresses) {}

    /**
     * The transport is opening a TCP connection to {@code address}: the origin's, or the proxy's
     * for a connection through one. A host with several addresses is raced by Happy Eyeballs, so
     * there may be several of these, overlapping, each ended by {@link #connectEnd} (the one that
     * won) or {@link #connectFailed} (the others, including those abandoned when another won). For a
     * unix socket, {@code address} is null.
     */
    default void connectStart(Request request, InetSocketAddress address) {}

    /**
     * The TCP connection to {@code address} is up (null for a unix socket). Unlike OkHttp's, this
     * comes before any proxy tunnel and TLS handshake: it times TCP alone, as curl's
     * {@code time_connect} does.
     */
    default void connectEnd(Request request, InetSocketAddress address) {}

    /**
     * The attempt to connect to {@code address} (null for a unix socket) failed with {@code failure},
     * the socket's own exception (a {@link java.net.ConnectException} when refused or timed out; the
     * call itself fails with a {@link ConnectFailedException} or {@link ConnectTimeoutException} once
     * every address has failed), or was abandoned with a
     * {@link java.util.concurrent.CancellationException} because another address connected first.
     */
    default void connectFailed(Request request, InetSocketAddress address, Throwable failure) {}

    /**
     * The TLS handshake with the origin is starting: after {@link #connectEnd}, or through a proxy
     * after the tunnel is open (a TLS handshake with an https proxy itself is not reported). When the
     * handshake fails there is no {@link #secureConnectEnd}; the failure reaches {@link #sendFailed}.
     */
    default void secureConnectStart(Request request) {}

    /** The TLS handshake with the origin completed, with {@code tlsVersion} such as {@code TLSv1.3}. */
    default void secureConnectEnd(Request request, String tlsVersion) {}

    /**
     * The attempt got a connection, speaking {@code version}: {@code reused} is false when it was
     * opened for this attempt (and its DNS, connect and TLS events came before this one), true when
     * it was already open or opened for another request (an HTTP/2 connection being shared).
     */
    default void connectionAcquired(Request request, HttpVersion version, boolean reused) {}

    /** A listener that forwards each event to every one of {@code listeners}, in order. */
    static EventListener composite(List<EventListener> listeners) {
        List<EventListener> all = List.copyOf(listeners);
        return new dev.courier.internal.client.CompositeEventListener(all);
    }
}
