package dev.courier.support.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** {@link NghttpdServer}: files over h2 (TLS) and h2c, its options, and a clean stop. */
class NghttpdFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] SMALL = "hello from nghttpd\n".getBytes(StandardCharsets.US_ASCII);

    private static final HttpClient H2 = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(TestCertificates.localhost().clientSslContext())
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
    }

    @Test
    void servesFilesOverH2WithTls() throws Exception {
        long big = 4L << 20;
        try (NghttpdServer nghttpd = NghttpdServer.builder().file("/small.txt", SMALL).file("/data/big.bin", big).start()) {
            assertThat(nghttpd.isTls()).isTrue();
            assertThat(nghttpd.url("/x")).isEqualTo("https://127.0.0.1:" + nghttpd.port() + "/x");
            HttpResponse<byte[]> small = H2.send(request(nghttpd.url("/small.txt")), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(small.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(small.statusCode()).isEqualTo(200);
            assertThat(small.body()).isEqualTo(SMALL);

            HttpResponse<InputStream> large = H2.send(request(nghttpd.url("/data/big.bin")), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(large.headers().firstValue("content-length")).hasValue(String.valueOf(big));
            long total = 0;
            try (InputStream in = large.body()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                }
            }
            assertThat(total).isEqualTo(big);

            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(H2.sendAsync(request(nghttpd.url("/small.txt")), HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> call : calls) {
                assertThat(call.join().body()).isEqualTo(SMALL);
            }
            assertThat(H2.send(request(nghttpd.url("/missing")), HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void echoUploadSendsTheBodyBack() throws Exception {
        byte[] body = JettyRoutes.pattern(300_000);
        try (NghttpdServer nghttpd = NghttpdServer.builder().echoUpload(true).trailer("x-extra", "yes").start()) {
            HttpResponse<byte[]> response = H2.send(HttpRequest.newBuilder(URI.create(nghttpd.url("/anything")))
                    .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(body);
        }
    }

    @Test
    void cleartextSpeaksH2cAndAdvertisesTheStreamLimit() throws Exception {
        try (NghttpdServer nghttpd = NghttpdServer.builder().cleartext().maxConcurrentStreams(7).start();
             Socket socket = new Socket("127.0.0.1", nghttpd.port())) {
            assertThat(nghttpd.isTls()).isFalse();
            assertThat(nghttpd.url("/x")).isEqualTo("http://127.0.0.1:" + nghttpd.port() + "/x");
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            in.readInt();
            assertThat(type).as("the server's first frame is SETTINGS").isEqualTo(4);
            Map<Integer, Long> settings = new HashMap<>();
            for (int i = 0; i < length / 6; i++) {
                settings.put(in.readUnsignedShort(), in.readInt() & 0xffffffffL);
            }
            assertThat(settings).containsEntry(3, 7L);
        }
    }

    @Test
    void stopsCleanly() throws Exception {
        NghttpdServer nghttpd = NghttpdServer.builder().file("/small.txt", SMALL).start();
        int port;
        Path dir;
        ProcessHandle process;
        try (nghttpd) {
            port = nghttpd.port();
            dir = nghttpd.directory();
            process = nghttpd.process();
            assertThat(Files.isRegularFile(dir.resolve("www/small.txt"))).isTrue();
            assertThat(H2.send(request(nghttpd.url("/small.txt")), HttpResponse.BodyHandlers.ofByteArray()).body())
                    .isEqualTo(SMALL);
        }
        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void aMissingNghttpdSkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/nghttpd");
        assertThatThrownBy(() -> NghttpdServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nghttpd is not installed: .ci/run installs it (apt-get install -y nghttp2-server)");
        assertThatThrownBy(() -> NghttpdServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y nghttp2-server");
    }
}
