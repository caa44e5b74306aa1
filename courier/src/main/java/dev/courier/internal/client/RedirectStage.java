package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Headers;
import dev.courier.InvalidUrlException;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.StreamConsumedException;
import dev.courier.TooManyRedirectsException;
import dev.courier.UnsupportedProtocolException;
import dev.courier.Url;
import dev.courier.auth.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The redirect loop (httpx's {@code _send_handling_redirects}): sends a hop, and while the answer is
 * a redirect and following is on, builds and sends the next hop, keeping every hop in history.
 *
 * <p>Method rewriting follows RFC 9110 as browsers do: 301 and 302 turn POST into GET, 303 turns
 * everything but HEAD into GET, 307 and 308 keep method and body. Credentials never cross origins:
 * a cross-origin hop loses Authorization (except an http-to-https upgrade of the same host on the
 * default ports, as httpx allows) and Proxy-Authorization; every hop loses Cookie, which the cookie
 * stage recomputes for the new URL.
 */
final class RedirectStage {
    private final int maxRedirects;
    private final boolean followByDefault;
    private final EventListener listener;

    RedirectStage(int maxRedirects, boolean followByDefault, EventListener listener) {
        this.maxRedirects = maxRedirects;
        this.followByDefault = followByDefault;
        this.listener = listener;
    }

    /** Sends {@code request} through {@code hop}, following redirects; {@code history} is what came before. */
    CompletableFuture<Response> send(Request request, List<Response> history, Sender hop, Call call) {
        return loop(request, history, hop, call, follows(request));
    }

    private CompletableFuture<Response> loop(Request request, List<Response> history, Sender hop, Call call,
            boolean follow) {
        RuntimeException tooMany = tooMany(request, history);
        if (tooMany != null) {
            return CompletableFuture.failedFuture(tooMany);
        }
        return hop.send(request).thenCompose(answer -> {
            Response response = withHistory(answer, history);
            Request next = nextHop(request, response, call);
            if (next == null) {
                return CompletableFuture.completedFuture(response);
            }
            if (!follow) {
                return CompletableFuture.completedFuture(notFollowed(response, next));
            }
            return loop(next, followed(response, next, history), hop, call, true);
        });
    }

    // The steps of the loop, shared with DirectCall.

    /** Whether redirects of {@code request} are followed. */
    boolean follows(Request request) {
        return request.followRedirects() != null ? request.followRedirects() : followByDefault;
    }

    /** The failure when {@code request} would be one redirect too many after {@code history}; else null. */
    RuntimeException tooMany(Request request, List<Response> history) {
        if (history.size() > maxRedirects) {
            return new TooManyRedirectsException("Exceeded the maximum of " + maxRedirects
                    + " redirects; the last pointed to " + request.url().withoutUserInfo(), request, history);
        }
        return null;
    }

    /** {@code answer} carrying {@code history}. */
    static Response withHistory(Response answer, List<Response> history) {
        return history.isEmpty() && answer.history().isEmpty() ? answer : answer.toBuilder().history(history).build();
    }

    /**
     * The request that follows {@code response}, the answer to {@code request}, or null when it is
     * no redirect. When this throws (an unusable redirect, or the call was cancelled), the response
     * is closed.
     */
    static Request nextHop(Request request, Response response, Call call) {
        if (!response.isRedirect()) {
            return null;
        }
        try {
            call.checkNotCancelled();
            return redirectRequest(request, response);
        } catch (RuntimeException e) {
            response.close();
            throw e;
        }
    }

    /** The answer for a redirect that is not followed: it names the request that would follow. */
    Response notFollowed(Response response, Request next) {
        listener.followUpDecision(response, null);
        return response.toBuilder().nextRequest(next).build();
    }

    /** Closes {@code response}, a redirect followed to {@code next}, and returns the history after it. */
    List<Response> followed(Response response, Request next, List<Response> history) {
        listener.followUpDecision(response, next);
        response.close();
        List<Response> longer = new ArrayList<>(history.size() + 1);
        longer.addAll(history);
        longer.add(response);
        return List.copyOf(longer);
    }

    /** The request that follows {@code response}, a redirect answering {@code request}. */
    static Request redirectRequest(Request request, Response response) {
        String location = response.headers().first("Location");
        Url url;
        try {
            url = request.url().resolve(location);
        } catch (InvalidUrlException e) {
            throw new RemoteProtocolException("The " + response.statusCode() + " redirect from "
                    + request.url().withoutUserInfo() + " has an invalid Location header: " + e.getMessage(), request, e);
        }
        if (!url.scheme().equals("http") && !url.scheme().equals("https")) {
            throw new UnsupportedProtocolException("The " + response.statusCode() + " redirect from "
                    + request.url().withoutUserInfo() + " points to the unsupported scheme '" + url.scheme() + "'",
                    request);
        }
        if (url.fragment() == null && request.url().fragment() != null) {
            url = url.withFragment(request.url().fragment());
        }

        String method = redirectMethod(request.method(), response.statusCode());
        Headers headers = request.headers().without("Cookie");
        if (!url.sameOrigin(request.url())) {
            if (!isHttpsUpgrade(request.url(), url)) {
                headers = headers.without("Authorization");
            }
            headers = headers.without("Proxy-Authorization");
        }

        RequestBody body = request.body();
        if (!method.equals(request.method())) {
            headers = headers.without("Content-Type").without("Content-Length").without("Transfer-Encoding");
            body = RequestBody.empty();
        } else if (!body.isReplayable()) {
            throw new StreamConsumedException("Cannot follow the " + response.statusCode() + " redirect to "
                    + url.withoutUserInfo() + ": it must resend the request body, which was a one-shot stream "
                    + "and has been sent. Use a replayable body (bytes, text, a file) or buffer it first.");
        }
        return request.toBuilder().method(method).url(url).headers(headers).body(body).build();
    }

    private static String redirectMethod(String method, int status) {
        if (status == 303 && !method.equals("HEAD")) {
            return "GET";
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return "GET";
        }
        return method;
    }

    private static boolean isHttpsUpgrade(Url from, Url to) {
        return from.host().equals(to.host()) && from.scheme().equals("http") && from.port() == 80
                && to.scheme().equals("https") && to.port() == 443;
    }
}
