package dev.courier.internal.client;

import dev.courier.CookieJar;
import dev.courier.EventListener;
import dev.courier.Headers;
import dev.courier.QueryParams;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.Timeout;
import dev.courier.Url;
import dev.courier.auth.Auth;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** A client's resolved defaults, fixed when the client is built. */
public record ClientSettings(
        Url baseUrl,
        Headers headers,
        QueryParams params,
        CookieJar cookieJar,
        Auth auth,
        Timeout timeout,
        boolean followRedirects,
        int maxRedirects,
        Retry retry,
        List<Function<Request, CompletionStage<Request>>> requestHooks,
        List<Function<Response, CompletionStage<Void>>> responseHooks,
        Charset defaultEncoding,
        Executor executor,
        EventListener listener) {
}
