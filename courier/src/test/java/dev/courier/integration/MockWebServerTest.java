package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.ReadTimeoutException;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.support.Pools;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.transport.HttpTransport;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transport against OkHttp's mockwebserver3: what the server received, its faults, and TLS with client certificates. */
class MockWebServerTest {
    private final MockWebServer server = new MockWebServer();
    private HttpTransport transport;
    private AsyncClient client;

    @BeforeEach
    void setUp() throws IOException {
        server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        transport = HttpTransport.builder().build();
        client = AsyncClient.builder().transport(transport).build();
    }

    @AfterEach
    void tearDown() {
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        client.close();
        server.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    @Test
    void theServerReceivesExactlyTheRequest() throws InterruptedException {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        server.enqueue(new MockResponse.Builder().body("ok").build());
        client.get(url("/path?q=a%20b"), o -> o.header("X-Custom", "1")).join();
        client.post(url("/upload"), o -> o.content(new ByteArrayInputStream("chunked body".getBytes(StandardCharsets.UTF_8)))).join();

        RecordedRequest get = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(get.getRequestLine()).isEqualTo("GET /path?q=a%20b HTTP/1.1");
        assertThat(get.getHeaders().get("Host")).isEqualTo("127.0.0.1:" + server.getPort());
        assertThat(get.getHeaders().get("X-Custom")).isEqualTo("1");
        RecordedRequest post = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(post.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(post.getBody().utf8()).isEqualTo("chunked body");
        assertThat(post.getConnectionIndex()).isEqualTo(get.getConnectionIndex());
    }

    @Test
    void aChunkedResponseWithTrailers() {
        server.enqueue(new MockResponse.Builder().chunkedBody("a chunked response", 3).build());
        assertThat(client.get(url("/")).join().text()).isEqualTo("a chunked response");
    }

    @Test
    void disconnectBeforeTheResponse() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        assertThatThrownBy(() -> client.get(url("/")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RemoteProtocolException.class);
    }

    @Test
    void disconnectDuringTheBody() {
        server.enqueue(new MockResponse.Builder().body("x".repeat(100_000))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        assertThatThrownBy(() -> client.get(url("/")).join())
                .cause().isInstanceOf(RemoteProtocolException.class)
                .hasMessageContaining("closed the connection");
    }

    @Test
    void slowHeadersHitTheReadTimeout() {
        server.enqueue(new MockResponse.Builder().body("late").headersDelay(5, TimeUnit.SECONDS).build());
        assertThatThrownBy(() -> client.get(url("/"), o -> o.timeout(Timeout.of(Duration.ofSeconds(5))
                .withRead(Duration.ofMillis(200)))).join())
                .cause().isInstanceOf(ReadTimeoutException.class);
    }

    @Test
    void aTimeoutGivenAsAnExtensionOverridesTheRequestsOwn() {
        server.enqueue(new MockResponse.Builder().body("late").headersDelay(5, TimeUnit.SECONDS).build());
        assertThatThrownBy(() -> client.get(url("/"), o -> o.timeout(Timeout.of(Duration.ofSeconds(30)))
                .extension("timeout", Timeout.of(Duration.ofSeconds(5)).withRead(Duration.ofMillis(200)))).join())
                .cause().isInstanceOf(ReadTimeoutException.class);
    }

    @Test
    void aThrottledBodyArrivesWhole() throws IOException {
        server.enqueue(new MockResponse.Builder().body("y".repeat(20_000)).throttleBody(4096, 20, TimeUnit.MILLISECONDS).build());
        try (Response r = client.stream("GET", url("/")).join(); InputStream in = r.bodyStream()) {
            assertThat(in.readAllBytes()).hasSize(20_000);
        }
    }

    @Test
    void tlsWithARequiredClientCertificate() throws Exception {
        Pki pki = TestCertificates.localhost();
        Instant now = Instant.now();
        X509Bundle clientCert = new CertificateBuilder().ecp256().subject("CN=courier-client")
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature).addExtendedKeyUsageClientAuth()
                .buildIssuedBy(pki.ca());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(pki.server().toKeyManagerFactory().getKeyManagers(),
                pki.ca().toTrustManagerFactory().getTrustManagers(), null);
        MockWebServer tls = new MockWebServer();
        tls.useHttps(serverContext.getSocketFactory());
        tls.requireClientAuth();
        tls.start(java.net.InetAddress.getLoopbackAddress(), 0);
        byte[] ca = pki.ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
        String url = "https://localhost:" + tls.getPort() + "/secure";
        try (tls;
             HttpTransport anonymous = HttpTransport.builder().caCertificates(ca).build();
             HttpTransport identified = HttpTransport.builder().caCertificates(ca)
                     .cert(clientCert.toTempCertChainPem().toPath(), clientCert.toTempPrivateKeyPem().toPath()).build()) {
            assertThatThrownBy(() -> AsyncClient.builder().transport(anonymous).build().get(url).join())
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("localhost:" + tls.getPort());
            // A refused handshake consumes no queued response.
            tls.enqueue(new MockResponse.Builder().body("hello, client").build());
            Response r = AsyncClient.builder().transport(identified).build().get(url).join();
            assertThat(r.text()).isEqualTo("hello, client");
            RecordedRequest seen = tls.takeRequest(5, TimeUnit.SECONDS);
            assertThat(seen.getHandshake().peerPrincipal().getName()).contains("courier-client");
        }
    }
}
