package dev.courier.testing;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Url;
import dev.courier.testing.internal.router.RequestMatcher;
import dev.courier.transport.MockTransport;
import dev.courier.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Routes the requests of a client under test to canned answers, in the style of Python's respx:
 * match by method, URL (exact, prefix or pattern), query parameters, headers and JSON body; answer
 * with a status, JSON, text, a sequence, a function or an exception; then check what was called.
 *
 * <p>Give {@link #transport()} to the client. Each request goes to the first route that matches
 * it, in the order the routes were added, so add specific routes before broad ones. A request no
 * route matches fails with an {@link UnmatchedRequestException} listing the routes, unless the
 * router was built with {@link Builder#assertAllMocked assertAllMocked(false)}, which answers it
 * with an empty 200. Every request is recorded: by the router ({@link #calls()}, matched or not)
 * and by the route that answered it ({@link Route#calls()}).
 *
 * <pre>{@code
 * MockRouter router = MockRouter.builder().baseUrl("https://api.example.com").build();
 * Route user = router.get("/users/1").respondJson(200, Map.of("id", 1, "name", "Ada"));
 * router.post("/users").json(Map.of("name", "Grace")).respond(201);
 * router.get(Pattern.compile("https://api\\.example\\.com/items/\\d+"))
 *         .respondWith(req -> Response.builder().content(req.url().path()).build());
 *
 * try (AsyncClient client = AsyncClient.builder().baseUrl("https://api.example.com").transport(router.transport()).build()) {
 *     client.get("/users/1").join().raiseForStatus();
 * }
 * assertThat(user.callCount()).isEqualTo(1);
 * router.assertAllCalled();   // fails: the POST route was never called
 * }</pre>
 *
 * <p>Thread-safe: add routes before the calls start; calls may then arrive concurrently.
 */
public final class MockRouter {
    private final Url baseUrl;
    private final boolean assertAllMocked;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Request> calls = new ArrayList<>();
    private final Transport transport = MockTransport.ofAsync(this::handle);

    private MockRouter(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.assertAllMocked = builder.assertAllMocked;
    }

    /** A router with no base URL that fails unmatched requests. */
    public static MockRouter create() {
        return builder().build();
    }

    /** A builder for a router with a base URL, or one that answers unmatched requests. */
    public static Builder builder() {
        return new Builder();
    }

    /** The transport to build clients on; it answers from this router's routes. */
    public Transport transport() {
        return transport;
    }

    /** A new route matching every request until narrowed with its methods; added after the existing ones. */
    public Route route() {
        // Numbered under the list's own guard so that concurrent adds get distinct numbers.
        synchronized (routes) {
            Route route = new Route(routes.size() + 1, baseUrl);
            routes.add(route);
            return route;
        }
    }

    /** A new route for GET requests to {@code url} (see {@link Route#url(String)}). */
    public Route get(String url) {
        return route().method("GET").url(url);
    }

    /** A new route for GET requests whose URL matches {@code pattern} (see {@link Route#url(Pattern)}). */
    public Route get(Pattern pattern) {
        return route().method("GET").url(pattern);
    }

    /** A new route for POST requests to {@code url}. */
    public Route post(String url) {
        return route().method("POST").url(url);
    }

    /** A new route for POST requests whose URL matches {@code pattern}. */
    public Route post(Pattern pattern) {
        return route().method("POST").url(pattern);
    }

    /** A new route for PUT requests to {@code url}. */
    public Route put(String url) {
        return route().method("PUT").url(url);
    }

    /** A new route for PUT requests whose URL matches {@code pattern}. */
    public Route put(Pattern pattern) {
        return route().method("PUT").url(pattern);
    }

    /** A new route for PATCH requests to {@code url}. */
    public Route patch(String url) {
        return route().method("PATCH").url(url);
    }

    /** A new route for PATCH requests whose URL matches {@code pattern}. */
    public Route patch(Pattern pattern) {
        return route().method("PATCH").url(pattern);
    }

    /** A new route for DELETE requests to {@code url}. */
    public Route delete(String url) {
        return route().method("DELETE").url(url);
    }

    /** A new route for DELETE requests whose URL matches {@code pattern}. */
    public Route delete(Pattern pattern) {
        return route().method("DELETE").url(pattern);
    }

    /** The routes, in the order they are tried. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Every request the router received, matched or not, oldest first (a copy). */
    public List<Request> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * Checks that every route was called at least once.
     *
     * @throws AssertionError listing the routes never called and the requests received
     */
    public void assertAllCalled() {
        List<Route> uncalled = routes.stream().filter(route -> !route.called()).toList();
        if (uncalled.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append(uncalled.size()).append(" of ").append(routes.size())
                .append(" MockRouter routes were never called:\n");
        for (Route route : uncalled) {
            message.append("  ").append(route).append('\n');
        }
        List<Request> received = calls();
        message.append(received.isEmpty() ? "The router received no requests." : "Requests received, in order:");
        for (Request request : received) {
            message.append("\n  ").append(request.method()).append(' ').append(request.url().withoutUserInfo());
        }
        throw new AssertionError(message.toString());
    }

    /** Forgets every recorded call and rewinds every sequence; the routes stay. */
    public void reset() {
        synchronized (calls) {
            calls.clear();
        }
        routes.forEach(Route::reset);
    }

    /** {@code MockRouter[3 routes, 5 calls]}. */
    @Override
    public String toString() {
        return "MockRouter[" + routes.size() + " routes, " + calls().size() + " calls]";
    }

    private CompletionStage<Response> handle(Request request) {
        synchronized (calls) {
            calls.add(request);
        }
        for (Route route : routes) {
            if (route.matches(request)) {
                return route.handle(request);
            }
        }
        if (!assertAllMocked) {
            return CompletableFuture.completedFuture(Response.builder().build()); // MockTransport adds the request
        }
        return CompletableFuture.failedFuture(new UnmatchedRequestException(unmatchedMessage(request), request));
    }

    private String unmatchedMessage(Request request) {
        StringBuilder message = new StringBuilder("MockRouter has no route for ")
                .append(request.method()).append(' ').append(request.url().withoutUserInfo());
        if (routes.isEmpty()) {
            return message.append("; it has no routes. Add one, such as router.get(url).respond(200).").toString();
        }
        message.append("; routes, tried in order:");
        for (Route route : routes) {
            RequestMatcher mismatch = route.firstMismatch(request);
            message.append("\n  ").append(route);
            if (mismatch != null) {
                message.append("  [not: ").append(mismatch.describe()).append(']');
            }
        }
        return message.append("\nAdd a route for this request, or fix the one meant for it;")
                .append(" MockRouter.builder().assertAllMocked(false) answers unmatched requests with an empty 200.")
                .toString();
    }

    /**
     * Builds a {@link MockRouter}.
     *
     * <pre>{@code
     * MockRouter router = MockRouter.builder().baseUrl("https://api.example.com/v1").assertAllMocked(false).build();
     * }</pre>
     */
    public static final class Builder {
        private Url baseUrl;
        private boolean assertAllMocked = true;

        private Builder() {}

        /**
         * The URL that relative route URLs are joined onto, as a client joins its base URL
         * ({@code https://api.example.com/v1} and {@code /users} give {@code https://api.example.com/v1/users}).
         *
         * @throws dev.courier.InvalidUrlException when {@code baseUrl} is not an absolute URL
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Url.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
            return this;
        }

        /**
         * Whether a request no route matches fails with an {@link UnmatchedRequestException}
         * (true, the default) or gets an empty 200 (false, for tests that only care about some calls).
         */
        public Builder assertAllMocked(boolean assertAllMocked) {
            this.assertAllMocked = assertAllMocked;
            return this;
        }

        /** The router. */
        public MockRouter build() {
            return new MockRouter(this);
        }
    }
}
