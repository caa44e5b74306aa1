package dev.courier.internal.client;

import dev.courier.Cookies;
import dev.courier.Request;

/**
 * Adds the client's cookies that match a hop's URL as its Cookie header, unless the hop already
 * carries one (per-request cookies, or a header set by the caller).
 */
final class CookieStage {
    private final Cookies cookies;

    CookieStage(Cookies cookies) {
        this.cookies = cookies;
    }

    Request apply(Request request) {
        if (cookies.isEmpty() || request.headers().contains("Cookie")) {
            return request;
        }
        String header = cookies.headerValue(request.url());
        return header == null ? request : request.withHeader("Cookie", header);
    }
}
