package dev.courier.support.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** {@link NginxServer}: static files over http and https, extras, and a clean stop. */
class NginxFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long BIG = 64L << 20;
    private static final byte[] SMALL = "small file\n".getBytes(StandardCharsets.US_ASCII);

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder()
                .version(version)
                .sslContext(TestCertificates.localhost().clientSslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void servesSmallAndBigFilesOverHttpAndHttps() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        try (NginxServer nginx = NginxServer.builder().file("/small", SMALL).file("/data/big.bin", BIG).tls().start()) {
            for (String base : List.of(nginx.url(""), nginx.httpsUrl(""))) {
                HttpResponse<byte[]> small = client.send(request(base + "/small"), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(small.statusCode()).isEqualTo(200);
                assertThat(small.body()).isEqualTo(SMALL);

                HttpResponse<InputStream> big = client.send(request(base + "/data/big.bin"), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(big.statusCode()).isEqualTo(200);
                assertThat(big.headers().firstValue("content-length")).hasValue(String.valueOf(BIG));
                long total = 0;
                boolean allZero = true;
                try (InputStream in = big.body()) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        total += n;
                        for (int i = 0; i < n && allZero; i++) {
                            allZero = buffer[i] == 0;
                        }
                    }
                }
                assertThat(total).isEqualTo(BIG);
                assertThat(allZero).isTrue();

                assertThat(client.send(request(base + "/missing"), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            }
            assertThat(nginx.httpsUrl("/x")).isEqualTo("https://127.0.0.1:" + nginx.tlsPort() + "/x");
            assertThat(nginx.url("/x")).isEqualTo("http://127.0.0.1:" + nginx.port() + "/x");
        }
    }

    @Test
    void stopsCleanly() throws Exception {
        NginxServer nginx = NginxServer.builder().file("/small", SMALL).tls().start();
        int port;
        int tlsPort;
        Path dir;
        ProcessHandle process;
        try (nginx) {
            port = nginx.port();
            tlsPort = nginx.tlsPort();
            dir = nginx.directory();
            process = nginx.process();
            assertThat(Files.isDirectory(dir)).isTrue();
            assertThat(process.isAlive()).isTrue();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new Socket("127.0.0.1", tlsPort).close()).isInstanceOf(IOException.class);
    }

    @Test
    void masterProcessWithTwoWorkersStopsAllOfThem() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        NginxServer nginx = NginxServer.builder().masterProcess(true).workerProcesses(2).file("/small", SMALL).start();
        List<ProcessHandle> workers;
        try (nginx) {
            assertThat(client.send(request(nginx.url("/small")), HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(SMALL);
            workers = nginx.process().descendants().toList();
            assertThat(workers).hasSize(2);
        }
        assertThat(nginx.process().isAlive()).isFalse();
        for (ProcessHandle worker : workers) {
            assertThat(worker.onExit()).succeedsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void echoHeadersAndExtraDirectives() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_1_1);
        try (NginxServer nginx = NginxServer.builder()
                .serverDirectives("location = /gone { return 410; }")
                .httpDirectives("server_tokens off;")
                .keepaliveRequests(1)
                .start()) {
            HttpRequest echo = HttpRequest.newBuilder(URI.create(nginx.url("/echo-headers?q=1")))
                    .timeout(TIMEOUT).header("User-Agent", "courier-test/1").build();
            HttpResponse<String> response = client.send(echo, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .contains("method=GET\n", "uri=/echo-headers?q=1\n", "user-agent=courier-test/1\n",
                            "host=127.0.0.1:" + nginx.port() + "\n");
            assertThat(response.headers().firstValue("connection")).hasValue("close");
            assertThat(response.headers().firstValue("server")).hasValue("nginx");
            assertThat(client.send(request(nginx.url("/gone")), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(410);
        }
    }

    @Test
    void http2OnTheTlsPort() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_2);
        try (NginxServer nginx = NginxServer.builder().file("/small", SMALL).tls().http2(true).start()) {
            HttpResponse<byte[]> response = client.send(request(nginx.httpsUrl("/small")), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo(SMALL);
        }
    }

    @Test
    void aBadConfigFailsWithTheErrorLog() {
        assertThatThrownBy(() -> NginxServer.builder().serverDirectives("no_such_directive on;").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nginx did not start")
                .hasMessageContaining("no_such_directive");
    }

    @Test
    void aMissingNginxSkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/nginx");
        assertThatThrownBy(() -> NginxServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nginx is not installed: .ci/run installs it (apt-get install -y nginx)");
        assertThatThrownBy(() -> NginxServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y nginx");
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
    }
}
