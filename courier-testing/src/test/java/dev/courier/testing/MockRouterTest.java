package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.HttpStatusException;
import dev.courier.Request;
import dev.courier.Response;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockRouterTest {
    private static final String API = "https://api.example.com";

    private final MockRouter router = MockRouter.create();
    private final AsyncClient client = AsyncClient.builder().transport(router.transport()).build();

    @AfterEach
    void close() {
        client.close();
    }

    private Response get(String url) {
        return client.get(url).join();
    }

    private static Throwable failure(CompletableFuture<Response> call) {
        return assertThatThrownBy(call::join).isInstanceOf(CompletionException.class).actual().getCause();
    }

    // Matching: each condition kind, positive and negative, and first-match order.
    @Test
    void methodIsCaseInsensitiveAndMustAgree() {
        router.route().method("post").respond(201);

        assertThat(client.post(API + "/a").join().statusCode()).isEqualTo(201);
        assertThat(failure(client.get(API + "/a"))).isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void exactUrlIsNormalizedAndIgnoresTheQueryWhenItHasNone() {
        router.get("HTTPS://API.example.com:443/users/1").respond(200);

        assertThat(get(API + "/users/1").statusCode()).isEqualTo(200);
        assertThat(get(API + "/users/1?expand=true").statusCode()).isEqualTo(200);
        assertThat(failure(client.get(API + "/users/12"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get("http://api.example.com/users/1"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get("https://other.example.com/users/1")))
                .isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void exactUrlWithAQueryNeedsTheSameParametersInAnyOrder() {
        router.get(API + "/search?q=ada&page=2").respond(200);

        assertThat(get(API + "/search?page=2&q=ada").statusCode()).isEqualTo(200);
        assertThat(failure(client.get(API + "/search?q=ada"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get(API + "/search?q=ada&page=2&extra=1")))
                .isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void aPathWithoutBaseUrlMatchesOnAnyHost() {
        router.get("/health").respond(204);

        assertThat(get("https://a.example.com/health").statusCode()).isEqualTo(204);
        assertThat(get("http://b.example.com:8080/health").statusCode()).isEqualTo(204);
        assertThat(failure(client.get("https://a.example.com/healthz"))).isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void relativeUrlsJoinTheBaseUrl() {
        MockRouter based = MockRouter.builder().baseUrl(API + "/v1").build();
        based.get("/users/1").respond(200);
        try (AsyncClient c = AsyncClient.builder().transport(based.transport()).build()) {
            assertThat(c.get(API + "/v1/users/1").join().statusCode()).isEqualTo(200);
            assertThat(failure(c.get(API + "/users/1"))).isInstanceOf(UnmatchedRequestException.class);
        }
    }

    @Test
    void aRelativeUrlThatIsNotAPathIsRejectedWithAFix() {
        assertThatThrownBy(() -> router.get("users/1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/users/1'")
                .hasMessageContaining("baseUrl");
    }

    @Test
    void prefixMatchesTheOriginAndThePathStart() {
        router.route().urlPrefix(API + "/v2/").respondText(200, "v2");

        assertThat(get(API + "/v2/users?x=1").text()).isEqualTo("v2");
        assertThat(get(API + "/v2/").text()).isEqualTo("v2");
        assertThat(failure(client.get(API + "/v1/users"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get("https://evil.example.com/v2/users")))
                .isInstanceOf(UnmatchedRequestException.class);
        assertThatThrownBy(() -> router.route().urlPrefix(API + "/v2?x=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query(name, value)");
    }

    @Test
    void patternMustMatchTheWholeUrlWithOrWithoutItsQuery() {
        router.get(Pattern.compile("https://api\\.example\\.com/items/\\d+")).respond(200);

        assertThat(get(API + "/items/42").statusCode()).isEqualTo(200);
        assertThat(get(API + "/items/42?fields=name").statusCode()).isEqualTo(200);
        assertThat(failure(client.get(API + "/items/abc"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get(API + "/items/42/parts"))).isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void queryParametersAreASubset() {
        router.route().query("page", "2").query("tag", "b").respond(200);

        assertThat(get(API + "/list?tag=a&page=2&tag=b&size=10").statusCode()).isEqualTo(200);
        assertThat(failure(client.get(API + "/list?page=3&tag=b"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get(API + "/list?tag=b"))).isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void headersAreASubsetWithCaseInsensitiveNames() {
        router.route().header("x-api-key", "k").respond(200);

        assertThat(client.get(API + "/", o -> o.header("X-API-Key", "k").header("X-Other", "1")).join().statusCode())
                .isEqualTo(200);
        assertThat(failure(client.get(API + "/", o -> o.header("X-Api-Key", "K"))))
                .isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.get(API + "/"))).isInstanceOf(UnmatchedRequestException.class);
    }

    @Test
    void jsonBodyComparesAsJson() throws Exception {
        router.post(API + "/users").json(Map.of("name", "Ada", "age", 36, "tags", List.of("a", "b"))).respond(201);

        String reordered = "{\"tags\":[\"a\",\"b\"],\"age\":36.0,\"name\":\"Ada\"}";
        assertThat(client.post(API + "/users", o -> o.content(reordered)).join().statusCode()).isEqualTo(201);
        assertThat(client.post(API + "/users", o -> o.json(Map.of("name", "Ada", "age", 36, "tags", List.of("a", "b"))))
                .join().statusCode()).isEqualTo(201);
        assertThat(failure(client.post(API + "/users", o -> o.json(Map.of("name", "Ada", "age", 37,
                "tags", List.of("a", "b")))))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.post(API + "/users", o -> o.content("not json"))))
                .isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.post(API + "/users"))).isInstanceOf(UnmatchedRequestException.class);
        assertThat(failure(client.post(API + "/users", o -> o.content(new ByteArrayInputStream(
                reordered.getBytes(StandardCharsets.UTF_8)))))).isInstanceOf(UnmatchedRequestException.class);

        router.post(API + "/raw").json(new ObjectMapper().readTree("{\"a\":[1,2]}")).respond(202);
        assertThat(client.post(API + "/raw", o -> o.content("{ \"a\" : [1, 2] }")).join().statusCode()).isEqualTo(202);
    }

    @Test
    void theFirstMatchingRouteWinsInTheOrderAdded() {
        Route specific = router.get(API + "/users/1").respondText(200, "specific");
        Route broad = router.route().urlPrefix(API + "/users/").respondText(200, "broad");
        Route shadowed = router.get(API + "/users/1").respondText(200, "never");

        assertThat(get(API + "/users/1").text()).isEqualTo("specific");
        assertThat(get(API + "/users/2").text()).isEqualTo("broad");
        assertThat(specific.callCount()).isEqualTo(1);
        assertThat(broad.callCount()).isEqualTo(1);
        assertThat(shadowed.called()).isFalse();
    }

    // Responses: every kind of answer, through a real AsyncClient.
    @Test
    void aRouteWithoutAnAnswerGivesAnEmpty200() {
        router.get(API + "/");

        Response response = get(API + "/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.content()).isEmpty();
    }

    @Test
    void statusAloneCarriesTheRequestSoRaiseForStatusWorks() {
        router.get(API + "/missing").respond(404);

        Response response = get(API + "/missing");
        assertThat(response.request().url().toString()).isEqualTo(API + "/missing");
        assertThatThrownBy(response::raiseForStatus).isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("404");
    }

    @Test
    void aResponseTemplateIsCopiedForEachCall() {
        router.get(API + "/t").respond(Response.builder().status(202).header("X-Trace", "t1").content("hello").build());

        Response first = get(API + "/t");
        first.close();
        Response second = get(API + "/t");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().get("X-Trace")).isEqualTo("t1");
        assertThat(second.text()).isEqualTo("hello");
        assertThat(second.request()).isNotNull();
        assertThat(second).isNotSameAs(first);
    }

    @Test
    void aStreamingTemplateIsRefusedWithAFix() {
        Flow.Publisher<ByteBuffer> body = new SubmissionPublisher<>();
        Response streaming = Response.builder().body(body).build();

        assertThatThrownBy(() -> router.get(API + "/s").respond(streaming))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("respondWith");
    }

    @Test
    void jsonAndText() {
        router.get(API + "/json").respondJson(200, Map.of("id", 1, "name", "Ada"));
        router.get(API + "/text").respondText(418, "teapot");

        Response json = get(API + "/json");
        assertThat(json.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(json.json().get("name").asText()).isEqualTo("Ada");
        Response text = get(API + "/text");
        assertThat(text.statusCode()).isEqualTo(418);
        assertThat(text.headers().get("Content-Type")).startsWith("text/plain");
        assertThat(text.text()).isEqualTo("teapot");
    }

    @Test
    void aFunctionSeesTheRequest() {
        router.get(Pattern.compile(API.replace(".", "\\.") + "/items/\\d+"))
                .respondWith(request -> Response.builder().content("item " + request.url().path()).build());

        Response response = get(API + "/items/7");
        assertThat(response.text()).isEqualTo("item /items/7");
        assertThat(response.request()).isNotNull();
    }

    @Test
    void anAsyncFunctionAnswersLater() {
        router.get(API + "/later").respondAsync(request ->
                CompletableFuture.supplyAsync(() -> Response.builder().status(202).build()));

        assertThat(get(API + "/later").statusCode()).isEqualTo(202);
    }

    @Test
    void aFunctionThatThrowsFailsTheCallWithItsException() {
        IllegalStateException boom = new IllegalStateException("boom");
        router.get(API + "/boom").respondWith(request -> {
            throw boom;
        });

        assertThat(failure(client.get(API + "/boom"))).isSameAs(boom);
    }

    @Test
    void aFunctionReturningNullFailsClearly() {
        router.get(API + "/null").respondAsync(request -> null);

        assertThat(failure(client.get(API + "/null"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned null").hasMessageContaining(API + "/null");
    }

    @Test
    void anErrorReachesTheCallerAsItIs() {
        ConnectFailedException refused = new ConnectFailedException("refused", null);
        Route down = router.get(API + "/down").respondError(refused);

        assertThat(failure(client.get(API + "/down"))).isSameAs(refused);
        assertThat(down.callCount()).isEqualTo(1);
    }

    @Test
    void aSequenceAnswersInOrderThenFailsClearly() {
        Route flaky = router.get(API + "/flaky").respondSequence(
                Response.builder().status(503).build(), Response.builder().status(200).content("ok").build());

        assertThat(get(API + "/flaky").statusCode()).isEqualTo(503);
        assertThat(get(API + "/flaky").text()).isEqualTo("ok");
        assertThat(failure(client.get(API + "/flaky"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("used all 2 responses").hasMessageContaining("call 3");
        assertThat(flaky.callCount()).isEqualTo(3);

        router.reset();
        assertThat(flaky.callCount()).isZero();
        assertThat(get(API + "/flaky").statusCode()).isEqualTo(503);
    }

    @Test
    void anEmptySequenceIsRefused() {
        assertThatThrownBy(() -> router.get(API + "/").respondSequence())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    }

    @Test
    void theLastAnswerSetWins() {
        router.get(API + "/").respond(500).respond(204);

        assertThat(get(API + "/").statusCode()).isEqualTo(204);
    }

    // Recording: calls per route and per router, assertAllCalled, concurrency.
    @Test
    void routesAndTheRouterRecordTheirCalls() {
        Route users = router.get(API + "/users/1").respondJson(200, Map.of("id", 1));
        Route other = router.get(API + "/other");

        assertThat(users.called()).isFalse();
        get(API + "/users/1?v=1");
        get(API + "/users/1?v=2");
        failure(client.get(API + "/unknown"));

        assertThat(users.called()).isTrue();
        assertThat(users.callCount()).isEqualTo(2);
        assertThat(users.calls()).extracting(r -> r.url().query()).containsExactly("v=1", "v=2");
        assertThat(other.calls()).isEmpty();
        assertThat(router.calls()).extracting(r -> r.url().path())
                .containsExactly("/users/1", "/users/1", "/unknown");
        assertThat(router.routes()).containsExactly(users, other);
    }

    @Test
    void assertAllCalledListsTheRoutesNeverCalled() {
        router.get(API + "/users/1").respond(200);
        router.post(API + "/users").name("create user").json(Map.of("name", "Ada")).respond(201);
        router.route().header("X-Api-Key", "k").respond(200);
        get(API + "/users/1");

        assertThatThrownBy(router::assertAllCalled).isInstanceOf(AssertionError.class)
                .hasMessageContaining("2 of 3 MockRouter routes were never called")
                .hasMessageContaining("#2 'create user' POST, url " + API + "/users, json {\"name\":\"Ada\"} -> 201")
                .hasMessageContaining("#3 header X-Api-Key: k -> 200")
                .hasMessageNotContaining("#1 ")
                .hasMessageContaining("GET " + API + "/users/1");
    }

    @Test
    void assertAllCalledPassesWhenEveryRouteWasCalled() {
        router.get(API + "/a").respond(200);
        router.get(API + "/b").respond(200);
        get(API + "/a");
        get(API + "/b");

        router.assertAllCalled();
    }

    @Test
    void concurrentCallsAreAllCounted() throws Exception {
        Route counted = router.route().urlPrefix(API + "/c/").respond(200);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                calls.add(CompletableFuture.supplyAsync(() -> {
                    for (int i = 0; i < perThread; i++) {
                        client.get(API + "/c/" + thread + "/" + i).join().close();
                    }
                    return null;
                }, pool));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }

        assertThat(counted.callCount()).isEqualTo(threads * perThread);
        assertThat(router.calls()).hasSize(threads * perThread);
        assertThat(counted.calls()).extracting(Request::url).doesNotHaveDuplicates();
    }

    // Unmatched requests.
    @Test
    void theMessageNamesTheRequestAndListsEveryRouteWithItsMismatch() {
        router.get(API + "/users/1").respondJson(200, Map.of("id", 1));
        router.post(Pattern.compile(".+/users")).respond(201);
        router.route().query("page", "2").respond(200);

        Throwable failure = failure(client.get("https://user:secret@api.example.com/users/2"));

        assertThat(failure).isInstanceOf(UnmatchedRequestException.class);
        assertThat(((UnmatchedRequestException) failure).request().url().path()).isEqualTo("/users/2");
        assertThat(failure.getMessage())
                .startsWith("MockRouter has no route for GET " + API + "/users/2; routes, tried in order:")
                .contains("#1 GET, url " + API + "/users/1 -> 200 json  [not: url " + API + "/users/1]")
                .contains("#2 POST, url ~ .+/users -> 201  [not: POST]")
                .contains("#3 query page=2 -> 200  [not: query page=2]")
                .contains("assertAllMocked(false)")
                .doesNotContain("secret");
    }

    @Test
    void aRouterWithoutRoutesSaysSo() {
        assertThat(failure(client.get(API + "/"))).hasMessageContaining("it has no routes");
    }

    @Test
    void assertAllMockedFalseAnswersAnEmpty200() {
        MockRouter lenient = MockRouter.builder().assertAllMocked(false).build();
        try (AsyncClient c = AsyncClient.builder().transport(lenient.transport()).build()) {
            Response response = c.get(API + "/anything").join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.request()).isNotNull();
            assertThat(lenient.calls()).hasSize(1);
        }
    }

    // The sample of docs/testing.md, kept true here.
    @Test
    void theGuideSample() {
        MockRouter router = MockRouter.builder().baseUrl("https://api.example.com").build();
        Route user = router.get("/users/1").respondJson(200, Map.of("id", 1, "name", "Ada"));
        Route create = router.post("/users").json(Map.of("name", "Grace")).respond(201);
        router.get(Pattern.compile("https://api\\.example\\.com/items/\\d+"))
                .respondWith(request -> Response.builder().content("item " + request.url().path()).build());
        router.route().urlPrefix("/v2/").header("X-Api-Key", "k").respondText(200, "ok");

        try (AsyncClient client = AsyncClient.builder().transport(router.transport()).build()) {
            client.get("https://api.example.com/users/1").join().raiseForStatus();
            client.post("https://api.example.com/users", o -> o.json(Map.of("name", "Grace"))).join();
            assertThat(client.get("https://api.example.com/v2/x", o -> o.header("X-Api-Key", "k")).join().text())
                    .isEqualTo("ok");
        }

        assertThat(user.callCount()).isEqualTo(1);
        assertThat(create.calls().get(0).headers().get("Content-Type")).isEqualTo("application/json");
        assertThatThrownBy(router::assertAllCalled).isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of 4 MockRouter routes were never called")
                .hasMessageContaining("#3 GET, url ~ https://api\\.example\\.com/items/\\d+ -> respondWith");
    }
}
