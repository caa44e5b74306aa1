package dev.courier;

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
 *         <li>{@link #sendStart}, then {@link #sendEnd} (response head received) or {@link #sendFailed}</li>
 *         <li>{@link #retryDecision}, when retries are on and the attempt failed or got a retryable
 *             status: whether and when the hop is sent again</li>
 *       </ul></li>
 *       <li>{@link #followUpDecision}: whether a redirect is followed</li>
 *     </ul></li>
 *     <li>{@link #responseBodyEnd} when the final body has been read (not for streamed calls)</li>
 *   </ul></li>
 *   <li>{@link #callEnd} or {@link #callFailed}; {@link #canceled} when the caller cancels</li>
 * </ul>
 * The network events (pool, DNS, connect, TLS) are added by the network transport.
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

    /** A listener that forwards each event to every one of {@code listeners}, in order. */
    static EventListener composite(List<EventListener> listeners) {
        List<EventListener> all = List.copyOf(listeners);
        return new dev.courier.internal.client.CompositeEventListener(all);
    }
}
