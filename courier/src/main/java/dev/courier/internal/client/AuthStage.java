package dev.courier.internal.client;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.auth.Auth;
import dev.courier.auth.Sender;
import dev.courier.RequestBody;
import dev.courier.Url;
import dev.courier.internal.Futures;
import dev.courier.internal.body.AggregatingSubscriber;
import dev.courier.internal.body.InMemoryContent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * The outermost stage (httpx's {@code _send_handling_auth}): runs the request's auth flow, giving it
 * a Sender for the redirect loop. Responses the flow moves past are read, closed and kept as history
 * of the final response; a response the flow abandons is closed.
 */
final class AuthStage {
    private final Auth clientAuth;

    AuthStage(Auth clientAuth) {
        this.clientAuth = clientAuth;
    }

    /** Whether {@code original} has an auth to run: its own, the client's, or credentials in its URL. */
    boolean applies(Request original) {
        if (original.auth() != null || clientAuth != null) {
            return true;
        }
        Url url = original.url();
        return !url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty();
    }

    /** Sends {@code request} with its auth; {@code redirects} sends one attempt after the given history. */
    CompletableFuture<Response> send(Request original, BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects) {
        Auth chosen = original.auth() != null ? original.auth() : clientAuth;
        Request request = original;
        Url url = original.url();
        if (!url.encodedUsername().isEmpty() || !url.encodedPassword().isEmpty()) {
            // Credentials in the URL are Basic auth (unless another auth is set), never part of what is sent.
            if (chosen == null) {
                chosen = Auth.basic(url.username(), url.password());
            }
            request = original.withUrl(url.withoutUserInfo());
        }
        Auth auth = chosen;
        if (auth == null) {
            return redirects.apply(request, List.of());
        }
        CompletableFuture<Request> prepared = auth.requiresRequestBody() && !(request.body() instanceof InMemoryContent)
                ? inMemory(request)
                : CompletableFuture.completedFuture(request);
        AuthFlowSender sender = new AuthFlowSender(redirects, auth.requiresResponseBody());
        return prepared
                .thenCompose(r -> Futures.call(() -> auth.authenticate(r, sender), "Auth.authenticate"))
                .whenComplete((response, failure) -> sender.closeAbandoned(response));
    }

    /** {@code request} with its body read into memory, so an auth can read it with {@code content()}. */
    private static CompletableFuture<Request> inMemory(Request request) {
        RequestBody body = request.body();
        AggregatingSubscriber aggregator = new AggregatingSubscriber(body.contentLength());
        body.publisher().subscribe(aggregator);
        return aggregator.future().thenApply(bytes -> request.toBuilder()
                .body(body.contentType() == null ? RequestBody.of(bytes) : RequestBody.of(bytes, body.contentType()))
                .build());
    }

    /** The Sender an auth flow calls; each call after the first retires the previous response into history. */
    private static final class AuthFlowSender implements Sender {
        private final BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects;
        private final boolean readBodies;
        private final List<Response> history = new ArrayList<>();
        private Response last;

        AuthFlowSender(BiFunction<Request, List<Response>, CompletableFuture<Response>> redirects, boolean readBodies) {
            this.redirects = redirects;
            this.readBodies = readBodies;
        }

        @Override
        public synchronized CompletableFuture<Response> send(Request request) {
            CompletableFuture<Void> retired = retire(last);
            last = null;
            return retired.thenCompose(v -> redirects.apply(request, snapshot())).thenCompose(response -> {
                synchronized (this) {
                    last = response;
                }
                return readBodies ? response.read().thenApply(b -> response) : CompletableFuture.completedFuture(response);
            });
        }

        private synchronized List<Response> snapshot() {
            return List.copyOf(history);
        }

        /** Reads (for history) and closes a response the flow moved past. */
        private CompletableFuture<Void> retire(Response previous) {
            if (previous == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<?> read = previous.isClosed() || previous.isStreamConsumed()
                    ? CompletableFuture.completedFuture(null) : previous.read();
            return read.handle((b, e) -> {
                previous.close();
                synchronized (this) {
                    history.add(previous);
                }
                return null;
            });
        }

        synchronized void closeAbandoned(Response returned) {
            if (last != null && last != returned) {
                last.close();
            }
        }
    }
}
