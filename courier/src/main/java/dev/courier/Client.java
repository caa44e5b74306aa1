package dev.courier;

import dev.courier.auth.Auth;
import dev.courier.internal.Futures;
import dev.courier.internal.IoThreads;
import dev.courier.transport.App;
import dev.courier.transport.Transport;
import java.nio.charset.Charset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The blocking HTTP client: the same surface as {@link AsyncClient}, returning responses instead of
 * futures. It is a thin facade over one {@code AsyncClient}, not a second implementation.
 *
 * <p>Meant for plain threads and virtual threads: waiting parks the calling thread without pinning
 * a virtual thread's carrier, and an interrupt cancels the request. Failures are thrown as they are
 * (a {@link CourierException}, {@link IllegalArgumentException} or {@link IllegalStateException}),
 * not wrapped. Calling it on an I/O thread is refused with an {@link IllegalStateException}, since
 * blocking there would stall every connection the thread serves.
 *
 * <pre>{@code
 * try (Client client = Client.builder().baseUrl("https://api.example.com").transport(t).build();
 *      var executor = Executors.newVirtualThreadPerTaskExecutor()) {
 *     Future<String> name = executor.submit(() -> client.get("/users/1").json().get("name").asText());
 *     try (Response big = client.stream("GET", "/export.csv");
 *          InputStream in = big.bodyStream()) {
 *         in.transferTo(Files.newOutputStream(Path.of("export.csv")));
 *     }
 * }
 * }</pre>
 */
public final class Client implements AutoCloseable {
    private final AsyncClient async;

    private Client(AsyncClient async) {
        this.async = async;
    }

    /** A blocking facade over {@code async}; closing it closes {@code async}. */
    public static Client of(AsyncClient async) {
        return new Client(Objects.requireNonNull(async, "async"));
    }

    /** A client with every default. */
    public static Client create() {
        return builder().build();
    }

    /** A builder with the same options as {@link AsyncClient.Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The asynchronous client behind this one. */
    public AsyncClient async() {
        return async;
    }

    /** GET {@code url}. */
    public Response get(String url) {
        return await(async.get(url));
    }

    /** GET {@code url} with options. */
    public Response get(String url, Consumer<RequestOptions> options) {
        return await(async.get(url, options));
    }

    /** POST to {@code url}. */
    public Response post(String url) {
        return await(async.post(url));
    }

    /** POST to {@code url} with options. */
    public Response post(String url, Consumer<RequestOptions> options) {
        return await(async.post(url, options));
    }

    /** PUT to {@code url}. */
    public Response put(String url) {
        return await(async.put(url));
    }

    /** PUT to {@code url} with options. */
    public Response put(String url, Consumer<RequestOptions> options) {
        return await(async.put(url, options));
    }

    /** PATCH {@code url}. */
    public Response patch(String url) {
        return await(async.patch(url));
    }

    /** PATCH {@code url} with options. */
    public Response patch(String url, Consumer<RequestOptions> options) {
        return await(async.patch(url, options));
    }

    /** DELETE {@code url}. */
    public Response delete(String url) {
        return await(async.delete(url));
    }

    /** DELETE {@code url} with options. */
    public Response delete(String url, Consumer<RequestOptions> options) {
        return await(async.delete(url, options));
    }

    /** HEAD {@code url}. */
    public Response head(String url) {
        return await(async.head(url));
    }

    /** HEAD {@code url} with options. */
    public Response head(String url, Consumer<RequestOptions> options) {
        return await(async.head(url, options));
    }

    /** OPTIONS {@code url}. */
    public Response options(String url) {
        return await(async.options(url));
    }

    /** OPTIONS {@code url} with options. */
    public Response options(String url, Consumer<RequestOptions> options) {
        return await(async.options(url, options));
    }

    /** TRACE {@code url}. */
    public Response trace(String url) {
        return await(async.trace(url));
    }

    /** TRACE {@code url} with options. */
    public Response trace(String url, Consumer<RequestOptions> options) {
        return await(async.trace(url, options));
    }

    /** Sends {@code method} to {@code url} with options. */
    public Response request(String method, String url, Consumer<RequestOptions> options) {
        return await(async.request(method, url, options));
    }

    /** Sends {@code method} to {@code url}, returning once the head arrives; read the body with {@code bodyStream()} and close the response. */
    public Response stream(String method, String url) {
        return await(async.stream(method, url));
    }

    /** As {@link #stream(String, String)}, with options. */
    public Response stream(String method, String url, Consumer<RequestOptions> options) {
        return await(async.stream(method, url, options));
    }

    /** Sends a request built beforehand. */
    public Response send(Request request) {
        return await(async.send(request));
    }

    /** Sends a request built beforehand, leaving the body unread (close the response). */
    public Response stream(Request request) {
        return await(async.stream(request));
    }

    /** The request a call with these arguments would send. */
    public Request buildRequest(String method, String url, Consumer<RequestOptions> options) {
        return async.buildRequest(method, url, options);
    }

    /** The client's cookie jar. */
    public CookieJar cookieJar() {
        return async.cookieJar();
    }

    /** Closes the client and its transports. Idempotent. */
    @Override
    public void close() {
        async.close();
    }

    /** True once closed. */
    public boolean isClosed() {
        return async.isClosed();
    }

    private static Response await(CompletableFuture<Response> future) {
        IoThreads.requireBlockingAllowed();
        try {
            // get() rather than join(): it parks interruptibly, and parking never pins a virtual thread.
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException("Interrupted while waiting for the response");
            cancelled.initCause(e);
            throw cancelled;
        } catch (ExecutionException e) {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CourierException("Request failed: " + cause, cause);
        }
    }

