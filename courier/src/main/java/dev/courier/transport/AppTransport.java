package dev.courier.transport;

import com.sun.net.httpserver.HttpHandler;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.Futures;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A transport that hands each request to an {@link App} in the same process, with no socket: for
 * testing a service end to end through a real client, with the options of Django's test client and
 * httpx's {@code ASGITransport}.
 *
 * <p>What the app sees: the request as the client built it (URL, headers, a body it reads as it
 * goes), plus two extensions: {@value #CLIENT}, the caller's address as an {@link InetSocketAddress}
 * (127.0.0.1 port 123 unless {@link Builder#clientAddress} says otherwise), and {@value #ROOT_PATH},
 * the path the app is mounted at ("" by default). As with ASGI's {@code root_path} and a JDK
 * {@code HttpContext}, the URL path keeps the root; a request outside it gets 404 Not Found without
 * reaching the app, as a server that mounts the app there would answer.
 *
 * <p>What the caller sees: the app's response, streamed as the app produces it; none of its body
 * for HEAD. If the app fails (it throws, or its future completes exceptionally), the caller's
 * future fails with that same exception by default, so a test sees the real stack trace; with
 * {@link Builder#raiseAppExceptions raiseAppExceptions(false)} the caller gets a 500 response
 * instead, whose {@code extension("exception")} ({@value #EXCEPTION}) holds it.
 *
 * <pre>{@code
 * AppTransport transport = AppTransport.builder(app)
 *         .raiseAppExceptions(false)
 *         .clientAddress("203.0.113.9", 4711)
 *         .build();
 * try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver").transport(transport).build()) {
 *     Response r = client.get("/boom").join();   // 500
 *     Throwable cause = (Throwable) r.extension(AppTransport.EXCEPTION);
 * }
 * // Handlers written for com.sun.net.httpserver.HttpServer run the same way, without a server:
 * AsyncClient jdk = AsyncClient.builder().app(App.of(exchange -> { ... })).build();
 * }</pre>
 *
 * {@code AsyncClient.builder().app(app)} is the short form, with {@code http://testserver} as the
 * default base URL.
 */
public final class AppTransport implements Transport {
    /** The request extension holding the caller's address, an {@link InetSocketAddress}. */
    public static final String CLIENT = "client";
    /** The request extension holding the app's root path, a String ("" when it is mounted at the root). */
    public static final String ROOT_PATH = "root_path";
    /** The response extension holding the app's exception, when {@code raiseAppExceptions} is off. */
    public static final String EXCEPTION = "exception";

    private final App app;
    private final boolean raiseAppExceptions;
    private final InetSocketAddress client;
    private final String rootPath;
    private final MockTransport delegate;

    private AppTransport(Builder b) {
        this.app = b.app;
        this.raiseAppExceptions = b.raiseAppExceptions;
        this.client = b.client;
        this.rootPath = b.rootPath;
        // MockTransport already attaches the request to the answer and closes answers nobody awaits.
        this.delegate = MockTransport.ofAsync(this::answer);
    }

    /** A transport calling {@code app} with the default options. */
    public static AppTransport of(App app) {
        return builder(app).build();
    }

    /**
     * A transport running {@code handler}, written for the JDK's {@code HttpServer}, on an in-memory
     * exchange: short for {@code of(App.of(handler))}.
     */
    public static AppTransport of(HttpHandler handler) {
        return of(App.of(handler));
    }

    /** A builder for a transport calling {@code app}. */
    public static Builder builder(App app) {
        return new Builder(app);
    }

    @Override
    public CompletableFuture<Response> send(Request request) {
        return delegate.send(request);
    }

    private CompletableFuture<Response> answer(Request request) {
        if (!rootPath.isEmpty() && !isUnderRoot(request.url().path())) {
            return CompletableFuture.completedFuture(Response.builder().status(404)
                    .content("Not Found: " + request.url().path() + " is outside the app's root path " + rootPath)
                    .build());
        }
        Request appRequest = request.toBuilder().extension(CLIENT, client).extension(ROOT_PATH, rootPath).build();
        CompletableFuture<Response> handled;
        try {
            handled = app.handle(appRequest);
            if (handled == null) {
                throw new IllegalStateException("The app " + app + " returned no future for " + describe(request)
                        + ": return a CompletableFuture, or wrap a plain function with App.sync");
            }
        } catch (RuntimeException | Error e) {
            handled = CompletableFuture.failedFuture(e);
        }
        return handled.handle((response, failure) -> {
            if (failure == null && response == null) {
                failure = new IllegalStateException("The app " + app + " answered " + describe(request)
                        + " with a null response: answer with Response.builder()...build()");
            }
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (raiseAppExceptions) {
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                }
                return Response.builder().status(500).content("Internal Server Error").extension(EXCEPTION, cause).build();
            }
            if (request.method().equals("HEAD")) {
                // A HEAD response has no body on the wire; the network transport never delivers one either.
                response.close();
                return response.toBuilder().content(new byte[0]).build();
            }
            return response;
        });
    }

    private boolean isUnderRoot(String path) {
        return path.equals(rootPath) || path.startsWith(rootPath + "/");
    }

    private static String describe(Request request) {
        return request.method() + " " + request.url().withoutUserInfo();
    }

    @Override
    public String toString() {
        return "AppTransport[" + app + (rootPath.isEmpty() ? "" : " at " + rootPath) + "]";
    }

    /**
     * Options for an {@link AppTransport}.
     *
     * <pre>{@code
     * AppTransport t = AppTransport.builder(app).rootPath("/api").clientAddress("10.0.0.7").build();
     * }</pre>
     */
    public static final class Builder {
        private final App app;
        private boolean raiseAppExceptions = true;
        private InetSocketAddress client = InetSocketAddress.createUnresolved("127.0.0.1", 123);
        private String rootPath = "";

        private Builder(App app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        /**
         * Whether the app's exception fails the caller's future as itself (true, the default), or
         * becomes a 500 response carrying it as the {@value AppTransport#EXCEPTION} extension (false).
         */
        public Builder raiseAppExceptions(boolean raiseAppExceptions) {
            this.raiseAppExceptions = raiseAppExceptions;
            return this;
        }

        /** The caller's address as the app sees it (extension {@value AppTransport#CLIENT}); port 123. */
        public Builder clientAddress(String host) {
            return clientAddress(host, 123);
        }

        /** The caller's address as the app sees it (extension {@value AppTransport#CLIENT}); not resolved. */
        public Builder clientAddress(String host, int port) {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port must be between 0 and 65535: " + port);
            }
            this.client = InetSocketAddress.createUnresolved(host, port);
            return this;
        }

        /**
         * The path the app is mounted at, such as {@code /api} (Django's SCRIPT_NAME, ASGI's
         * {@code root_path}): given to the app as the {@value AppTransport#ROOT_PATH} extension,
         * and requests outside it get 404. "" or "/" mounts the app at the root (the default).
         */
        public Builder rootPath(String rootPath) {
            Objects.requireNonNull(rootPath, "rootPath");
            String trimmed = rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
            if (!trimmed.isEmpty() && !trimmed.startsWith("/")) {
                throw new IllegalArgumentException("A root path starts with '/': " + rootPath);
            }
            this.rootPath = trimmed;
            return this;
        }

        /** The transport. */
        public AppTransport build() {
            return new AppTransport(this);
        }
    }
}
