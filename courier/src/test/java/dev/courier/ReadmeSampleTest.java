package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.auth.Auth;
import dev.courier.service.ApiResponse;
import dev.courier.service.NotFoundException;
import dev.courier.service.ServiceClient;
import dev.courier.support.servers.DanteServer;
import dev.courier.support.servers.HttpbinServer;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.NginxServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.support.servers.TinyproxyServer;
import dev.courier.transport.HttpTransport;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import com.sun.net.httpserver.HttpHandler;
import dev.courier.transport.App;
import dev.courier.transport.AppTransport;
import dev.courier.transport.MockTransport;
import java.io.OutputStream;
import dev.courier.transport.Resolver;
import java.net.InetAddress;
import dev.courier.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start true: the code between the README markers is this test's code. */
class ReadmeSampleTest {
    record User(int id, String name) {}

    record Order(String id, int quantity) {}

    @Test
    void quickStart() throws IOException {
        // README:quick-start:begin
        Transport transport = MockTransport.of(request -> switch (request.method() + " " + request.url().path()) {
            case "GET /v1/users/1" -> Response.builder().json(Map.of("id", 1, "name", "Ada")).build();
            case "POST /v1/users" -> Response.builder().status(201).content(request.content()).build();
            default -> Response.builder().status(404).build();
        });

        try (AsyncClient client = AsyncClient.builder()
                .baseUrl("https://api.example.com/v1")
                .header("User-Agent", "app/1.0")
                .param("lang", "en")
                .timeout(Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(5)))
                .auth(Auth.of(r -> r.withHeader("Authorization", "Bearer " + System.getenv().getOrDefault("TOKEN", "t"))))
                .transport(transport)
                .build()) {
            User ada = client.get("/users/1").join().raiseForStatus().json(User.class);

            Response created = client.post("/users", o -> o.json(new User(2, "Grace"))).join();
            System.out.println(created.statusCode() + " " + created.text());

            try (Response stream = client.stream("GET", "/users/1").join();
                 InputStream body = stream.bodyStream()) {
                System.out.println(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            // README:quick-start:end
            assertThat(ada).isEqualTo(new User(1, "Ada"));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.json(User.class)).isEqualTo(new User(2, "Grace"));
        }
    }

    @Test
    void network(@TempDir Path dir) throws Exception {
        Pki pki = TestCertificates.localhost();
        Path caBundle = pki.ca().toTempRootCertPem().toPath();
        Instant now = Instant.now();
        X509Bundle clientBundle = new CertificateBuilder().ecp256().subject("CN=readme-client")
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature).addExtendedKeyUsageClientAuth()
                .buildIssuedBy(pki.ca());
        Path clientCertPem = clientBundle.toTempCertChainPem().toPath();
        Path clientKeyPem = clientBundle.toTempPrivateKeyPem().toPath();
        Path target = dir.resolve("download.bin");
        try (JettyServer plain = JettyServer.start(); JettyServer secure = JettyServer.builder().tls(pki.server()).start()) {
            String baseUrl = "http://127.0.0.1:" + plain.port();
            String secureUrl = "https://localhost:" + secure.port() + "/bytes/2";
            // README:network:begin
            try (AsyncClient client = AsyncClient.create()) {          // the shared network transport
                Response r = client.get(baseUrl + "/echo", o -> o.param("q", "courier")).join();
                System.out.println(r.statusCode() + " " + r.httpVersion() + " " + r.headers().get("Content-Type"));

                // A download: the body streams to the file as it arrives, in bounded memory.
                try (Response download = client.stream("GET", baseUrl + "/bytes/1048576").join()) {
                    download.raiseForStatus();
                    try (InputStream body = download.bodyStream()) {
                        Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }

            // TLS and pool options live on a transport of your own.
            try (HttpTransport transport = HttpTransport.builder()
                    .verify(caBundle)                      // trust this CA (PEM) instead of the system store
                    .cert(clientCertPem, clientKeyPem)     // a client certificate, for mutual TLS
                    .limits(Limits.of(50, 10))             // at most 50 connections, 10 kept alive
                    .build();
                 AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                client.get(secureUrl).join().raiseForStatus();
                System.out.println(transport.poolStats());
            }
            // README:network:end
        }
        assertThat(Files.size(target)).isEqualTo(1 << 20);
    }

    @Test
    void http2() throws IOException {
        Path caBundle = TestCertificates.localhost().ca().toTempRootCertPem().toPath();
        try (NginxServer nginx = NginxServer.builder().file("/hello", "hello".getBytes(StandardCharsets.UTF_8))
                .tls().http2(true).start()) {
            String url = nginx.httpsUrl("/hello");
            // README:http2:begin
            try (HttpTransport transport = HttpTransport.builder()
                    .verify(caBundle)
                    .http2StreamWindow(256 * 1024)          // at most 256 KiB of one unread body in memory
                    .http2PingInterval(Duration.ofSeconds(30))
                    .build();
                 AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                // https negotiates HTTP/2 by ALPN; concurrent requests share one connection as streams.
                List<CompletableFuture<Response>> calls = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    calls.add(client.get(url));
                }
                for (CompletableFuture<Response> call : calls) {
                    call.join().raiseForStatus();
                }
                System.out.println(calls.get(0).join().httpVersion() + " " + transport.poolStats()); // HTTP/2, open=1
            }
            // README:http2:end
        }
    }

