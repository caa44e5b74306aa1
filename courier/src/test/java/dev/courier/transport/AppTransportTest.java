package dev.courier.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Client;
import dev.courier.RemoteProtocolException;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AppTransportTest {
    private static final App ECHO = App.sync(r -> Response.builder()
            .header("X-Method", r.method())
            .content(r.method() + " " + r.url() + " client=" + client(r) + " root=" + r.extension(AppTransport.ROOT_PATH))
            .build());

    private static String client(Request r) {
        InetSocketAddress a = (InetSocketAddress) r.extension(AppTransport.CLIENT);
        return a.getHostString() + ":" + a.getPort();
    }

    @Test
    void appExceptionsReachTheCallerAsThemselves() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        try (AsyncClient client = AsyncClient.builder().app(App.sync(r -> { throw boom; })).build()) {
            assertThatThrownBy(() -> client.get("/").join()).isInstanceOf(CompletionException.class).cause().isSameAs(boom);
        }
        IOException failed = new IOException("late");
        try (Client client = Client.builder().app(r -> CompletableFuture.failedFuture(failed)).build()) {
            assertThatThrownBy(() -> client.get("/")).hasRootCauseMessage("late")
                    .satisfies(e -> assertThat(rootCause(e)).isSameAs(failed));
        }
    }

    @Test
    void withRaiseOffTheCallerGetsA500CarryingTheException() {
        IllegalStateException boom = new IllegalStateException("boom");
        Transport transport = AppTransport.builder(App.sync(r -> { throw boom; })).raiseAppExceptions(false).build();
        try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver").transport(transport).build()) {
            Response r = client.get("/").join();
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.extension(AppTransport.EXCEPTION)).isSameAs(boom);
        }
        App async = r -> CompletableFuture.failedFuture(boom);
        try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver")
                .transport(AppTransport.builder(async).raiseAppExceptions(false).build()).build()) {
            assertThat(client.get("/").join().extension(AppTransport.EXCEPTION)).isSameAs(boom);
        }
    }

    @Test
    void aNullAnswerIsReportedWithTheRequest() {
        try (AsyncClient client = AsyncClient.builder().app(App.sync(r -> null)).build()) {
            assertThatThrownBy(() -> client.get("/x").join()).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("GET http://testserver/x").hasMessageContaining("null response");
        }
    }

    @Test
    void clientAddressAndDefaults() {
        try (AsyncClient client = AsyncClient.builder().app(ECHO).build()) {
            assertThat(client.baseUrl().toString()).isEqualTo("http://testserver/");
            assertThat(client.get("/a").join().text()).isEqualTo("GET http://testserver/a client=127.0.0.1:123 root=");
        }
        Transport custom = AppTransport.builder(ECHO).clientAddress("203.0.113.9", 4711).build();
        try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver").transport(custom).build()) {
            assertThat(client.get("/a").join().text()).contains("client=203.0.113.9:4711");
        }
    }

    @Test
    void rootPathIsGivenToTheAppAndRequestsOutsideItGet404() {
        AtomicInteger calls = new AtomicInteger();
        App counting = r -> {
            calls.incrementAndGet();
            return ECHO.handle(r);
        };
        Transport mounted = AppTransport.builder(counting).rootPath("/api/").build();
        try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver").transport(mounted).build()) {
            assertThat(client.get("/api/users").join().text()).endsWith("root=/api");
            assertThat(client.get("/api").join().statusCode()).isEqualTo(200);
            assertThat(client.get("/apix").join().statusCode()).isEqualTo(404);
            assertThat(client.get("/other").join().text()).contains("outside the app's root path /api");
            assertThat(calls).hasValue(2);
        }
        assertThatThrownBy(() -> AppTransport.builder(ECHO).rootPath("api")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secureMakesTheDefaultBaseHttps() {
        try (AsyncClient client = AsyncClient.builder().app(ECHO).secure(true).build()) {
            assertThat(client.get("/s").join().text()).startsWith("GET https://testserver/s");
        }
    }

    @Test
    void clientDefaultsReachTheApp() {
        App app = App.sync(r -> Response.builder().content(r.headers().get("X-Default") + " " + r.url().query()).build());
        try (AsyncClient client = AsyncClient.builder().app(app).header("X-Default", "yes").param("lang", "en").build()) {
            assertThat(client.get("/q", o -> o.param("page", "2")).join().text()).isEqualTo("yes lang=en&page=2");
        }
    }

    @Test
    void redirectsInsideTheAppKeepTheirHistory() {
        App app = App.sync(r -> switch (r.url().path()) {
            case "/old" -> Response.builder().status(301).header("Location", "/middle").build();
            case "/middle" -> Response.builder().status(302).header("Location", "https://testserver/new").build();
            default -> Response.builder().content("arrived at " + r.url()).build();
        });
        try (AsyncClient client = AsyncClient.builder().app(app).followRedirects(true).build()) {
            Response r = client.get("/old").join();
            assertThat(r.text()).isEqualTo("arrived at https://testserver/new");
            assertThat(r.history()).extracting(h -> h.url().toString())
                    .containsExactly("http://testserver/old", "http://testserver/middle");
        }
    }

    @Test
    void aStreamingResponseIsReadAsTheAppWritesIt() throws IOException {
        BodyPipe body = new BodyPipe();
        try (AsyncClient client = AsyncClient.builder().app(App.sync(r -> Response.builder().body(body).build())).build();
             Response r = client.stream("GET", "/events", null).join();
             InputStream in = r.bodyStream()) {
            body.write("first\n".getBytes(StandardCharsets.UTF_8));
            // The app has not finished: the first event arrives on its own.
            assertThat(new String(in.readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("first\n");
            body.write("second\n".getBytes(StandardCharsets.UTF_8));
            body.close();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second\n");
        }
    }

    @Test
    void theAppReadsTheRequestBodyAsItArrives() throws InterruptedException {
        CountDownLatch appCalled = new CountDownLatch(1);
        App app = r -> {
            appCalled.countDown();
            CompletableFuture<Response> answer = new CompletableFuture<>();
            StringBuilder seen = new StringBuilder();
            r.body().publisher().subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer item) {
                    seen.append(StandardCharsets.UTF_8.decode(item)).append('|');
                }

                @Override
                public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    answer.complete(Response.builder().content(seen.toString()).build());
                }
            });
            return answer;
        };
        try (AsyncClient client = AsyncClient.builder().app(app).build();
             SubmissionPublisher<ByteBuffer> upload = new SubmissionPublisher<>()) {
            CompletableFuture<Response> response = client.post("/upload", o -> o.content(upload));
            // The app runs before the caller has produced any of the body.
            assertThat(appCalled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(response).isNotDone();
            upload.submit(ByteBuffer.wrap("a".getBytes(StandardCharsets.UTF_8)));
            upload.submit(ByteBuffer.wrap("b".getBytes(StandardCharsets.UTF_8)));
            upload.close();
            assertThat(response.join().text()).isEqualTo("a|b|");
        }
    }

    @Test
    void everyMethodReachesTheAppAndHeadHasNoBody() {
        try (AsyncClient client = AsyncClient.builder().app(ECHO).build()) {
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")) {
                Response r = client.request(method, "/m", null).join();
                assertThat(r.headers().get("X-Method")).isEqualTo(method);
                assertThat(r.text()).startsWith(method + " ");
            }
            assertThat(client.trace("/t").join().text()).startsWith("TRACE ");
            Response head = client.head("/m").join();
            assertThat(head.headers().get("X-Method")).isEqualTo("HEAD");
            assertThat(head.content()).isEmpty();
        }
    }

    @Test
    void appCannotBeCombinedWithOtherDestinations() {
        assertThatThrownBy(() -> AsyncClient.builder().app(ECHO).transport(MockTransport.of(r -> null)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("app(...) and transport(...)");
        assertThatThrownBy(() -> AsyncClient.builder().app(ECHO).verify(false).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Network options");
        assertThatThrownBy(() -> AsyncClient.builder().secure(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("use it with app(...)");
        assertThatThrownBy(() -> Client.builder().app(ECHO).secure(true).baseUrl("http://x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("baseUrl");
    }

    @Test
    void jdkHandlerSeesTheExchangeAsAServerWouldGiveIt() {
        AtomicReference<String> seen = new AtomicReference<>();
        App app = App.of(exchange -> {
            exchange.setAttribute("k", "v");
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host="
                    + exchange.getRequestHeaders().getFirst("Host") + " remote="
                    + exchange.getRemoteAddress().getHostString() + " context=" + exchange.getHttpContext().getPath()
                    + " protocol=" + exchange.getProtocol() + " attr=" + exchange.getAttribute("k")
                    + " principal=" + exchange.getPrincipal());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        Transport transport = AppTransport.builder(app).rootPath("/api").clientAddress("198.51.100.1").build();
        try (AsyncClient client = AsyncClient.builder().baseUrl("http://testserver:8080").transport(transport).build()) {
            Response r = client.get("/api/x?q=1").join();
            assertThat(r.statusCode()).isEqualTo(204);
            // IMF-fixdate, two-digit day included, as the JDK server writes it.
            assertThat(r.headers().get("Date")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
            assertThat(seen.get()).isEqualTo("GET /api/x?q=1 host=testserver:8080 remote=198.51.100.1 context=/api "
                    + "protocol=HTTP/1.1 attr=v principal=null");
        }
    }

    @Test
    void jdkHandlerMistakesReachTheCaller() {
        App silent = App.of(exchange -> exchange.getRequestBody().close());
        try (AsyncClient client = AsyncClient.builder().app(silent).build()) {
            assertThatThrownBy(() -> client.get("/quiet").join()).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without calling sendResponseHeaders for GET http://testserver/quiet");
        }
        App shortBody = App.of(exchange -> {
            exchange.sendResponseHeaders(200, 10);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("four".getBytes(StandardCharsets.UTF_8));
            }
        });
        try (AsyncClient client = AsyncClient.builder().app(shortBody).build()) {
            assertThatThrownBy(() -> client.get("/short").join()).satisfies(e ->
                    assertThat(rootCauseOfType(e, RemoteProtocolException.class)).isNotNull()
                            .satisfies(p -> assertThat(p.getMessage()).contains("after 4 of the 10 bytes")));
        }
        App throwing = App.of(exchange -> { throw new IOException("handler failed"); });
        try (AsyncClient client = AsyncClient.builder().app(throwing).build()) {
            assertThatThrownBy(() -> client.get("/").join()).cause().isInstanceOf(IOException.class)
                    .hasMessage("handler failed");
        }
    }

    @Test
    void jdkHandlerStreamsMoreThanThePipeHoldsWithoutDeadlock() throws IOException {
        int size = 4 * 1024 * 1024;
        App app = App.of(exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int written = 0; written < size; written += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {
            try (Response r = client.stream("GET", "/big", null).join(); InputStream in = r.bodyStream()) {
                assertThat(in.readAllBytes()).hasSize(size);
            }
            assertThat(client.get("/big").join().content()).hasSize(size);
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        for (int depth = 0; depth < 20 && t.getCause() != null; depth++) {
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T rootCauseOfType(Throwable e, Class<T> type) {
        Throwable t = e;
        for (int depth = 0; depth < 20 && t != null; depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            t = t.getCause();
        }
        return null;
    }
}
