package dev.courier;

import dev.courier.auth.Auth;
import dev.courier.internal.Futures;
import dev.courier.internal.Version;
import dev.courier.internal.client.ClientSettings;
import dev.courier.internal.client.CompositeEventListener;
import dev.courier.internal.client.Mounts;
import dev.courier.internal.client.RequestPipeline;
import dev.courier.transport.App;
import dev.courier.transport.AppTransport;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Transport;
import dev.courier.transport.UrlPattern;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An asynchronous HTTP client: one object holding defaults (base URL, headers, query parameters,
 * cookies, auth, timeout, redirect and retry policies, hooks) and the transports requests go through.
 *
 * <p>Each verb returns a {@link CompletableFuture} of a {@link Response} whose body has been read;
 * {@link #stream} returns one whose body is still unread (close it). Per-call options come through a
 * {@code Consumer<RequestOptions>} and win over the client's defaults: a relative URL is joined to
 * the base URL (whose path acts as a directory), query parameters and headers are merged with the
 * client's (the request's win, name by name), and the request's cookies join the client's.
 *
 * <p>Every failure arrives through the future, as the cause of the {@code CompletionException}
 * that {@code join()} throws: invalid input ({@link InvalidUrlException},
 * {@link IllegalArgumentException}), a closed client ({@link IllegalStateException}), and every
 * {@link CourierException}. Futures complete on the thread that finished the work (an I/O thread
 * for the network) unless {@link Builder#executor} is set. A client is thread-safe and meant to be
 * shared; close it when done, which closes its transports.
 *
 * <p>Requests go over the network through {@link HttpTransport#shared()} unless the client is given
 * network options ({@link Builder#limits}, {@link Builder#verify(boolean)}, {@link Builder#cert},
 * {@link Builder#trustEnv}, {@link Builder#http1}, {@link Builder#http2}), in which case it builds an {@link HttpTransport} of its own and closes
 * it with itself, or a transport of your choosing ({@link Builder#transport}, {@link Builder#mount}),
 * or an application in this process ({@link Builder#app}).
 *
 * <pre>{@code
 * try (AsyncClient client = AsyncClient.builder()
 *         .baseUrl("https://api.example.com/v1")
 *         .header("User-Agent", "app/1.0")
 *         .param("lang", "en")
 *         .timeout(Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(5)))
 *         .followRedirects(true)
 *         .transport(transport)
 *         .build()) {
 *     Response r = client.get("/users", o -> o.param("active", "true")).join();
 *     r.raiseForStatus();
 *     User created = client.post("/users", o -> o.json(newUser)).join().json(User.class);
 * }
 * }</pre>
 */
public final class AsyncClient implements AutoCloseable {
    private final ClientSettings settings;
    private final Mounts mounts;
    private final RequestPipeline pipeline;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AsyncClient(ClientSettings settings, Mounts mounts) {
        this.settings = settings;
        this.mounts = mounts;
        this.pipeline = new RequestPipeline(settings, mounts);
    }

    /** A client with every default. */
    public static AsyncClient create() {
        return builder().build();
    }

    /** A builder for a client. */
    public static Builder builder() {
        return new Builder();
    }

    /** GET {@code url}. */
    public CompletableFuture<Response> get(String url) {
        return request("GET", url, null);
    }

    /** GET {@code url} with options. */
    public CompletableFuture<Response> get(String url, Consumer<RequestOptions> options) {
        return request("GET", url, options);
    }

    /** POST to {@code url}. */
    public CompletableFuture<Response> post(String url) {
        return request("POST", url, null);
    }

    /** POST to {@code url} with options (usually a body). */
    public CompletableFuture<Response> post(String url, Consumer<RequestOptions> options) {
        return request("POST", url, options);
    }

    /** PUT to {@code url}. */
    public CompletableFuture<Response> put(String url) {
        return request("PUT", url, null);
    }

    /** PUT to {@code url} with options. */
    public CompletableFuture<Response> put(String url, Consumer<RequestOptions> options) {
        return request("PUT", url, options);
    }

    /** PATCH {@code url}. */
    public CompletableFuture<Response> patch(String url) {
        return request("PATCH", url, null);
    }

    /** PATCH {@code url} with options. */
    public CompletableFuture<Response> patch(String url, Consumer<RequestOptions> options) {
        return request("PATCH", url, options);
    }

    /** DELETE {@code url}. */
    public CompletableFuture<Response> delete(String url) {
        return request("DELETE", url, null);
    }

    /** DELETE {@code url} with options. */
    public CompletableFuture<Response> delete(String url, Consumer<RequestOptions> options) {
        return request("DELETE", url, options);
    }

    /** HEAD {@code url}. */
    public CompletableFuture<Response> head(String url) {
        return request("HEAD", url, null);
    }

    /** HEAD {@code url} with options. */
    public CompletableFuture<Response> head(String url, Consumer<RequestOptions> options) {
        return request("HEAD", url, options);
    }

    /** OPTIONS {@code url}. */
    public CompletableFuture<Response> options(String url) {
        return request("OPTIONS", url, null);
    }

    /** OPTIONS {@code url} with options. */
    public CompletableFuture<Response> options(String url, Consumer<RequestOptions> options) {
        return request("OPTIONS", url, options);
    }

    /** TRACE {@code url}. */
    public CompletableFuture<Response> trace(String url) {
        return request("TRACE", url, null);
    }

    /** TRACE {@code url} with options. */
    public CompletableFuture<Response> trace(String url, Consumer<RequestOptions> options) {
        return request("TRACE", url, options);
    }

    /** Sends {@code method} to {@code url}; the response body is read. */
    public CompletableFuture<Response> request(String method, String url) {
        return request(method, url, null);
    }

    /** Sends {@code method} to {@code url} with options; the response body is read. */
    public CompletableFuture<Response> request(String method, String url, Consumer<RequestOptions> options) {
        return execute(() -> buildRequest(method, url, options), false);
    }

    /**
     * Sends {@code method} to {@code url} and completes when the response head arrives, leaving the
     * body unread: consume it with {@code body()}, {@code bodyStream()} or {@code lines()}, and close
     * the response.
     */
    public CompletableFuture<Response> stream(String method, String url) {
        return stream(method, url, null);
    }

    /** As {@link #stream(String, String)}, with options. */
    public CompletableFuture<Response> stream(String method, String url, Consumer<RequestOptions> options) {
        return execute(() -> buildRequest(method, url, options), true);
    }

    /** Sends a request built beforehand; the response body is read. */
    public CompletableFuture<Response> send(Request request) {
        return execute(() -> Objects.requireNonNull(request, "request"), false);
    }

    /** Sends a request built beforehand, leaving the response body unread (close the response). */
    public CompletableFuture<Response> stream(Request request) {
        return execute(() -> Objects.requireNonNull(request, "request"), true);
    }

    /** The request a call with these arguments would send, with the client's defaults merged in. */
    public Request buildRequest(String method, String url) {
        return buildRequest(method, url, null);
    }

    /**
     * The request a call with these arguments would send, with the client's defaults merged in.
     *
     * @throws InvalidUrlException when the URL does not parse, or is relative and the client has no base URL
     * @throws IllegalArgumentException for an invalid method, header or body combination
     */
    public Request buildRequest(String method, String url, Consumer<RequestOptions> options) {
        RequestOptions o = new RequestOptions();
        if (options != null) {
            options.accept(o);
        }
        Url target = resolve(url);
        QueryParams params = settings.params().merge(o.params);
        if (!params.isEmpty()) {
            target = target.withQueryParams(target.queryParams().merge(params));
        }
        Headers headers = settings.headers().merge(o.headers);
        if (!o.cookies.isEmpty() && !headers.contains("Cookie")) {
            // Per-request cookies join the jar's for this URL, winning name by name (httpx's merge).
            String cookie = Cookies.of(settings.cookieJar().loadForRequest(target)).merge(o.cookies).headerValue(target);
            if (cookie != null) {
                headers = headers.with("Cookie", cookie);
            }
        }
        Request.Builder builder = Request.builder(method, target)
                .headers(headers)
                .body(o.body())
                .timeout(o.timeout != null ? o.timeout : settings.timeout())
                .followRedirects(o.followRedirects)
                .auth(o.auth)
                .idempotent(o.idempotent);
        o.extensions.forEach(builder::extension);
        return builder.build();
    }

    private Url resolve(String url) {
        Objects.requireNonNull(url, "url");
        if (settings.baseUrl() != null) {
            return settings.baseUrl().join(url);
        }
        if (!Url.isAbsolute(url)) {
            throw new InvalidUrlException(url, "no scheme: give an absolute URL such as https://example.com/path, "
                    + "or set the client's baseUrl");
        }
        return Url.parse(url);
    }

    private CompletableFuture<Response> execute(java.util.function.Supplier<Request> request, boolean stream) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "The client has been closed and sends no more requests; create a new one"));
        }
        Request built;
        try {
            built = request.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return pipeline.execute(built, stream);
    }

    /** The base URL relative URLs are joined to, or null. */
    public Url baseUrl() {
        return settings.baseUrl();
    }

    /** The headers sent with every request (including the default User-Agent and Accept). */
    public Headers headers() {
        return settings.headers();
    }

    /** The query parameters added to every request. */
    public QueryParams params() {
        return settings.params();
    }

    /** A snapshot of the cookies in the client's jar: those set on the builder and those servers set. */
    public Cookies cookies() {
        return settings.cookieJar().cookies();
    }

    /** The client's cookie jar: read, set, delete, save and load cookies while the client runs. */
    public CookieJar cookieJar() {
        return settings.cookieJar();
    }

    /** The default timeout. */
    public Timeout timeout() {
        return settings.timeout();
    }

    /** The retry policy; {@link Retry#none()} unless set. */
    public Retry retry() {
        return settings.retry();
    }

    /** Closes the client and its transports; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            RuntimeException first = null;
            for (Transport t : mounts.all()) {
                try {
                    t.close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /** Closes the client and its transports, completing when they are closed. */
    public CompletableFuture<Void> closeAsync() {
        return Futures.call(() -> {
            close();
            return CompletableFuture.completedFuture(null);
        }, "close");
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Builds an {@link AsyncClient}; one setter per option, each with httpx's default.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().baseUrl("https://api.example.com").transport(t).build();
     * }</pre>
     */
    public static final class Builder {
        private Url baseUrl;
        private Headers headers = Headers.of("User-Agent", "courier/" + Version.get(), "Accept", "*/*");
        private QueryParams params = QueryParams.empty();
        private Cookies cookies = Cookies.empty();
        private CookieJar cookieJar;
        private Auth auth;
        private Timeout timeout = Timeout.DEFAULT;
        private boolean followRedirects;
        private int maxRedirects = 20;
        private Retry retry = Retry.none();
        private final List<Function<Request, CompletionStage<Request>>> requestHooks = new ArrayList<>();
        private final List<Function<Response, CompletionStage<Void>>> responseHooks = new ArrayList<>();
        private final Map<UrlPattern, Transport> mounts = new LinkedHashMap<>();
        private Transport transport;
        private App app;
        private Boolean secure;
        private HttpTransport.Builder network;
        private Charset defaultEncoding = StandardCharsets.UTF_8;
        private Executor executor;
        private final List<EventListener> listeners = new ArrayList<>();

        private Builder() {}

        /** The URL relative request URLs are joined to; its path acts as a directory. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Url.parse(baseUrl);
            return this;
        }

        /** Sets a default header, replacing the client's fields of that name (User-Agent, Accept, ...). */
        public Builder header(String name, String value) {
            this.headers = headers.set(name, value);
            return this;
        }

        /** Sets default headers, each replacing the client's fields of that name. */
        public Builder headers(Map<String, ?> headers) {
            this.headers = this.headers.merge(Headers.of(headers));
            return this;
        }

        /** Adds a default query parameter (a null value makes a key-only parameter). */
        public Builder param(String name, Object value) {
            this.params = params.with(name, value);
            return this;
        }

        /** Adds default query parameters. */
        public Builder params(Map<String, ?> params) {
            this.params = this.params.merge(QueryParams.of(params));
            return this;
        }

        /** The cookie jar the client keeps cookies in; an in-memory RFC 6265 jar unless set ({@link CookieJar#none()} keeps none). */
        public Builder cookieJar(CookieJar cookieJar) {
            this.cookieJar = Objects.requireNonNull(cookieJar, "cookieJar");
            return this;
        }

        /** Adds a cookie sent to every host, stored in the jar when the client is built. */
        public Builder cookie(String name, String value) {
            this.cookies = cookies.with(name, value);
            return this;
        }

        /** Adds cookies (each with its own domain and path), stored in the jar when the client is built. */
        public Builder cookies(Cookies cookies) {
            this.cookies = this.cookies.merge(cookies);
            return this;
        }

        /** Authentication for every request that does not give its own. */
        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        /** The default timeout; 5 seconds per phase unless set. */
        public Builder timeout(Timeout timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Whether redirects are followed; off unless set (as in httpx). */
        public Builder followRedirects(boolean followRedirects) {
            this.followRedirects = followRedirects;
            return this;
        }

        /** The most redirects followed before {@link TooManyRedirectsException}; 20 unless set. */
        public Builder maxRedirects(int maxRedirects) {
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects must not be negative: " + maxRedirects);
            }
            this.maxRedirects = maxRedirects;
            return this;
        }

        /**
         * The retry policy: which failures and statuses are sent again, how often and after what wait.
         * None unless set, as in httpx; see {@link Retry} for what is retried.
         */
        public Builder retry(Retry retry) {
            this.retry = Objects.requireNonNull(retry, "retry (use Retry.none())");
            return this;
        }

        /** A hook run on every request before it is sent (each hop and each retry); it returns the request to send. */
        public Builder onRequest(Function<Request, Request> hook) {
            Objects.requireNonNull(hook, "hook");
            requestHooks.add(r -> CompletableFuture.completedFuture(hook.apply(r)));
            return this;
        }

        /** An asynchronous request hook: the request it completes with is sent. */
        public Builder onRequestAsync(Function<Request, ? extends CompletionStage<Request>> hook) {
            Objects.requireNonNull(hook, "hook");
            requestHooks.add(hook::apply);
            return this;
        }

        /** A hook run on every response (each hop and each retry) before its body is read; throwing fails the call. */
        public Builder onResponse(Consumer<Response> hook) {
            Objects.requireNonNull(hook, "hook");
            responseHooks.add(r -> {
                hook.accept(r);
                return CompletableFuture.completedFuture(null);
            });
            return this;
        }

        /** An asynchronous response hook; the call waits for it. */
        public Builder onResponseAsync(Function<Response, ? extends CompletionStage<Void>> hook) {
            Objects.requireNonNull(hook, "hook");
            responseHooks.add(r -> hook.apply(r).thenApply(v -> null));
            return this;
        }

        /** Routes URLs matching {@code pattern} to {@code transport} (null: to the default transport). */
        public Builder mount(String pattern, Transport transport) {
            mounts.put(UrlPattern.parse(pattern), transport);
            return this;
        }

        /** Pool limits for the client's own network transport (default: 100 connections, 20 kept alive). */
        public Builder limits(Limits limits) {
            network().limits(limits);
            return this;
        }

        /** Whether the client's network transport verifies TLS certificates and host names (default true). */
        public Builder verify(boolean verify) {
            network().verify(verify);
            return this;
        }

        /** Verify TLS servers against the CA certificates in this PEM file. */
        public Builder verify(Path caBundlePem) {
            network().verify(caBundlePem);
            return this;
        }

        /** Use this SSLContext for TLS trust and client keys; host names are still verified. */
        public Builder verify(SSLContext sslContext) {
            network().verify(sslContext);
            return this;
        }

        /** A TLS client certificate and its key (PEM files; the key encrypted with {@code password}, or null). */
        public Builder cert(Path certPem, Path keyPem, String password) {
            network().cert(certPem, keyPem, password);
            return this;
        }

        /**
         * Whether the environment configures the client's network transport (default true): the
         * proxy variables (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) and SSL_CERT_FILE and
         * SSL_CERT_DIR; see {@link HttpTransport.Builder#trustEnv(boolean)}.
         */
        public Builder trustEnv(boolean trustEnv) {
            network().trustEnv(trustEnv);
            return this;
        }

        /**
         * Sends every request through this proxy (http, https, socks5 or socks5h); it replaces the
         * environment's proxies. See {@link HttpTransport.Builder#proxy(Proxy)}; to proxy some URLs
         * only, {@link #mount} a transport built with a proxy.
         */
        public Builder proxy(Proxy proxy) {
            network().proxy(proxy);
            return this;
        }

        /** {@link #proxy(Proxy)} from a URL such as {@code http://user:password@proxy.internal:3128}. */
        public Builder proxy(String proxyUrl) {
            network().proxy(proxyUrl);
            return this;
        }

        /**
         * Whether the client's network transport may speak HTTP/1.1 (default true). With it off,
         * http:// URLs use HTTP/2 by prior knowledge (h2c) and https servers must choose h2.
         */
        public Builder http1(boolean http1) {
            network().http1(http1);
            return this;
        }

        /** Whether the client's network transport offers HTTP/2 on https by ALPN (default true). */
        public Builder http2(boolean http2) {
            network().http2(http2);
            return this;
        }

        private HttpTransport.Builder network() {
            if (network == null) {
                network = HttpTransport.builder();
            }
            return network;
        }

        /** The transport for every URL no mount matches; by default {@link HttpTransport#shared()}. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /**
         * Sends every request to {@code app} in this process, with no socket, through an
         * {@link AppTransport} with its default options (build one yourself and pass it to
         * {@link #transport} for the others). Relative URLs resolve against
         * {@code http://testserver} unless {@link #baseUrl} is set, as in Django's test client;
         * {@link #secure} makes that {@code https://testserver}.
         *
         * <pre>{@code
         * AsyncClient client = AsyncClient.builder().app(App.sync(r -> Response.builder().content("hi").build())).build();
         * client.get("/").join().text();   // "hi"
         * }</pre>
         */
        public Builder app(App app) {
            this.app = Objects.requireNonNull(app, "app");
            return this;
        }

        /**
         * With {@link #app}: whether relative URLs go to {@code https://testserver} (true) rather
         * than {@code http://testserver} (false, the default), so the app sees a secure request.
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** The charset for {@code text()} when a response names none; UTF-8 unless set. */
        public Builder defaultEncoding(Charset defaultEncoding) {
            this.defaultEncoding = Objects.requireNonNull(defaultEncoding, "defaultEncoding");
            return this;
        }

        /** Where futures complete and hooks and auth run; by default the thread that finished the I/O. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Adds a listener for lifecycle events (metrics, tracing). */
        public Builder eventListener(EventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The client.
         *
         * @throws IllegalStateException when network options are combined with a transport of your own
         *     or an app, which would ignore them, when both a transport and an app are given, or when
         *     {@code secure} is set without an app or together with a base URL
         */
        public AsyncClient build() {
            if (network != null && transport != null) {
                throw new IllegalStateException("Network options (limits, verify, cert, trustEnv, proxy, http1, http2) configure the "
                        + "client's own HttpTransport; with transport(...) set them on that transport instead");
            }
            if (app != null && transport != null) {
                throw new IllegalStateException("app(...) and transport(...) both choose where requests go: pass one, or "
                        + "pass transport(AppTransport.builder(app)...build()) for an app with options");
            }
            if (network != null && app != null) {
                throw new IllegalStateException("Network options (limits, verify, cert, trustEnv, proxy, http1, http2) configure the "
                        + "client's own HttpTransport, which app(...) replaces: remove them, or mount the app on a pattern");
            }
            if (secure != null && (app == null || baseUrl != null)) {
                throw new IllegalStateException(app == null
                        ? "secure(...) picks the scheme of an app's default base URL: use it with app(...)"
                        : "secure(...) picks the scheme of the default base URL, but baseUrl(...) is set: put the "
                                + "scheme in the base URL instead");
            }
            Url base = baseUrl != null || app == null ? baseUrl
                    : Url.parse(Boolean.TRUE.equals(secure) ? "https://testserver" : "http://testserver");
            Transport defaultTransport = transport != null ? transport
                    : app != null ? AppTransport.of(app)
                    : network != null ? network.build() : HttpTransport.shared();
            CookieJar jar = cookieJar != null ? cookieJar : CookieJar.inMemory();
            for (Cookie cookie : cookies) {
                jar.set(cookie);
            }
            ClientSettings settings = new ClientSettings(base, headers, params, jar, auth, timeout,
                    followRedirects, maxRedirects, retry, List.copyOf(requestHooks), List.copyOf(responseHooks),
                    defaultEncoding, executor, listeners.isEmpty() ? EventListener.NONE
                            // NONE is what the stages test for to skip listener work (TransportStage).
                            : new CompositeEventListener(List.copyOf(listeners)));
            return new AsyncClient(settings, new Mounts(mounts, defaultTransport));
        }
    }
}
