package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.body.ResponseBodyState;
import dev.courier.transport.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A call with nothing to do but cookies and redirects (no auth, retries, hooks or executor: a
 * client's defaults), run without the stages' futures: it takes each hop's answer in a callback on
 * the transport's future, follows redirects from there, reads the body, and completes the caller's
 * future itself. The steps are the stages' own ({@link CookieStage}, {@link TransportStage},
 * {@link RedirectStage}), in the order {@link RequestPipeline} runs them; only the plumbing differs,
 * so that a call costs one dependent stage per hop instead of one per stage.
 *
 * <p>Hops run one after another: each field below is written before the hop's send and read in
 * the callback of that send, which the future orders after it.
 */
final class DirectCall extends Call implements BiConsumer<Response, Throwable>, ResponseBodyState.ReadCallback {
    private final RedirectStage redirects;
    private final CookieStage cookies;
    private final TransportStage transport;
    private final boolean follow;
    /** The hop in flight, as the redirect loop sees it. */
    private Request hop;
    /** The hop as sent: with the jar's cookies and the listener. */
    private Request sent;
    private long sentAt;
    private List<Response> history = List.of();
    /** The final answer, while its body is read. */
    private Response answer;

    DirectCall(Request original, boolean stream, EventListener listener, RedirectStage redirects,
            CookieStage cookies, TransportStage transport) {
        super(original, stream, listener);
        this.redirects = redirects;
        this.cookies = cookies;
        this.transport = transport;
        this.follow = redirects.follows(original);
    }

    /** Sends the first hop; the outcome goes to {@link #result()}. */
    void start() {
        send(original());
    }

    private void send(Request request) {
        RuntimeException tooMany = redirects.tooMany(request, history);
        if (tooMany != null) {
            settle(null, tooMany);
            return;
        }
        CompletableFuture<Response> sending;
        try {
            Request withCookies = cookies.isNone() ? request : cookies.withCookies(request);
            Transport target = transport.transportFor(withCookies, this);
            hop = request;
            sent = transport.announce(TransportStage.withinTotal(withCookies, this));
            sentAt = System.nanoTime();
            sending = TransportStage.dispatch(target, sent, this);
        } catch (RuntimeException | Error e) {
            settle(null, e);
            return;
        }
        sending.whenComplete(this);
    }

    /** The transport's answer to the hop in flight, on the thread that completed it. */
    @Override
    public void accept(Response response, Throwable failure) {
        Response answered;
        Request next;
        try {
            Response stamped = transport.land(sent, sentAt, response, failure, this);
            if (!cookies.isNone()) {
                cookies.save(sent, stamped);
            }
            answered = RedirectStage.withHistory(stamped, history);
            next = RedirectStage.nextHop(hop, answered, this);
            if (next != null && !follow) {
                answered = redirects.notFollowed(answered, next);
                next = null;
            } else if (next != null) {
                history = redirects.followed(answered, next, history);
            }
        } catch (RuntimeException | Error e) {
            settle(null, e);
            return;
        }
        if (next != null) {
            send(next);
        } else if (isStream()) {
            settle(answered, null);
        } else {
            answer = answered;
            ApiAccess.body(answered).read(this);
        }
    }

    /** The final answer's body has been read, or failed. */
    @Override
    public void bodyRead(byte[] content, Throwable failure) {
        Response response = answer;
        answer = null;
        if (failure != null) {
            response.close();
            settle(null, failure);
            return;
        }
        listener.responseBodyEnd(response.request(), content.length);
        settle(response, null);
    }
}