    @Test
    void redirectsCookiesAuth(@TempDir Path dir) throws IOException {
        Path cookieFile = dir.resolve("cookies.txt");
        Path netrcFile = dir.resolve("netrc");
        Files.writeString(netrcFile, "machine 127.0.0.1 login user password passwd\n");
        try (HttpbinServer httpbin = HttpbinServer.start()) {
            String httpbinUrl = "http://127.0.0.1:" + httpbin.port();
            // README:redirects-cookies-auth:begin
            try (AsyncClient client = AsyncClient.builder()
                    .baseUrl(httpbinUrl)
                    .followRedirects(true)                                  // off by default, as in httpx
                    .build()) {
                Response r = client.get("/redirect/3").join();
                System.out.println(r.url() + " after " + r.history().size() + " redirects");

                client.get("/cookies/set?session=abc").join();              // Set-Cookie goes into the client's jar
                System.out.println(client.cookies().get("session"));        // abc
                client.cookieJar().save(cookieFile);                        // Netscape cookies.txt, as curl writes it

                client.get("/basic-auth/user/passwd", o -> o.auth(Auth.basic("user", "passwd"))).join().raiseForStatus();
                client.get("/digest-auth/auth/user/passwd/SHA-256", o -> o.auth(Auth.digest("user", "passwd")))
                        .join().raiseForStatus();
                client.get("/bearer", o -> o.auth(Auth.bearer("t0ken"))).join().raiseForStatus();
                client.get("/basic-auth/user/passwd", o -> o.auth(Auth.netrc(netrcFile))).join().raiseForStatus();
            }
            // README:redirects-cookies-auth:end
        }
        assertThat(Files.readString(cookieFile)).contains("session\tabc");
    }

