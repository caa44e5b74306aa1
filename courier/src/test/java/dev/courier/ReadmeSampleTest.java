package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.auth.Auth;
import dev.courier.support.servers.HttpbinServer;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.NginxServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.transport.HttpTransport;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import dev.courier.transport.MockTransport;
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
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start true: the code between the README markers is this test's code. */
class ReadmeSampleTest {
    record User(int id, String name) {}

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
    void readmeShowsThisTestsCode() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/courier/ReadmeSampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        for (String region : new String[] {"quick-start", "network", "http2", "redirects-cookies-auth"}) {
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