    /**
     * Builds a {@link Client}: each option is {@link AsyncClient.Builder}'s of the same name.
     *
     * <pre>{@code
     * Client client = Client.builder().baseUrl("https://api.example.com").followRedirects(true).transport(t).build();
     * }</pre>
     */
    public static final class Builder {
        private final AsyncClient.Builder async = AsyncClient.builder();

        private Builder() {}

        /** See {@link AsyncClient.Builder#baseUrl}. */
        public Builder baseUrl(String baseUrl) { async.baseUrl(baseUrl); return this; }

        /** See {@link AsyncClient.Builder#header}. */
        public Builder header(String name, String value) { async.header(name, value); return this; }

        /** See {@link AsyncClient.Builder#headers}. */
        public Builder headers(Map<String, ?> headers) { async.headers(headers); return this; }

        /** See {@link AsyncClient.Builder#param}. */
        public Builder param(String name, Object value) { async.param(name, value); return this; }

        /** See {@link AsyncClient.Builder#params}. */
        public Builder params(Map<String, ?> params) { async.params(params); return this; }

        /** See {@link AsyncClient.Builder#cookie}. */
        public Builder cookie(String name, String value) { async.cookie(name, value); return this; }

        /** See {@link AsyncClient.Builder#cookies}. */
        public Builder cookies(Cookies cookies) { async.cookies(cookies); return this; }

        /** See {@link AsyncClient.Builder#cookieJar}. */
        public Builder cookieJar(CookieJar jar) { async.cookieJar(jar); return this; }

        /** See {@link AsyncClient.Builder#auth}. */
        public Builder auth(Auth auth) { async.auth(auth); return this; }

        /** See {@link AsyncClient.Builder#timeout}. */
        public Builder timeout(Timeout timeout) { async.timeout(timeout); return this; }

        /** See {@link AsyncClient.Builder#followRedirects}. */
        public Builder followRedirects(boolean follow) { async.followRedirects(follow); return this; }

        /** See {@link AsyncClient.Builder#maxRedirects}. */
        public Builder maxRedirects(int maxRedirects) { async.maxRedirects(maxRedirects); return this; }

        /** See {@link AsyncClient.Builder#retry}. */
        public Builder retry(Retry retry) { async.retry(retry); return this; }

        /** See {@link AsyncClient.Builder#onRequest}. */
        public Builder onRequest(Function<Request, Request> hook) { async.onRequest(hook); return this; }

        /** See {@link AsyncClient.Builder#onRequestAsync}. */
        public Builder onRequestAsync(Function<Request, ? extends CompletionStage<Request>> hook) { async.onRequestAsync(hook); return this; }

        /** See {@link AsyncClient.Builder#onResponse}. */
        public Builder onResponse(Consumer<Response> hook) { async.onResponse(hook); return this; }

        /** See {@link AsyncClient.Builder#onResponseAsync}. */
        public Builder onResponseAsync(Function<Response, ? extends CompletionStage<Void>> hook) { async.onResponseAsync(hook); return this; }

        /** See {@link AsyncClient.Builder#mount}. */
        public Builder mount(String pattern, Transport transport) { async.mount(pattern, transport); return this; }

        /** See {@link AsyncClient.Builder#limits}. */
        public Builder limits(Limits limits) { async.limits(limits); return this; }

        /** See {@link AsyncClient.Builder#verify(boolean)}. */
        public Builder verify(boolean verify) { async.verify(verify); return this; }

        /** See {@link AsyncClient.Builder#verify(java.nio.file.Path)}. */
        public Builder verify(java.nio.file.Path caBundlePem) { async.verify(caBundlePem); return this; }

        /** See {@link AsyncClient.Builder#verify(javax.net.ssl.SSLContext)}. */
        public Builder verify(javax.net.ssl.SSLContext sslContext) { async.verify(sslContext); return this; }

        /** See {@link AsyncClient.Builder#cert}. */
        public Builder cert(java.nio.file.Path certPem, java.nio.file.Path keyPem, String password) { async.cert(certPem, keyPem, password); return this; }

        /** See {@link AsyncClient.Builder#trustEnv}. */
        public Builder trustEnv(boolean trustEnv) { async.trustEnv(trustEnv); return this; }

        /** See {@link AsyncClient.Builder#proxy(Proxy)}. */
        public Builder proxy(Proxy proxy) { async.proxy(proxy); return this; }

        /** See {@link AsyncClient.Builder#proxy(String)}. */
        public Builder proxy(String proxyUrl) { async.proxy(proxyUrl); return this; }

        /** See {@link AsyncClient.Builder#transport}. */
        public Builder transport(Transport transport) { async.transport(transport); return this; }

        /** See {@link AsyncClient.Builder#app}. */
        public Builder app(App app) { async.app(app); return this; }

        /** See {@link AsyncClient.Builder#secure}. */
        public Builder secure(boolean secure) { async.secure(secure); return this; }

        /** See {@link AsyncClient.Builder#defaultEncoding}. */
        public Builder defaultEncoding(Charset charset) { async.defaultEncoding(charset); return this; }

        /** See {@link AsyncClient.Builder#executor}. */
        public Builder executor(Executor executor) { async.executor(executor); return this; }

        /** See {@link AsyncClient.Builder#eventListener}. */
        public Builder eventListener(EventListener listener) { async.eventListener(listener); return this; }

        /** The client. */
        public Client build() {
            return new Client(async.build());
        }
    }
}