    @Test
    void retries() {
        AtomicInteger flakyHits = new AtomicInteger();
        try (JettyServer server = JettyServer.builder()
                .route("/flaky", (request, response, callback) -> {
                    response.setStatus(flakyHits.incrementAndGet() <= 2 ? 503 : 200);
                    Content.Sink.write(response, true, "flaky", callback);
                })
                .route("/orders", (request, response, callback) -> {
                    response.setStatus(201);
                    Content.Sink.write(response, true, Content.Source.asString(request), callback);
                })
                .start()) {
            String baseUrl = "http://127.0.0.1:" + server.port();
            Order order = new Order("order-7", 2);
            // README:retries:begin
            try (AsyncClient client = AsyncClient.builder()
                    .retry(Retry.of(3)                                          // up to 3 retries after the first try
                            .withBackoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
                            .withRetryAfterCap(Duration.ofSeconds(30))          // honour Retry-After up to 30 s
                            .withDeadline(Duration.ofSeconds(20)))              // all attempts and waits together
                    .build()) {
                Response r = client.get(baseUrl + "/flaky").join();             // 503, 503, then 200
                System.out.println(r.statusCode() + " after " + r.attempts() + " attempts");

                // POST is not idempotent: it is resent only when nothing was sent, unless you say it is safe.
                Response created = client.post(baseUrl + "/orders", o -> o.json(order).header("Idempotency-Key", order.id())).join();
                System.out.println(created.statusCode() + " after " + created.attempts() + " attempts");
            // README:retries:end
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.attempts()).isEqualTo(3);
                assertThat(created.statusCode()).isEqualTo(201);
            }
        }
    }

    @Test
    void serviceClient() {
        try (JettyServer server = usersApi()) {
            String baseUrl = "http://127.0.0.1:" + server.port();
            // README:service-client:begin
            try (ServiceClient api = ServiceClient.builder(baseUrl + "/api/v1")
                    .authToken("secret-token")                                  // Authorization: Bearer secret-token
                    .build()) {
                // GET with query parameters; data() is the parsed JSON (a JsonNode), or null for an empty body.
                ApiResponse<JsonNode> users = api.get("/users", Map.of("active", true)).join();
                System.out.println(users.statusCode() + " " + users.data() + " " + users.headers().get("Content-Type"));

                // Each verb sends its data as JSON; the typed overloads parse the answer into your class.
                ApiResponse<User> created = api.post("/users", Map.of("name", "Grace"), User.class).join();
                int id = created.data().id();
                api.put("/users/" + id, new User(id, "Grace Hopper")).join();
                api.patch("/users/" + id, Map.of("name", "Grace B. Hopper")).join();
                ApiResponse<JsonNode> deleted = api.delete("/users/" + id).join();   // 204: deleted.data() is null

                try {
                    api.get("/users/999").join();
                } catch (CompletionException e) {
                    if (e.getCause() instanceof NotFoundException missing) {        // an ApiException per status
                        System.out.println(missing.statusCode() + ": " + missing.getMessage());
                    }
                }
            // README:service-client:end
                assertThat(users.data().get(0).get("name").asText()).isEqualTo("Ada");
                assertThat(created.statusCode()).isEqualTo(201);
                assertThat(deleted.data()).isNull();
                // The sample's catch only prints: the 404 must really arrive as a NotFoundException.
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.get("/users/999").join())
                        .cause().isInstanceOf(NotFoundException.class);
            }
        }
    }

    @Test
    void serviceClientConfiguration() throws IOException {
        Path caBundle = TestCertificates.localhost().ca().toTempRootCertPem().toPath();
        try (JettyServer server = JettyServer.builder().tls().http2(true).start()) {
            String secureBaseUrl = "https://localhost:" + server.port();
            String token = "t0ken";
            // README:service-config:begin
            try (ServiceClient api = ServiceClient.builder(secureBaseUrl)
                    .authToken(token)
                    .timeout(Duration.ofSeconds(10))                            // connect, read, write, pool (30 s)
                    .verifySsl(true)                                            // (true)
                    .followRedirects(true)                                      // (true)
                    .maxRetries(5)                                              // (3)
                    .retryDelay(Duration.ofMillis(500))                         // doubling, with jitter (1 s)
                    .http2(true)                                                // offered by ALPN on https (false)
                    .maxConnections(50)                                         // (100)
                    .maxKeepaliveConnections(10)                                // (20)
                    .headers(Map.of("X-Client", "billing/2.1"))
                    .configure(client -> client.verify(caBundle))               // any other AsyncClient option
                    .build()) {
                JsonNode echo = api.get("/echo").join().data();
                System.out.println(echo.get("version"));                        // "HTTP/2.0"
            // README:service-config:end
                assertThat(echo.get("version").asText()).isEqualTo("HTTP/2.0");
                assertThat(echo.get("headers").get("x-client").get(0).asText()).isEqualTo("billing/2.1");
            }
        }
    }

    @Test
    void serviceClientConcurrency() {
        try (JettyServer server = usersApi()) {
            String baseUrl = "http://127.0.0.1:" + server.port();
            // README:service-concurrent:begin
            try (ServiceClient api = ServiceClient.builder(baseUrl + "/api/v1").build()) {
                CompletableFuture<ApiResponse<User>> first = api.get("/users/1", null, User.class);
                CompletableFuture<ApiResponse<User>> second = api.get("/users/2", null, User.class);
                System.out.println(first.join().data().name() + " and " + second.join().data().name());

                List<Integer> ids = List.of(1, 2, 3, 4, 5, 6, 7, 8);
                List<ApiResponse<User>> all = ServiceClient.gather(ids, 4, i -> api.get("/users/" + i, null, User.class)).join();
                all.forEach(u -> System.out.println(u.data().name()));          // in the order of ids
            // README:service-concurrent:end
                assertThat(all).extracting(u -> u.data().id()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
            }
        }
    }

    /** A small users API under /api/v1, as the ServiceClient samples expect. */
    private static JettyServer usersApi() {
        ObjectMapper json = new ObjectMapper();
        return JettyServer.builder()
                .route("/api/v1/users", (request, response, callback) -> {
                    if (request.getMethod().equals("POST")) {
                        String name = json.readTree(Content.Source.asString(request)).path("name").asText();
                        respondJson(response, callback, 201, json.writeValueAsString(new User(3, name)));
                    } else {
                        respondJson(response, callback, 200,
                                json.writeValueAsString(List.of(new User(1, "Ada"), new User(2, "Grace"))));
                    }
                })
                .route("/api/v1/users/{id}", (request, response, callback) -> {
                    int id = Integer.parseInt(JettyServer.param(request, "id"));
                    switch (request.getMethod()) {
                        case "DELETE" -> {
                            response.setStatus(204);
                            callback.succeeded();
                        }
                        case "PUT", "PATCH" -> respondJson(response, callback, 200, Content.Source.asString(request));
                        default -> {
                            if (id == 999) {
                                respondJson(response, callback, 404, "{\"detail\": \"No user 999\"}");
                            } else {
                                respondJson(response, callback, 200, json.writeValueAsString(new User(id, "User " + id)));
                            }
                        }
                    }
                })
                .start();
    }

    private static void respondJson(org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback,
            int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    @Test
    void proxies() throws IOException {
        TinyproxyServer.assumeInstalled();
        DanteServer.assumeInstalled();
        NginxServer.assumeInstalled();
        Path caBundle = TestCertificates.localhost().ca().toTempRootCertPem().toPath();
        Path socketDir = Files.createTempDirectory(Path.of("/tmp"), "crd");
        Path dockerSocket = socketDir.resolve("docker.sock");
        try (JettyServer plain = JettyServer.start();
             JettyServer secure = JettyServer.builder().tls(TestCertificates.localhost().server()).http2(true).start();
             TinyproxyServer tinyproxy = TinyproxyServer.builder().basicAuth("user", "secret").start();
             DanteServer dante = DanteServer.builder().noAuth().start();
             NginxServer engine = NginxServer.builder().file("/v1.43/info", "{}".getBytes(StandardCharsets.UTF_8))
                     .serverDirectives("listen unix:" + dockerSocket + ";").start()) {
            String proxyUrl = tinyproxy.urlWithCredentials();
            String socksUrl = "socks5h://127.0.0.1:" + dante.port();
            String httpsUrl = "https://localhost:" + secure.port() + "/echo";
            String internalOrigin = "https://localhost:" + secure.port();
            int port = plain.port();
            // README:proxies:begin
            // Every request through one proxy. http:// URLs go to it in absolute form with its credentials;
            // https:// URLs go through a CONNECT tunnel, with TLS (and HTTP/2 by ALPN) between you and the origin,
            // so the proxy's credentials never reach the origin and the origin's never cross the proxy in clear.
            try (AsyncClient client = AsyncClient.builder().proxy(proxyUrl).verify(caBundle).build()) {
                client.get(httpsUrl).join().raiseForStatus();
            }

            // Some URLs only, through mounts: a transport per proxy. socks5h:// lets the proxy resolve names,
            // socks5:// resolves them here; https:// is a proxy spoken to over TLS.
            try (HttpTransport viaSocks = HttpTransport.builder().proxy(socksUrl).verify(caBundle).build();
                 AsyncClient client = AsyncClient.builder().mount(internalOrigin, viaSocks).build()) {
                client.get(internalOrigin + "/echo").join().raiseForStatus();
            }

            // The environment (trustEnv, on by default): HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY, in lower
            // or upper case (lower wins), plus SSL_CERT_FILE and SSL_CERT_DIR. A map can stand in for it.
            try (HttpTransport fromEnv = HttpTransport.builder()
                    .environment(Map.of("HTTPS_PROXY", proxyUrl, "NO_PROXY", ".internal.example.com"))
                    .verify(caBundle)
                    .build();
                 AsyncClient client = AsyncClient.builder().transport(fromEnv).build()) {
                client.get(httpsUrl).join().raiseForStatus();         // through the proxy
            }

            // HTTP over a unix domain socket, the Docker engine API style, pooled as TCP is.
            try (HttpTransport docker = HttpTransport.builder().unixSocket(dockerSocket).build();
                 AsyncClient client = AsyncClient.builder().transport(docker).build()) {
                System.out.println(client.get("http://localhost/v1.43/info").join().text());
            }

            // DNS: the system resolver by default (never on an I/O thread), Netty's asynchronous one with
            // TTL-honouring caching, or a table of your own. Names with several addresses are raced by
            // Happy Eyeballs (IPv6 first, the next address 250 ms later or as soon as one fails).
            Resolver pinned = Resolver.of(Map.of("api.internal", List.of(InetAddress.getLoopbackAddress())));
            try (HttpTransport transport = HttpTransport.builder().resolver(pinned).build();
                 AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                client.get("http://api.internal:" + port + "/echo").join().raiseForStatus();
            }
            // README:proxies:end
            assertThat(tinyproxy.awaitRequest("localhost:" + secure.port(), Duration.ofSeconds(10))).isTrue();
            assertThat(dante.awaitConnection("127.0.0.1", secure.port(), Duration.ofSeconds(10))).isTrue();
        } finally {
            Files.deleteIfExists(dockerSocket);
            Files.deleteIfExists(socketDir);
        }
    }

    @Test
    void apps() {
        // README:apps:begin
        App app = App.sync(request -> switch (request.url().path()) {
            case "/hello" -> Response.builder().content("Hello, " + request.url().query()).build();
            case "/boom" -> throw new IllegalStateException("bug in the app");
            default -> Response.builder().status(404).build();
        });
        try (AsyncClient client = AsyncClient.builder().app(app).build()) {     // base URL http://testserver
            System.out.println(client.get("/hello?name=Ada").join().text());   // Hello, name=Ada
        }

        // Django's raise_request_exception=False: a 500 that carries the exception.
        Transport lenient = AppTransport.builder(app).raiseAppExceptions(false).clientAddress("203.0.113.9").build();
        try (Client client = Client.builder().baseUrl("http://testserver").transport(lenient).build()) {
            Response failed = client.get("/boom");
            System.out.println(failed.statusCode() + " " + failed.extension(AppTransport.EXCEPTION));
        }

        // A handler written for com.sun.net.httpserver.HttpServer, run without a server.
        HttpHandler handler = exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
        try (Client client = Client.builder().app(App.of(handler)).build()) {
            System.out.println(client.post("/echo", o -> o.content("ping")).text());   // ping
        }
        // README:apps:end
        try (Client client = Client.builder().transport(lenient).baseUrl("http://testserver").build()) {
            assertThat(client.get("/boom").extension(AppTransport.EXCEPTION)).isInstanceOf(IllegalStateException.class);
        }
        try (Client client = Client.builder().app(App.of(handler)).build()) {
            assertThat(client.post("/echo", o -> o.content("ping")).text()).isEqualTo("ping");
        }
    }

    @Test
    void readmeShowsThisTestsCode() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/courier/ReadmeSampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String region : new String[] {"quick-start", "network", "http2", "redirects-cookies-auth", "retries",
            "service-client", "service-config", "service-concurrent", "proxies", "apps"}) {
            String sample = between(test, "// README:" + region + ":begin", "// README:" + region + ":end");
            for (String line : sample.strip().split("\n")) {
                assertThat(readme).as("README line of " + region).contains(line.strip());
            }
        }
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin) + begin.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
