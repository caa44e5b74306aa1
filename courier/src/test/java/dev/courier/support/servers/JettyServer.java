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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
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
 * An in-JVM Jetty 12 server (HTTP/1.1, optionally over TLS) on {@code 127.0.0.1} and an ephemeral
 * port, with ready-made routes for transport tests.
 *
 * <p>Ready-made routes (on by default; see {@link JettyRoutes} for the exact answers):
 * {@code /echo} (and {@code /echo/...}), {@code /bytes/{n}}, {@code /stream/{n}?chunks=},
 * {@code /status/{code}}, {@code /delay/{ms}}, {@code /gzip[?zeros=n]}, {@code /headers/{n}},
 * {@code /drip?bytes=&chunks=&delayMs=}, {@code /redirect/{n}[?status=&delayMs=]},
 * {@code /redirect-to?url=&status=} and {@code /close}. Anything else is 404.
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
 *         .start()) {
 *     String url = server.url("/hello/ada");                // https://127.0.0.1:PORT/hello/ada
 *     String echo = server.url("/echo?x=1");                // a ready-made route
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
    private final ServerConnector connector;
    private final boolean tls;

    private JettyServer(Server server, ServerConnector connector, boolean tls) {
        this.server = server;
        this.connector = connector;
        this.tls = tls;
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
                factories.add(new SslConnectionFactory(ssl, "http/1.1"));
            }
            factories.add(new HttpConnectionFactory(config));
            ServerConnector connector = new ServerConnector(server, 1, 1, factories.toArray(ConnectionFactory[]::new));
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
            return new JettyServer(server, connector, keyStore != null);
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
