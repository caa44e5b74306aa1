package dev.courier.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.DecodingException;
import dev.courier.Limits;
import dev.courier.RequestOptions;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.Timeout;
import dev.courier.auth.Auth;
import dev.courier.internal.Json;
import dev.courier.internal.service.ApiErrors;
import dev.courier.internal.service.BoundedGather;
import dev.courier.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An asynchronous client for one JSON REST API: a base URL, a bearer token, JSON in and out, typed
 * errors, and retries on by default.
 *
 * <p>Each verb sends JSON ({@code data}, written by Jackson) and parses the JSON answer: into a
 * {@code JsonNode}, or into your type with the typed overloads. A 2xx answer completes the future
 * with an {@link ApiResponse}; any other status fails it with the {@link ApiException} the status
 * names (as the cause of the {@code CompletionException} that {@code join()} throws), and a
 * transport failure with Courier's {@link dev.courier.RequestException} (connect, timeout, ...).
 *
 * <p>Defaults: 30 s timeout (each of connect, read, write and pool), TLS verified, redirects
 * followed, 3 retries starting 1 s apart (see {@link Retry} for what is retried: connect failures
 * for every method; read failures and 429/502/503/504 for idempotent ones), HTTP/1.1,
 * 100 connections with 20 kept alive, {@code Accept: application/json}. It is built on an
 * {@link AsyncClient}, which {@link #client()} gives for anything else (streaming, forms, files),
 * and it owns its connection pool: {@link #close()} releases everything. Thread-safe; share one
 * per API.
 *
 * <pre>{@code
 * try (ServiceClient api = ServiceClient.builder("https://api.example.com/v1")
 *         .authToken(System.getenv("API_TOKEN"))
 *         .timeout(Duration.ofSeconds(10))
 *         .build()) {
 *     ApiResponse<JsonNode> users = api.get("/users", Map.of("active", true)).join();
 *     User created = api.post("/users", new User("Ada"), User.class).join().data();
 *     api.delete("/users/" + created.id()).join();
 * }
 * }</pre>
 */
public final class ServiceClient implements AutoCloseable {
    private static final TypeReference<JsonNode> JSON_NODE = new TypeReference<>() {};

    private final AsyncClient client;

    private ServiceClient(AsyncClient client) {
        this.client = client;
    }

    /** A builder for a client of the API at {@code baseUrl}; endpoints are joined to it (its path acts as a directory). */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** GET {@code endpoint}. */
    public CompletableFuture<ApiResponse<JsonNode>> get(String endpoint) {
        return get(endpoint, null);
    }

    /** GET {@code endpoint} with query parameters ({@code params} may be null; a null value is a key-only parameter). */
    public CompletableFuture<ApiResponse<JsonNode>> get(String endpoint, Map<String, ?> params) {
        return request("GET", endpoint, params(params), JSON_NODE);
    }

    /** GET {@code endpoint}, parsing the answer into {@code type}. */
    public <T> CompletableFuture<ApiResponse<T>> get(String endpoint, Map<String, ?> params, Class<T> type) {
        return request("GET", endpoint, params(params), typeOf(type));
    }

    /** POST {@code data} as JSON to {@code endpoint} (null: no body). */
    public CompletableFuture<ApiResponse<JsonNode>> post(String endpoint, Object data) {
        return request("POST", endpoint, json(data), JSON_NODE);
    }

    /** POST {@code data} as JSON to {@code endpoint}, parsing the answer into {@code type}. */
    public <T> CompletableFuture<ApiResponse<T>> post(String endpoint, Object data, Class<T> type) {
        return request("POST", endpoint, json(data), typeOf(type));
    }

    /** PUT {@code data} as JSON to {@code endpoint} (null: no body). */
    public CompletableFuture<ApiResponse<JsonNode>> put(String endpoint, Object data) {
        return request("PUT", endpoint, json(data), JSON_NODE);
    }

    /** PUT {@code data} as JSON to {@code endpoint}, parsing the answer into {@code type}. */
    public <T> CompletableFuture<ApiResponse<T>> put(String endpoint, Object data, Class<T> type) {
        return request("PUT", endpoint, json(data), typeOf(type));
    }

    /** PATCH {@code endpoint} with {@code data} as JSON (null: no body). */
    public CompletableFuture<ApiResponse<JsonNode>> patch(String endpoint, Object data) {
        return request("PATCH", endpoint, json(data), JSON_NODE);
    }

    /** PATCH {@code endpoint} with {@code data} as JSON, parsing the answer into {@code type}. */
    public <T> CompletableFuture<ApiResponse<T>> patch(String endpoint, Object data, Class<T> type) {
        return request("PATCH", endpoint, json(data), typeOf(type));
    }

    /** DELETE {@code endpoint}. */
    public CompletableFuture<ApiResponse<JsonNode>> delete(String endpoint) {
        return request("DELETE", endpoint, null, JSON_NODE);
    }

    /** DELETE {@code endpoint}, parsing the answer into {@code type}. */
    public <T> CompletableFuture<ApiResponse<T>> delete(String endpoint, Class<T> type) {
        return request("DELETE", endpoint, null, typeOf(type));
    }

    /**
     * Sends any request, with any options (headers, a form, an {@code Idempotency-Key}...), parsing
     * the answer into {@code type}, which may be generic:
     * {@code request("GET", "/users", null, new TypeReference<List<User>>() {})}.
     */
    public <T> CompletableFuture<ApiResponse<T>> request(String method, String endpoint, Consumer<RequestOptions> options,
            TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        return client.request(method, endpoint, options).thenApply(response -> answer(response, type));
    }

    /**
     * Runs {@code call} for every item with at most {@code maxConcurrency} calls in flight, and
     * completes with the results in the items' order. The first failure fails the whole (no further
     * call starts; those in flight finish unobserved), and so does cancelling the returned future.
     *
     * <pre>{@code
     * List<ApiResponse<User>> users = ServiceClient.gather(ids, 10, id -> api.get("/users/" + id, null, User.class)).join();
     * }</pre>
     */
    public static <I, T> CompletableFuture<List<T>> gather(Collection<? extends I> items, int maxConcurrency,
            Function<? super I, ? extends CompletionStage<? extends T>> call) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(call, "call");
        return BoundedGather.run(items, maxConcurrency, call);
    }

    /** The underlying client, with this one's base URL, headers, auth, timeout and retries. */
    public AsyncClient client() {
        return client;
    }

    /** Closes the client and its connections; later calls fail. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    private static <T> ApiResponse<T> answer(Response response, TypeReference<T> type) {
        if (!response.isSuccess()) {
            throw ApiErrors.of(response);
        }
        byte[] content = response.content();
        T data = null;
        if (content.length > 0) {
            try {
                data = Json.mapper().readValue(content, type);
            } catch (IOException e) {
                throw new DecodingException("The " + response.statusCode() + " answer to " + response.request().method()
                        + " " + response.url().withoutUserInfo() + " is not the JSON expected (" + type.getType().getTypeName()
                        + "): " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                        : e.getMessage()), response.request(), e);
            }
        }
        return new ApiResponse<>(data, response.statusCode(), response.headers());
    }

    private static <T> TypeReference<T> typeOf(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return new TypeReference<>() {
            @Override
            public java.lang.reflect.Type getType() {
                return type;
            }
        };
    }

    private static Consumer<RequestOptions> params(Map<String, ?> params) {
        return params == null ? null : o -> o.params(params);
    }

    private static Consumer<RequestOptions> json(Object data) {
        return data == null ? null : o -> o.json(data);
    }

    /**
     * Builds a {@link ServiceClient}; one setter per option, each with the default of the REST
     * clients it follows.
     *
     * <pre>{@code
     * ServiceClient api = ServiceClient.builder("https://api.example.com/v1")
     *         .authToken(token)
     *         .timeout(Duration.ofSeconds(10))
     *         .maxRetries(5).retryDelay(Duration.ofMillis(200))
     *         .http2(true)
     *         .maxConnections(50).maxKeepaliveConnections(10)
     *         .headers(Map.of("X-Client", "billing"))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final String baseUrl;
        private String authToken;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean followRedirects = true;
        private int maxRetries = 3;
        private Duration retryDelay = Duration.ofSeconds(1);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean verifySsl = true;
        private boolean http2;
        private int maxConnections = 100;
        private int maxKeepaliveConnections = 20;
        private boolean networkOptionSet;
        private Transport transport;
        private Consumer<AsyncClient.Builder> configure;

        private Builder(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /** A token sent as {@code Authorization: Bearer <token>} (never across origins on redirects); none unless set. */
        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        /** The limit on each of connect, read (between bytes), write and waiting for a connection; 30 s unless set. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Whether TLS certificates and host names are checked; true unless set. */
        public Builder verifySsl(boolean verifySsl) {
            this.verifySsl = verifySsl;
            this.networkOptionSet = true;
            return this;
        }

        /** Whether redirects are followed; true unless set. */
        public Builder followRedirects(boolean followRedirects) {
            this.followRedirects = followRedirects;
            return this;
        }

        /** The most retries after the first try (0: none); 3 unless set. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * The wait before the first retry, doubling for each next one (up to 30 s, or this delay when
         * longer), with full jitter; 1 s unless set. A {@code Retry-After} from the server wins.
         */
        public Builder retryDelay(Duration retryDelay) {
            Objects.requireNonNull(retryDelay, "retryDelay");
            if (retryDelay.isNegative()) {
                throw new IllegalArgumentException("retryDelay must not be negative: " + retryDelay);
            }
            this.retryDelay = retryDelay;
            return this;
        }

        /** Whether HTTP/2 is offered (by ALPN, on https); false unless set, as in httpx. */
        public Builder http2(boolean http2) {
            this.http2 = http2;
            this.networkOptionSet = true;
            return this;
        }

        /** The most connections open at once; 100 unless set. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            this.networkOptionSet = true;
            return this;
        }

        /** The most idle connections kept for reuse; 20 unless set. */
        public Builder maxKeepaliveConnections(int maxKeepaliveConnections) {
            this.maxKeepaliveConnections = maxKeepaliveConnections;
            this.networkOptionSet = true;
            return this;
        }

        /** Headers sent with every call, replacing defaults of the same name. */
        public Builder headers(Map<String, String> headers) {
            this.headers.putAll(headers);
            return this;
        }

        /**
         * The transport to send through instead of a network transport of the client's own (a
         * {@code MockTransport} in tests, a shared {@code HttpTransport}); the network options
         * (verifySsl, http2, maxConnections, maxKeepaliveConnections) then belong on it.
         */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Sets any other {@link AsyncClient} option (an event listener, hooks, a CA bundle, a full
         * {@link Retry} policy...); applied after the options above, so it wins over them.
         */
        public Builder configure(Consumer<AsyncClient.Builder> configure) {
            this.configure = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException when network options are combined with {@link #transport}
         * @throws IllegalArgumentException for an invalid base URL, token or limit
         */
        public ServiceClient build() {
            AsyncClient.Builder b = AsyncClient.builder()
                    .baseUrl(baseUrl)
                    .header("Accept", "application/json")
                    .headers(headers)
                    .timeout(Timeout.of(timeout))
                    .followRedirects(followRedirects)
                    .retry(maxRetries == 0 ? Retry.none() : Retry.of(maxRetries)
                            .withBackoff(retryDelay, 2.0, retryDelay.compareTo(Duration.ofSeconds(30)) > 0
                                    ? retryDelay : Duration.ofSeconds(30)));
            if (authToken != null) {
                b.auth(Auth.bearer(authToken));
            }
            if (transport != null) {
                if (networkOptionSet) {
                    throw new IllegalStateException("verifySsl, http2, maxConnections and maxKeepaliveConnections configure "
                            + "the client's own network transport; with transport(...) set them on that transport instead");
                }
                b.transport(transport);
            } else {
                b.limits(Limits.of(maxConnections, maxKeepaliveConnections)).verify(verifySsl).http2(http2);
            }
            if (configure != null) {
                configure.accept(b);
            }
            return new ServiceClient(b.build());
        }
    }
}
