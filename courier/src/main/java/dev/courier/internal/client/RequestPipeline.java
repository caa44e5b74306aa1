package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Sender;
import dev.courier.internal.Futures;
import java.util.concurrent.CompletableFuture;

/**
 * Runs calls through the fixed list of stages, outermost first, as DESIGN.md draws them:
 * auth, then the redirect loop, and per hop the retries, and per attempt the hooks, the cookies
 * and the transport. {@link #execute} assembles them in one place so the whole lifecycle reads top
 * to bottom.
 *
 * <p>Retries wrap the hooks and the cookies (DESIGN.md drew them inside) so that every attempt is a
 * full hop: request hooks run again (signatures, trace ids), the cookies an attempt received go out
 * with the next, and response hooks see every attempt's response.
 *
 * <p>A call with none of auth, retries, hooks or an executor (a client's defaults) runs as a
 * {@link DirectCall}: the same steps, without a future per stage.
 */
public final class RequestPipeline {
    private final ClientSettings settings;
    private final EventListener listener;
    private final AuthStage auth;
    private final RedirectStage redirects;
    /** Null when the policy never retries (the default): the stage is then left out of the pipeline. */
    private final RetryStage retries;
    private final HookStage hooks;
    private final CookieStage cookies;
    private final TransportStage transport;
    /**
     * Whether calls without auth can skip the stages' futures ({@link DirectCall}): nothing but
     * cookies and redirects happens between the caller and the transport.
     */
    private final boolean direct;

    public RequestPipeline(ClientSettings settings, Mounts mounts) {
        this.settings = settings;
        this.listener = settings.listener();
        this.auth = new AuthStage(settings.auth());
        this.redirects = new RedirectStage(settings.maxRedirects(), settings.followRedirects(), listener);
        this.retries = RetryStage.of(settings.retry(), listener, settings.executor());
        this.hooks = new HookStage(settings.requestHooks(), settings.responseHooks());
        this.cookies = new CookieStage(settings.cookieJar());
        this.transport = new TransportStage(mounts, listener, settings.defaultEncoding(), settings.executor());
        this.direct = retries == null && settings.requestHooks().isEmpty() && settings.responseHooks().isEmpty()
                && settings.executor() == null;
    }

    /**
     * Sends {@code request} and completes with its final response: body read unless {@code stream}.
     * Cancelling the returned future cancels the send in flight and closes any late response.
     */
    public CompletableFuture<Response> execute(Request request, boolean stream) {
        Request first = request.timeout() != null ? request : request.toBuilder().timeout(settings.timeout()).build();
        if (direct && !auth.applies(first)) {
            DirectCall call = new DirectCall(first, stream, listener, redirects, cookies, transport);
            listener.callStart(first);
            call.start();
            return call.result();
        }
        Call call = new Call(first, stream, listener);
        listener.callStart(first);

        Sender attempt = a -> hooks.send(a, hooked -> cookies.send(hooked, withCookies -> transport.send(withCookies, call)));
        Sender hop = retries == null ? attempt : h -> retries.send(h, attempt, call);
        CompletableFuture<Response> flow = Futures.call(() -> auth.send(first,
                (authAttempt, history) -> redirects.send(authAttempt, history, hop, call)),
                "pipeline");
        if (!stream) {
            flow = flow.thenCompose(this::readBody);
        }
        if (settings.executor() == null) {
            flow.whenComplete(call::settle);
        } else {
            // The body may finish on an I/O thread; the caller's callbacks belong on its executor.
            flow.whenCompleteAsync(call::settle, settings.executor());
        }
        return call.result();
    }

    private CompletableFuture<Response> readBody(Response response) {
        return response.read().handle((bytes, failure) -> {
            if (failure != null) {
                response.close();
                throw Propagation.asUnchecked(Futures.unwrap(failure));
            }
            listener.responseBodyEnd(response.request(), bytes.length);
            return response;
        });
    }
}
