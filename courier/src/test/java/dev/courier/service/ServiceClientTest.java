package dev.courier.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.ConnectFailedException;
import dev.courier.DecodingException;
import dev.courier.HttpStatusException;
import dev.courier.Response;
import dev.courier.transport.MockTransport;
import dev.courier.support.servers.JettyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ServiceClient against a JSON API on loopback: the verbs, typed answers, every error mapping, retries, gather. */
class ServiceClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record User(int id, String name) {}

    private static final AtomicInteger flakyHits = new AtomicInteger();
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostInFlight = new AtomicInteger();
    private static JettyServer server;

    @BeforeAll
    static void start() {
        server = JettyServer.builder()
                .route("/api/echo", ServiceClientTest::echo)
                .route("/api/users/{id}", (request, response, callback) -> {
                    switch (request.getMethod()) {
                        case "GET" -> json(response, callback, 200, Map.of("id", Integer.parseInt(JettyServer.param(request, "id")),
                                "name", "Ada"));
                        case "DELETE" -> {
                            response.setStatus(204);
                            response.write(true, ByteBuffer.allocate(0), callback);
                        }
                        default -> echo(request, response, callback);
                    }
                })
                .route("/api/users", (request, response, callback) -> {
                    if (request.getMethod().equals("POST")) {
                        JsonNode body = JSON.readTree(Content.Source.asInputStream(request));
                        json(response, callback, 201, Map.of("id", 2, "name", body.path("name").asText()));
                    } else {
                        json(response, callback, 200, List.of(Map.of("id", 1, "name", "Ada"), Map.of("id", 2, "name", "Grace")));
                    }
                })
                .route("/api/status/{code}", ServiceClientTest::errorStatus)
                .route("/api/flaky", (request, response, callback) -> {
                    if (flakyHits.incrementAndGet() <= 2) {
                        json(response, callback, 503, Map.of("detail", "warming up"));
                    } else {
                        json(response, callback, 200, Map.of("ok", true));
                    }
                })
                .route("/api/text", (request, response, callback) -> {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html");
                    Content.Sink.write(response, true, "<html>not json</html>", callback);
                })
                .route("/api/slow/{i}", (request, response, callback) -> {
                    int now = inFlight.incrementAndGet();
                    mostInFlight.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(20);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                    json(response, callback, 200, Map.of("i", Integer.parseInt(JettyServer.param(request, "i"))));
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void echo(Request request, org.eclipse.jetty.server.Response response, Callback callback) throws Exception {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", request.getMethod());
        out.put("query", request.getHttpURI().getQuery());
        out.put("authorization", request.getHeaders().get("Authorization"));
        out.put("accept", request.getHeaders().get("Accept"));
        out.put("contentType", request.getHeaders().get("Content-Type"));
        out.put("client", request.getHeaders().get("X-Client"));
        out.put("body", body.isEmpty() ? null : JSON.readTree(body));
        json(response, callback, 200, out);
    }

    private static void json(org.eclipse.jetty.server.Response response, Callback callback, int status, Object value)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Error bodies in the shapes real frameworks send. */
    private static void errorStatus(Request request, org.eclipse.jetty.server.Response response, Callback callback)
            throws IOException {
        int code = Integer.parseInt(JettyServer.param(request, "code"));
        switch (code) {
            case 400 -> json(response, callback, 400, Map.of("email", List.of("Enter a valid email address."),
                    "name", List.of("This field is required.", "Too short.")));
            case 422 -> json(response, callback, 422, Map.of("detail", List.of(
                    Map.of("loc", List.of("body", "address", "zip"), "msg", "Field required", "type", "missing"))));
            case 401 -> json(response, callback, 401, Map.of("detail", "Invalid token."));
            case 403 -> json(response, callback, 403, Map.of("message", "You may not delete this user"));
            case 404 -> json(response, callback, 404, Map.of("detail", "Not found."));
            case 409 -> json(response, callback, 409, Map.of("error", Map.of("message", "Version conflict")));
            case 429 -> {
                response.getHeaders().put("Retry-After", "7");
                json(response, callback, 429, Map.of("detail", "Slow down"));
            }
            case 500, 502, 503 -> {
                response.setStatus(code);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                Content.Sink.write(response, true, "upstream\r\ndown", callback);
            }
            default -> json(response, callback, code, Map.of());
        }
    }

    private static ServiceClient.Builder api() {
        return ServiceClient.builder(server.url("/api")).retryDelay(Duration.ofMillis(10));
    }

    private static Throwable failureOf(java.util.concurrent.CompletableFuture<?> call) {
        try {
            call.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void eachVerbSendsJsonAndParsesTheAnswer() {
        try (ServiceClient client = api().authToken("t0ken").headers(Map.of("X-Client", "tests")).build()) {
            ApiResponse<JsonNode> got = client.get("/echo", Map.of("active", true, "page", 2)).join();
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(got.data().get("query").asText().split("&")).containsExactlyInAnyOrder("active=true", "page=2");
            assertThat(got.data().get("authorization").asText()).isEqualTo("Bearer t0ken");
            assertThat(got.data().get("accept").asText()).isEqualTo("application/json");
            assertThat(got.data().get("client").asText()).isEqualTo("tests");

            for (String verb : List.of("POST", "PUT", "PATCH")) {
                Map<String, Object> data = Map.of("name", "Grace", "verb", verb);
                ApiResponse<JsonNode> sent = switch (verb) {
                    case "POST" -> client.post("/echo", data).join();
                    case "PUT" -> client.put("/echo", data).join();
                    default -> client.patch("/echo", data).join();
                };
                assertThat(sent.data().get("method").asText()).isEqualTo(verb);
                assertThat(sent.data().get("contentType").asText()).startsWith("application/json");
                assertThat(sent.data().get("body")).isEqualTo(JSON.valueToTree(data));
            }

            ApiResponse<JsonNode> deleted = client.delete("/users/1").join();
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.data()).isNull();
        }
    }

    @Test
    void typedOverloadsParseIntoTheGivenType() {
        try (ServiceClient client = api().build()) {
            ApiResponse<User> ada = client.get("/users/1", null, User.class).join();
            assertThat(ada.data()).isEqualTo(new User(1, "Ada"));

            ApiResponse<User> created = client.post("/users", Map.of("name", "Grace"), User.class).join();
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.data()).isEqualTo(new User(2, "Grace"));

            assertThat(client.put("/users/1", new User(1, "Ada L."), JsonNode.class).join().data().get("body").get("name")
                    .asText()).isEqualTo("Ada L.");
            assertThat(client.patch("/users/1", Map.of("name", "A"), JsonNode.class).join().data().get("method").asText())
                    .isEqualTo("PATCH");
            assertThat(client.delete("/users/1", User.class).join().data()).isNull();

            ApiResponse<List<User>> all = client.request("GET", "/users", null, new TypeReference<List<User>>() {}).join();
            assertThat(all.data()).containsExactly(new User(1, "Ada"), new User(2, "Grace"));
        }
    }

    @Test
    void aBodyThatIsNotTheJsonExpectedIsADecodingException() {
        try (ServiceClient client = api().build()) {
            assertThat(failureOf(client.get("/text"))).isInstanceOf(DecodingException.class)
                    .hasMessageContaining("is not the JSON expected");
            assertThat(failureOf(client.get("/users", null, User.class))).isInstanceOf(DecodingException.class)
                    .hasMessageContaining("User");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "400, ValidationException, Enter a valid email address.",
        "422, ValidationException, address.zip: Field required",
        "401, AuthenticationException, Invalid token.",
        "403, PermissionDeniedException, You may not delete this user",
        "404, NotFoundException, Not found.",
        "409, ConflictException, Version conflict",
        "429, RateLimitException, Slow down (retry after 7 s)",
        "500, ServerErrorException, upstream down",
        "502, ServerErrorException, upstream down",
        "503, ServerErrorException, upstream down",
        "418, ApiException, 418",
        "405, ApiException, 405",
    })
    void everyErrorStatusMapsToItsException(int status, String type, String said) {
        try (ServiceClient client = api().maxRetries(0).build()) {
            Throwable failure = failureOf(client.get("/status/" + status));

            assertThat(failure.getClass().getSimpleName()).isEqualTo(type);
            ApiException api = (ApiException) failure;
            assertThat(api).isInstanceOf(HttpStatusException.class);
            assertThat(api.statusCode()).isEqualTo(status);
            assertThat(api.request().method()).isEqualTo("GET");
            assertThat(api.request().url().path()).isEqualTo("/api/status/" + status);
            assertThat(api.response().statusCode()).isEqualTo(status);
            assertThat(api.getMessage()).startsWith(status + " ").contains("for GET http://127.0.0.1:")
                    .contains(said).doesNotContain("\r", "\n");
        }
    }

    @Test
    void errorBodiesAreParsedAndFieldErrorsRead() {
        try (ServiceClient client = api().maxRetries(0).build()) {
            ValidationException drf = (ValidationException) failureOf(client.post("/status/400", Map.of("email", "x")));
            assertThat(drf.fieldErrors()).containsOnlyKeys("email", "name");
            assertThat(drf.fieldErrors().get("name")).containsExactly("This field is required.", "Too short.");
            assertThat(drf.body().get("email").get(0).asText()).isEqualTo("Enter a valid email address.");

            ValidationException fastApi = (ValidationException) failureOf(client.post("/status/422", Map.of()));
            assertThat(fastApi.fieldErrors()).containsExactly(Map.entry("address.zip", List.of("Field required")));

            RateLimitException limited = (RateLimitException) failureOf(client.get("/status/429"));
            assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(limited.body().get("detail").asText()).isEqualTo("Slow down");

            ServerErrorException down = (ServerErrorException) failureOf(client.get("/status/500"));
            assertThat(down.body().isTextual()).isTrue();
            assertThat(down.body().asText()).isEqualTo("upstream\r\ndown");

            ApiException teapot = (ApiException) failureOf(client.get("/status/418"));
            assertThat(teapot.body().isObject()).isTrue();
        }
    }

    @Test
    void aFlakyEndpointIsRetriedWithTheConfiguredDelay() {
        flakyHits.set(0);
        try (ServiceClient client = api().maxRetries(3).build()) {
            ApiResponse<JsonNode> r = client.get("/flaky").join();
            assertThat(r.data().get("ok").asBoolean()).isTrue();
            assertThat(flakyHits.get()).isEqualTo(3);
        }
        flakyHits.set(0);
        try (ServiceClient client = api().maxRetries(1).build()) {
            ServerErrorException down = (ServerErrorException) failureOf(client.get("/flaky"));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.response().attempts()).isEqualTo(2);
            assertThat(down.getMessage()).contains("warming up");
        }
    }

    @Test
    void aConnectFailureSurfacesAsCouriersExceptionAfterTheRetries() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        try (ServiceClient client = ServiceClient.builder("http://127.0.0.1:" + port + "/api")
                .maxRetries(2).retryDelay(Duration.ofMillis(5)).build()) {
            Throwable failure = failureOf(client.post("/orders", Map.of("id", 1)));
            assertThat(failure).isInstanceOf(ConnectFailedException.class);
            assertThat(((ConnectFailedException) failure).attempts()).isEqualTo(3);
        }
    }

    @Test
    void gatherNeverHasMoreInFlightThanAskedAndKeepsTheOrder() {
        mostInFlight.set(0);
        List<Integer> ids = IntStream.range(0, 24).boxed().toList();
        try (ServiceClient client = api().build()) {
            List<ApiResponse<JsonNode>> answers = ServiceClient.gather(ids, 3, i -> client.get("/slow/" + i)).join();

            assertThat(answers).extracting(a -> a.data().get("i").asInt()).containsExactlyElementsOf(ids);
            assertThat(mostInFlight.get()).isBetween(1, 3);
        }
    }

    @Test
    void gatherFailsWithTheFirstFailure() {
        try (ServiceClient client = api().maxRetries(0).build()) {
            List<String> paths = List.of("/users/1", "/status/404", "/users/2");
            Throwable failure = failureOf(ServiceClient.gather(paths, 1, client::get));
            assertThat(failure).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void closeReleasesEverything() {
        ServiceClient client = api().build();
        assertThat(client.get("/users/1").join().statusCode()).isEqualTo(200);
        client.close();
        client.close();
        assertThat(client.client().isClosed()).isTrue();
        assertThat(failureOf(client.get("/users/1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTransportOfYourOwnTakesNoNetworkOptions() {
        MockTransport mock = MockTransport.of(r -> Response.builder().json(Map.of("mocked", true)).build());
        try (ServiceClient client = ServiceClient.builder("https://api.example.com").transport(mock).build()) {
            assertThat(client.get("/anything").join().data().get("mocked").asBoolean()).isTrue();
        }
        assertThatThrownBy(() -> ServiceClient.builder("https://api.example.com").transport(mock).http2(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transport(...)");
    }

    @Test
    void defaultsAreTheReferences() {
        try (ServiceClient client = api().build()) {
            assertThat(client.client().timeout().read()).isEqualTo(Duration.ofSeconds(30));
            assertThat(client.client().retry().maxRetries()).isEqualTo(3);
            assertThat(client.client().headers().get("Accept")).isEqualTo("application/json");
        }
        try (ServiceClient client = ServiceClient.builder("https://api.example.com").build()) {
            assertThat(client.client().retry().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        }
    }
}
