package dev.courier.internal.client;

import dev.courier.CookieJar;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Sender;
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

    CompletableFuture<Response> send(Request request, Sender next) {
        Request hop = request;
        if (!request.headers().contains("Cookie")) {
            String header = jar.headerFor(request.url());
            if (header != null) {
                hop = request.withHeader("Cookie", header);
            }
        }
        Request sent = hop;
        return next.send(sent).thenApply(response -> {
            List<String> setCookies = response.headers().getAll("Set-Cookie");
            if (!setCookies.isEmpty()) {
                jar.saveFromResponse(sent.url(), setCookies);
            }
            return response;
        });
    }
}
