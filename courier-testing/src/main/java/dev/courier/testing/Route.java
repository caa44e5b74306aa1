package dev.courier.testing;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Url;
import dev.courier.testing.internal.router.Matchers;
import dev.courier.testing.internal.router.RequestMatcher;
import dev.courier.testing.internal.router.Responder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One route of a {@link MockRouter}: the conditions a request must meet, the answer it gets, and
 * the requests that got it.
 *
 * <p>Narrow a route with {@link #method}, {@link #url}, {@link #urlPrefix}, {@link #query},
 * {@link #header} and {@link #json}; each call adds a condition and a request must meet them all
 * (a route with none matches every request). Set its answer with one of the {@code respond}
 * methods; the last one set wins, and a route with none answers an empty 200. After the calls,
 * ask it what it received with {@link #called()}, {@link #callCount()} and {@link #calls()}.
 *
 * <pre>{@code
 * Route create = router.post("https://api.example.com/users")
 *         .header("Authorization", "Bearer t")
 *         .json(Map.of("name", "Ada"))
 *         .respondJson(201, Map.of("id", 7));
 * // ... run the code under test ...
 * assertThat(create.callCount()).isEqualTo(1);
 * assertThat(create.calls().get(0).headers().get("Content-Type")).isEqualTo("application/json");
 * }</pre>
 *
 * <p>Configure routes before sending requests; matching and recording are thread-safe, so calls may
 * arrive concurrently.
 */
public final class Route {
    private final int number;
    private final Url base;
    private final Object lock = new Object();
    // Replaced, never mutated, so that matching reads a consistent list without the lock.
    private volatile List<RequestMatcher> matchers = List.of();
    private volatile Responder responder = Responder.fixed(Response.builder().build(), "200");
    private volatile String name;
    private final List<Request> calls = new ArrayList<>();

    Route(int number, Url base) {
        this.number = number;
        this.base = base;
    }

    /** A name for this route in failure messages, in place of its number alone. */
    public Route name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** Requests with this method, in any case ({@code "get"} matches GET). */
    public Route method(String method) {
        return add(Matchers.method(method));
    }

    /**
     * Requests to this URL: the same scheme, host, port and path once both are normalized (so
     * {@code HTTPS://API.example.com:443/a} is {@code https://api.example.com/a}). When {@code url}
     * has a query, the request's parameters must be exactly those, in any order; when it has none,
     * the request's query is not looked at (add {@link #query} for that).
     *
     * <p>A relative {@code url} is joined onto the router's base URL as a client's base URL is; on a
     * router without one, a path such as {@code /users/1} matches that path on any host.
     *
     * @throws IllegalArgumentException when {@code url} is relative, has no base URL to join, and
     *     does not start with {@code /}
     */
    public Route url(String url) {
        return add(Matchers.url(url, base));
    }

    /**
     * Requests whose whole URL, with or without its query, matches {@code pattern}
     * ({@link java.util.regex.Matcher#matches}, not {@code find}); the router's base URL does not apply.
     *
     * <pre>{@code
     * route.url(Pattern.compile("https://api\\.example\\.com/items/\\d+"));
     * }</pre>
     */
    public Route url(Pattern pattern) {
        return add(Matchers.urlPattern(pattern));
    }

    /**
     * Requests to a URL under {@code prefix}: the same origin and a path that starts with the
     * prefix's path (as text: {@code /v2} also covers {@code /v2beta}; end it with {@code /} to
     * mean a directory). Relative prefixes work as in {@link #url(String)}.
     *
     * @throws IllegalArgumentException when {@code prefix} has a query (use {@link #query} instead)
     */
    public Route urlPrefix(String prefix) {
        return add(Matchers.urlPrefix(prefix, base));
    }

    /** Requests whose query has the parameter {@code name} with {@code value}; other parameters may be present. */
    public Route query(String name, String value) {
        return add(Matchers.query(name, value));
    }

    /**
     * Requests with a header {@code name} (in any case) holding {@code value} exactly; other headers
     * may be present.
     */
    public Route header(String name, String value) {
        return add(Matchers.header(name, value));
    }

    /**
     * Requests whose body, parsed as JSON, equals {@code value} converted with Jackson: maps, lists,
     * records, beans, or a {@link com.fasterxml.jackson.databind.JsonNode} as it is. Object keys
     * may come in any order and numbers compare by value. A body that is not JSON, is empty, or
     * streams from a source never matches.
     */
    public Route json(Object value) {
        return add(Matchers.json(value));
    }

    /** Answers with an empty response of this status. */
    public Route respond(int status) {
        return answer(Responder.fixed(Response.builder().status(status).build(), String.valueOf(status)));
    }

    /**
     * Answers every call with a copy of {@code response} that carries the call's request.
     *
     * @throws IllegalArgumentException when the response's body streams, so could be read only once
     *     (build one per call with {@link #respondWith})
     */
    public Route respond(Response response) {
        Objects.requireNonNull(response, "response");
        return answer(Responder.fixed(response, response.statusCode() + " response"));
    }

    /** Answers with {@code body} written as JSON and {@code Content-Type: application/json}. */
    public Route respondJson(int status, Object body) {
        // Built now, so that a body Jackson cannot write fails here rather than inside a call.
        return answer(Responder.fixed(Response.builder().status(status).json(body).build(), status + " json"));
    }

    /** Answers with {@code text} in UTF-8 and {@code Content-Type: text/plain; charset=utf-8}. */
    public Route respondText(int status, String text) {
        return answer(Responder.fixed(Response.builder().status(status).content(text).build(), status + " text"));
    }

    /**
     * Answers with what {@code handler} returns for the request; an exception it throws fails the
     * call with that exception.
     *
     * <pre>{@code
     * route.respondWith(request -> Response.builder().json(Map.of("echo", request.url().query())).build());
     * }</pre>
     */
    public Route respondWith(Function<Request, Response> handler) {
        Objects.requireNonNull(handler, "handler");
        return answer(Responder.function(request -> CompletableFuture.completedFuture(handler.apply(request)),
                "respondWith"));
    }

    /** Answers with the response {@code handler}'s stage completes with, or fails with its failure. */
    public Route respondAsync(Function<Request, ? extends CompletionStage<Response>> handler) {
        return answer(Responder.function(handler, "respondAsync"));
    }

    /**
     * Answers the first call with the first response, the second with the second, and so on, each a
     * copy carrying its request. A call after the last one fails with an
     * {@link IllegalStateException} that says so, because a test that sends more requests than it
     * planned usually has a bug; {@link MockRouter#reset()} starts the sequence again.
     *
     * <pre>{@code
     * route.respondSequence(Response.builder().status(503).build(), Response.builder().status(200).build());
     * }</pre>
     */
    public Route respondSequence(Response... responses) {
        return answer(Responder.sequence(Arrays.asList(responses)));
    }

    /**
     * Fails every call with {@code error}: the caller's future completes exceptionally with this
     * same exception, as if the transport had failed (a {@link dev.courier.ConnectFailedException},
     * a {@link dev.courier.ReadTimeoutException} and so on).
     */
    public Route respondError(Throwable error) {
        return answer(Responder.error(error));
    }

    /** True when at least one request matched this route. */
    public boolean called() {
        return callCount() > 0;
    }

    /** How many requests matched this route. */
    public int callCount() {
        synchronized (lock) {
            return calls.size();
        }
    }

    /** The requests that matched this route, oldest first (a copy). */
    public List<Request> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** {@code #1 GET url https://api.example.com/users/1 -> 200 json}. */
    @Override
    public String toString() {
        String conditions = matchers.isEmpty() ? "any request"
                : matchers.stream().map(RequestMatcher::describe).collect(Collectors.joining(", "));
        return "#" + number + (name == null ? "" : " '" + name + "'") + " " + conditions + " -> " + responder.describe();
    }

    boolean matches(Request request) {
        return firstMismatch(request) == null;
    }

    /** The first condition {@code request} fails, or null when it meets them all. */
    RequestMatcher firstMismatch(Request request) {
        for (RequestMatcher matcher : matchers) {
            if (!matcher.matches(request)) {
                return matcher;
            }
        }
        return null;
    }

    CompletionStage<Response> handle(Request request) {
        synchronized (lock) {
            calls.add(request);
        }
        return responder.respond(request);
    }

    void reset() {
        synchronized (lock) {
            calls.clear();
        }
        responder.reset();
    }

    private Route add(RequestMatcher matcher) {
        synchronized (lock) {
            List<RequestMatcher> next = new ArrayList<>(matchers);
            next.add(matcher);
            matchers = List.copyOf(next);
        }
        return this;
    }

    private Route answer(Responder next) {
        responder = next;
        return this;
    }
}
