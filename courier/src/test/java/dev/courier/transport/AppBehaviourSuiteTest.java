package dev.courier.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.app.BodyPipe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One behaviour suite run three ways, which must give the same answers: an {@link App} written
 * against Courier's Request and Response, the same logic as a JDK {@link HttpHandler} run in memory
 * through {@link AppTransport#of(HttpHandler)}, and that handler served by a real JDK
 * {@link HttpServer} on loopback through the network transport.
 */
class AppBehaviourSuiteTest {
    static final int LARGE = 1024 * 1024;
    static final List<String> CHUNKS = List.of("alpha\n", "beta\n", "gamma\n");

    enum Mode { APP, HANDLER_IN_PROCESS, HANDLER_ON_LOOPBACK }

    private HttpServer server;
    private ExecutorService serverThreads;
    private AsyncClient client;

    private AsyncClient client(Mode mode) throws IOException {
        client = switch (mode) {
            case APP -> AsyncClient.builder().app(new CourierApp()).build();
            case HANDLER_IN_PROCESS -> AsyncClient.builder().app(App.of(new JdkHandler())).build();
            case HANDLER_ON_LOOPBACK -> {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                serverThreads = Executors.newCachedThreadPool();
                server.setExecutor(serverThreads);
                server.createContext("/", new JdkHandler());
                server.start();
                yield AsyncClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
            }
        };
        return client;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
            assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void getWithQuery(Mode mode) throws IOException {
        Response r = client(mode).get("/get?x=1&y=two", o -> o.param("z", "3")).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("GET /get x=1&y=two&z=3");
        assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void postEchoesTheBody(Mode mode) throws IOException {
        Response r = client(mode).post("/echo", o -> o.header("Content-Type", "application/json")
                .content("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"a\":1}");
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void putPatchAndDeleteReachTheApp(Mode mode) throws IOException {
        AsyncClient c = client(mode);
        assertThat(c.put("/method", o -> o.content("p")).join().text()).isEqualTo("PUT:p");
        assertThat(c.patch("/method", o -> o.content("q")).join().text()).isEqualTo("PATCH:q");
        assertThat(c.delete("/method").join().text()).isEqualTo("DELETE:");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void headersRoundTrip(Mode mode) throws IOException {
        Response r = client(mode).get("/headers", o -> o.header("X-In", "ping").header("X-Multi", "a")).join();
        assertThat(r.headers().get("X-Echo")).isEqualTo("ping");
        assertThat(r.headers().getAll("X-Pair")).containsExactly("one", "two");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void statusCodes(Mode mode) throws IOException {
        AsyncClient c = client(mode);
        for (int status : new int[] {204, 404, 500}) {
            Response r = c.get("/status/" + status).join();
            assertThat(r.statusCode()).isEqualTo(status);
            assertThat(r.content()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void redirectChainIsFollowed(Mode mode) throws IOException {
        Response r = client(mode).get("/redirect/3", o -> o.followRedirects(true)).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("done");
        assertThat(r.url().path()).isEqualTo("/redirect/0");
        assertThat(r.history()).extracting(h -> h.url().path())
                .containsExactly("/redirect/3", "/redirect/2", "/redirect/1");
        assertThat(r.history()).extracting(Response::statusCode).containsOnly(302);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void largeBodiesBothWays(Mode mode) throws IOException {
        byte[] upload = pattern(LARGE);
        Response r = client(mode).post("/echo", o -> o.content(upload)).join();
        assertThat(r.content()).isEqualTo(upload);
        Response download = client.get("/large").join();
        assertThat(download.content()).isEqualTo(pattern(LARGE));
        assertThat(download.headers().get("Content-Length")).isEqualTo(Integer.toString(LARGE));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void chunkedResponse(Mode mode) throws IOException {
        try (Response r = client(mode).stream("GET", "/chunked", null).join()) {
            assertThat(r.headers().get("Content-Length")).isNull();
            assertThat(r.headers().get("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
            assertThat(r.lines().toList()).containsExactly("alpha", "beta", "gamma");
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fixedLengthResponse(Mode mode) throws IOException {
        Response r = client(mode).get("/fixed").join();
        assertThat(r.headers().get("Content-Length")).isEqualTo("5");
        assertThat(r.text()).isEqualTo("fixed");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void headHasNoBody(Mode mode) throws IOException {
        Response r = client(mode).head("/fixed").join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().get("X-Kind")).isEqualTo("fixed");
        assertThat(r.content()).isEmpty();
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 10));
        }
        return bytes;
    }

    /** The behaviours as a Courier app. */
    static final class CourierApp implements App {
        @Override
        public CompletableFuture<Response> handle(Request request) {
            String path = request.url().path();
            String method = request.method();
            if (path.equals("/get")) {
                return text(200, method + " " + path + " " + request.url().query());
            }
            if (path.equals("/echo") || path.equals("/method")) {
                return read(request).thenApply(body -> {
                    if (path.equals("/method")) {
                        return response(200).content(method + ":" + new String(body, StandardCharsets.UTF_8)).build();
                    }
                    String type = request.headers().get("Content-Type");
                    return response(200).header("Content-Type", type != null ? type : "application/octet-stream")
                            .header("Content-Length", Integer.toString(body.length)).content(body).build();
                });
            }
            if (path.equals("/headers")) {
                return CompletableFuture.completedFuture(response(200).header("X-Echo", request.headers().get("X-In"))
                        .header("X-Pair", "one").header("X-Pair", "two").build());
            }
            if (path.startsWith("/status/")) {
                return CompletableFuture.completedFuture(response(Integer.parseInt(path.substring(8))).build());
            }
            if (path.startsWith("/redirect/")) {
                int n = Integer.parseInt(path.substring(10));
                return n == 0 ? text(200, "done")
                        : CompletableFuture.completedFuture(response(302).header("Location", "/redirect/" + (n - 1)).build());
            }
            if (path.equals("/large")) {
                return CompletableFuture.completedFuture(response(200).header("Content-Length", Integer.toString(LARGE))
                        .content(pattern(LARGE)).build());
            }
            if (path.equals("/chunked")) {
                // The pipe holds what is written until the client subscribes, as a socket buffer would.
                BodyPipe body = new BodyPipe();
                CompletableFuture.runAsync(() -> {
                    try (body) {
                        for (String chunk : CHUNKS) {
                            body.write(chunk.getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        body.fail(e);
                    }
                });
                return CompletableFuture.completedFuture(response(200).header("Transfer-Encoding", "chunked")
                        .body(body).build());
            }
            if (path.equals("/fixed")) {
                return CompletableFuture.completedFuture(response(200).header("X-Kind", "fixed")
                        .header("Content-Length", "5").content("fixed").build());
            }
            return CompletableFuture.completedFuture(response(404).build());
        }

        private static Response.Builder response(int status) {
            return Response.builder().status(status);
        }

        private static CompletableFuture<Response> text(int status, String text) {
            return CompletableFuture.completedFuture(response(status)
                    .header("Content-Length", Integer.toString(text.getBytes(StandardCharsets.UTF_8).length))
                    .content(text).build());
        }

        /** Reads the request body as it arrives, without blocking a thread. */
        private static CompletableFuture<byte[]> read(Request request) {
            CompletableFuture<byte[]> done = new CompletableFuture<>();
            request.body().publisher().subscribe(new Flow.Subscriber<>() {
                private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    byte[] bytes = new byte[item.remaining()];
                    item.get(bytes);
                    out.writeBytes(bytes);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(out.toByteArray());
                }
            });
            return done;
        }
    }

    /** The same behaviours as a JDK handler. */
    static final class JdkHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (path.equals("/get")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                send(exchange, 200, method + " " + path + " " + exchange.getRequestURI().getRawQuery());
            } else if (path.equals("/echo")) {
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                exchange.getResponseHeaders().set("Content-Type", type != null ? type : "application/octet-stream");
                send(exchange, 200, body);
            } else if (path.equals("/method")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                send(exchange, 200, method + ":" + new String(body, StandardCharsets.UTF_8));
            } else if (path.equals("/headers")) {
                exchange.getResponseHeaders().set("X-Echo", exchange.getRequestHeaders().getFirst("X-In"));
                exchange.getResponseHeaders().add("X-Pair", "one");
                exchange.getResponseHeaders().add("X-Pair", "two");
                exchange.sendResponseHeaders(200, -1);
            } else if (path.startsWith("/status/")) {
                exchange.sendResponseHeaders(Integer.parseInt(path.substring(8)), -1);
            } else if (path.startsWith("/redirect/")) {
                int n = Integer.parseInt(path.substring(10));
                if (n == 0) {
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    send(exchange, 200, "done");
                } else {
                    exchange.getResponseHeaders().set("Location", "/redirect/" + (n - 1));
                    exchange.sendResponseHeaders(302, -1);
                }
            } else if (path.equals("/large")) {
                send(exchange, 200, pattern(LARGE));
            } else if (path.equals("/chunked")) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (String chunk : CHUNKS) {
                        out.write(chunk.getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } else if (path.equals("/fixed")) {
                exchange.getResponseHeaders().set("X-Kind", "fixed");
                exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                if (method.equals("HEAD")) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    send(exchange, 200, "fixed");
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        }

        private static void send(HttpExchange exchange, int status, String text) throws IOException {
            send(exchange, status, text.getBytes(StandardCharsets.UTF_8));
        }

        private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
