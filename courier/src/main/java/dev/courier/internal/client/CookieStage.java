package dev.courier.internal.client;

import dev.courier.CookieJar;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Sender;
import dev.courier.internal.cookie.NoCookieJar;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cookie jar around one hop: the jar's cookies for the hop's URL become its Cookie header
 * (unless the hop already carries one, from per-request cookies or the caller), and the answer's
 * Set-Cookie headers go into the jar before anyone else sees the response.
 */
final class CookieStage {
    private final CookieJar jar;

    CookieStage(CookieJar jar) {
        this.jar = jar;
    }

    /** Whether the jar keeps nothing ({@link CookieJar#none()}), so that the stage has nothing to do. */
    boolean isNone() {
        return jar == NoCookieJar.INSTANCE;
    }

    CompletableFuture<Response> send(Request request, Sender next) {
        if (isNone()) {
            return next.send(request);
        }
        Request sent = withCookies(request);
        return next.send(sent).thenApply(response -> {
            save(sent, response);
            return response;
        });
    }

    /** {@code request} with the jar's Cookie header for its URL, unless it carries one already. */
    Request withCookies(Request request) {
        if (!request.headers().contains("Cookie")) {
            String header = jar.headerFor(request.url());
            if (header != null) {
                return request.withHeader("Cookie", header);
            }
        }
        return request;
    }

    /** Stores the cookies {@code response} sets, the answer to {@code sent}. */
    void save(Request sent, Response response) {
        List<String> setCookies = response.headers().getAll("Set-Cookie");
        if (!setCookies.isEmpty()) {
            jar.saveFromResponse(sent.url(), setCookies);
        }
    }
}
