package dev.courier.support.servers;

import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An in-JVM Jetty 12 server (HTTP/1.1, optionally over TLS, optionally HTTP/2) on {@code 127.0.0.1}
 * and an ephemeral port, with ready-made routes for transport tests.
 *
 * <p>HTTP/2 ({@link Builder#http2(boolean)}): with TLS, ALPN offers {@code h2} and {@code http/1.1}
 * (the server prefers h2; a client that offers no ALPN gets HTTP/1.1); without TLS, the port speaks
 * HTTP/1.1 and h2c, by prior knowledge (the client starts with the HTTP/2 preface) or by
 * {@code Upgrade: h2c}. {@link Builder#maxConcurrentStreams(int)} and
 * {@link Builder#initialStreamRecvWindow(int)} set the server's HTTP/2 SETTINGS.
 * {@link #acceptedConnections()} counts the TCP connections the server accepted, whatever their
 * protocol, so a test can tell how many connections a client used.
 *
 * <p>Ready-made routes (on by default; see {@link JettyRoutes} for the exact answers):
 * {@code /echo} (and {@code /echo/...}), {@code /bytes/{n}}, {@code /stream/{n}?chunks=},
 * {@code /status/{code}}, {@code /delay/{ms}}, {@code /gzip[?zeros=n]}, {@code /headers/{n}},
 * {@code /drip?bytes=&chunks=&delayMs=}, {@code /redirect/{n}[?status=&delayMs=]},
 * {@code /redirect-to?url=&status=}, {@code /close}, {@code /trailers?bytes=} (a body followed by
 * trailer fields) and {@code /echo-stream} (the request body streamed back as it arrives). Anything
 * else is 404.
 *
 * <p>Routes are path templates: {@code {name}} matches one segment, {@code {name*}} the rest of the
 * path; {@link #param(Request, String)} reads a matched value. Routes added with
 * {@link Builder#route} are tried before the ready-made ones, in the order added. A route runs on a
 * Jetty thread that may block, and must complete {@code callback}.
 *
 * <pre>{@code
 * try (JettyServer server = JettyServer.builder()
 *         .route("/hello/{name}", (request, response, callback) ->
 *                 Content.Sink.write(response, true, "hi " + JettyServer.param(request, "name"), callback))
 *         .tls(TestCertificates.localhost().server())       // optional: https
 *         .http2(true)                                       // optional: h2 by ALPN (h2c without tls)
 *         .maxConcurrentStreams(100)                         // optional: HTTP/2 SETTINGS
 *         .start()) {
 *     String url = server.url("/hello/ada");                // https://127.0.0.1:PORT/hello/ada
 *     String echo = server.url("/echo?x=1");                // a ready-made route
 *     int used = server.acceptedConnections();              // TCP connections accepted so far
 * }
 * try (JettyServer raw = JettyServer.start(myHandler)) { ... } // any Jetty Handler, no routes
 * }</pre>
 */
public final class JettyServer implements AutoCloseable {
    private static final String PARAMS_ATTRIBUTE = JettyServer.class.getName() + ".params";

    /** A request handler bound to a path template. */
    @FunctionalInterface
    public interface Route {
        /** Answers the request; must complete {@code callback} (directly or later). */
        void handle(Request request, Response response, Callback callback) throws Exception;
    }

    private final Server server;
    private final CountingConnector connector;
    private final boolean tls;
    private final boolean http2;

    private JettyServer(Server server, CountingConnector connector, boolean tls, boolean http2) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
        this.http2 = http2;
    }

    /** Starts a plain-http server with only the ready-made routes. */
    public static JettyServer start() {
        return builder().start();
    }

    /** Starts a plain-http server that hands every request to {@code handler} (no routes). */
    public static JettyServer start(Handler handler) {
        return builder().handler(handler).start();
    }

    /** A builder: routes, TLS, timeouts. */
    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (on 127.0.0.1). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Whether the server speaks TLS. */
    public boolean isTls() {
        return tls;
    }

    /** Whether the server speaks HTTP/2 (h2 by ALPN with TLS, h2c without). */
    public boolean isHttp2() {
        return http2;
    }

    /**
     * How many TCP connections the server accepted since it started (all protocols; an HTTP/2
     * connection counts once however many streams it carried).
     */
    public int acceptedConnections() {
        return connector.accepted.get();
    }

    /** How many of the accepted connections are open now. */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** {@code http(s)://127.0.0.1:PORT/path}; {@code path} may carry a query. */
    public String url(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        return (tls ? "https" : "http") + "://127.0.0.1:" + port() + p;
    }

    /** {@link #url(String)} as a URI. */
    public URI uri(String path) {
        return URI.create(url(path));
    }

    /** The Jetty server, for anything this class does not cover. */
    public Server server() {
        return server;
    }

    /** The value a route's template matched for {@code {name}}, or null. */
    @SuppressWarnings("unchecked")
    public static String param(Request request, String name) {
        Object params = request.getAttribute(PARAMS_ATTRIBUTE);
        return params == null ? null : ((Map<String, String>) params).get(name);
    }

    /** Stops the server (bounded by Jetty's stop timeouts); open connections are closed. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop Jetty", e);
        }
    }

    @Override
    public String toString() {
        return "JettyServer[" + url("/") + "]";
    }

    /** Builds and starts a {@link JettyServer}. */
    public static final class Builder {
        private final List<Map.Entry<String, Route>> routes = new ArrayList<>();
        private boolean defaultRoutes = true;
        private Handler handler;
        private KeyStore keyStore;
        private String keyStorePassword;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int requestHeaderSize = 64 * 1024;
        private int responseHeaderSize = 1024 * 1024;
        private boolean http2;
        private int maxConcurrentStreams = -1;
        private int initialStreamRecvWindow = -1;

        private Builder() {}

        /** Adds a route; {@code template} is a path like {@code /users/{id}} or {@code /files/{rest*}}. */
        public Builder route(String template, Route route) {
            routes.add(Map.entry(Objects.requireNonNull(template, "template"), Objects.requireNonNull(route, "route")));
            return this;
        }

        /** Leaves out the ready-made routes: only the routes added here answer. */
        public Builder withoutDefaultRoutes() {
            this.defaultRoutes = false;
            return this;
        }

        /** Uses {@code handler} for every request instead of routes. */
        public Builder handler(Handler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Serves https with the shared {@link TestCertificates#localhost()} certificate. */
        public Builder tls() {
            return tls(TestCertificates.localhost().server());
        }

        /** Serves https with {@code serverBundle}'s key and chain (e.g. {@code pki.server()}). */
        public Builder tls(X509Bundle serverBundle) {
            char[] password = "changeit".toCharArray();
            try {
                return tls(serverBundle.toKeyStore("PKCS12", password), password);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot make a key store from the bundle", e);
            }
        }

        /** Serves https with the key entry in {@code keyStore}. */
        public Builder tls(KeyStore keyStore, char[] password) {
            this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
            this.keyStorePassword = new String(password);
            return this;
        }

        /** The idle timeout of connections (default 30 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Jetty's request header limit in bytes (default 64 KiB). */
        public Builder requestHeaderSize(int bytes) {
            this.requestHeaderSize = bytes;
            return this;
        }

        /** Jetty's response header limit in bytes (default 1 MiB, enough for {@code /headers/20000}). */
        public Builder responseHeaderSize(int bytes) {
            this.responseHeaderSize = bytes;
            return this;
        }

        /**
         * Speaks HTTP/2 as well as HTTP/1.1 (default off): with {@link #tls} ALPN offers h2 and
         * http/1.1; without, h2c by prior knowledge or by {@code Upgrade: h2c}.
         */
        public Builder http2(boolean enabled) {
            this.http2 = enabled;
            return this;
        }

        /** HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS (Jetty's default: 128); implies nothing without {@link #http2}. */
        public Builder maxConcurrentStreams(int streams) {
            if (streams < 1) {
                throw new IllegalArgumentException("maxConcurrentStreams must be >= 1");
            }
            this.maxConcurrentStreams = streams;
            return this;
        }

        /** HTTP/2 SETTINGS_INITIAL_WINDOW_SIZE: how much request body per stream the server buffers (Jetty's default: 512 KiB). */
        public Builder initialStreamRecvWindow(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("initialStreamRecvWindow must be >= 1");
            }
            this.initialStreamRecvWindow = bytes;
            return this;
        }

        private <F extends AbstractHTTP2ServerConnectionFactory> F configure(F h2) {
            if (maxConcurrentStreams > 0) {
                h2.setMaxConcurrentStreams(maxConcurrentStreams);
            }
            if (initialStreamRecvWindow > 0) {
                h2.setInitialStreamRecvWindow(initialStreamRecvWindow);
            }
            return h2;
        }

        /** Starts the server; the port is bound when this returns. */
        public JettyServer start() {
            QueuedThreadPool threads = new QueuedThreadPool(64, 2);
            threads.setName("jetty-fixture");
            threads.setDaemon(true);
            threads.setStopTimeout(2000);
            Server server = new Server(threads);
            server.setStopTimeout(0);

            HttpConfiguration config = new HttpConfiguration();
            config.setSendServerVersion(false);
            config.setRequestHeaderSize(requestHeaderSize);
            config.setResponseHeaderSize(responseHeaderSize);
            List<ConnectionFactory> factories = new ArrayList<>();
            if (keyStore != null) {
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                config.addCustomizer(secure);
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStore(keyStore);
                ssl.setKeyStorePassword(keyStorePassword);
                if (http2) {
                    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
                    alpn.setDefaultProtocol("http/1.1");
                    factories.add(new SslConnectionFactory(ssl, alpn.getProtocol()));
                    factories.add(alpn);
                    factories.add(configure(new HTTP2ServerConnectionFactory(config)));
                } else {
                    factories.add(new SslConnectionFactory(ssl, "http/1.1"));
                }
            }
            factories.add(new HttpConnectionFactory(config));
            if (http2 && keyStore == null) {
                // After HTTP/1.1: its connection sees the prior-knowledge preface (PRI * HTTP/2.0) or
                // an Upgrade: h2c and hands the connection over.
                factories.add(configure(new HTTP2CServerConnectionFactory(config)));
            }
            CountingConnector connector = new CountingConnector(server, factories.toArray(ConnectionFactory[]::new));
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            connector.setIdleTimeout(idleTimeout.toMillis());
            server.addConnector(connector);
            server.setHandler(handler != null ? handler : new Router(compiledRoutes()));
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new IllegalStateException("cannot start Jetty", e);
            }
            return new JettyServer(server, connector, keyStore != null, http2);
        }

        private List<CompiledRoute> compiledRoutes() {
            List<Map.Entry<String, Route>> all = new ArrayList<>(routes);
            if (defaultRoutes) {
                all.addAll(JettyRoutes.defaults());
            }
            List<CompiledRoute> compiled = new ArrayList<>();
            for (Map.Entry<String, Route> entry : all) {
                compiled.add(CompiledRoute.of(entry.getKey(), entry.getValue()));
            }
            return compiled;
        }
    }

    /** A connector that counts the connections it accepted. */
    private static final class CountingConnector extends ServerConnector {
        final AtomicInteger accepted = new AtomicInteger();

        CountingConnector(Server server, ConnectionFactory... factories) {
            super(server, 1, 1, factories);
        }

        @Override
        protected void onEndPointOpened(EndPoint endPoint) {
            accepted.incrementAndGet();
            super.onEndPointOpened(endPoint);
        }
    }

    private record CompiledRoute(Pattern pattern, List<String> names, Route route) {
        private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(\\*?)}");

        static CompiledRoute of(String template, Route route) {
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("a route template starts with '/': " + template);
            }
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start())));
                regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.*)");
                names.add(m.group(1));
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return new CompiledRoute(Pattern.compile(regex.toString()), names, route);
        }
    }

    private static final class Router extends Handler.Abstract {
        private final List<CompiledRoute> routes;

        Router(List<CompiledRoute> routes) {
            this.routes = routes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            for (CompiledRoute route : routes) {
                Matcher m = route.pattern().matcher(path == null ? "" : path);
                if (m.matches()) {
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 0; i < route.names().size(); i++) {
                        params.put(route.names().get(i), m.group(i + 1));
                    }
                    request.setAttribute(PARAMS_ATTRIBUTE, params);
                    try {
                        route.route().handle(request, response, callback);
                    } catch (IllegalArgumentException e) {
                        if (response.isCommitted()) {
                            throw e;
                        }
                        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
                    }
                    return true;
                }
            }
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
    }
}
