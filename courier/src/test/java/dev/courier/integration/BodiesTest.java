package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.DecodingException;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.support.servers.JettyRoutes;
import dev.courier.support.servers.JettyServer;
import dev.courier.transport.HttpTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request and response bodies over real HTTP/1.1 against Jetty: framing both ways, decoding, streaming. */
class BodiesTest {
    private static JettyServer server;
    private final HttpTransport transport = HttpTransport.builder().build();
    private final AsyncClient client = AsyncClient.builder().transport(transport).build();

    @BeforeAll
    static void start() {
        server = JettyServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void tearDown() {
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        client.close();
    }

    private JsonNode echo(Response r) {
        assertThat(r.statusCode()).isEqualTo(200);
        return r.json();
    }

    @Test
    void contentLengthAndChunkedResponses() {
        assertThat(client.get(server.url("/bytes/100000")).join().content()).isEqualTo(JettyRoutes.pattern(100_000));
        assertThat(client.get(server.url("/stream/100000?chunks=7")).join().content()).isEqualTo(JettyRoutes.pattern(100_000));
    }

    /**
     * Bodies that go whole with their head in its first write of 16 KiB, end just short of its edge
     * or just past it (the head here is about 200 bytes), or go on in a second write.
     */
    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000, 16_100, 16_300, 300_000})
    void aWrappedArrayIsSentAsItIs(int size) {
        byte[] payload = JettyRoutes.pattern(size);
        RequestBody body = RequestBody.wrap(payload, "application/octet-stream");
        for (int i = 0; i < 2; i++) {
            Response r = client.post(server.url("/echo-stream"), o -> o.body(body)).join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.content()).isEqualTo(payload);
        }
    }

    @Test
    void requestBodiesWithContentLengthAndChunked(@TempDir Path dir) throws IOException {
        JsonNode fixed = echo(client.post(server.url("/echo"), o -> o.content("hello")).join());
        assertThat(fixed.get("body").asText()).isEqualTo("hello");
        assertThat(fixed.at("/headers/content-length/0").asText()).isEqualTo("5");

        JsonNode chunked = echo(client.post(server.url("/echo"),
                o -> o.content(new ByteArrayInputStream("streamed body".getBytes(StandardCharsets.UTF_8)))).join());
        assertThat(chunked.get("body").asText()).isEqualTo("streamed body");
        assertThat(chunked.at("/headers/transfer-encoding/0").asText()).isEqualTo("chunked");

        Flow.Publisher<ByteBuffer> publisher = ChunkPublisher.of("one ", "two ", "three");
        assertThat(echo(client.put(server.url("/echo"), o -> o.content(publisher)).join()).get("body").asText())
                .isEqualTo("one two three");

        Path file = dir.resolve("upload.bin");
        Files.write(file, JettyRoutes.pattern(3 << 20));
        JsonNode uploaded = echo(client.post(server.url("/echo"), o -> o.content(file)).join());
        assertThat(uploaded.get("bodyLength").asInt()).isEqualTo(3 << 20);
        assertThat(uploaded.at("/headers/content-length/0").asText()).isEqualTo(Integer.toString(3 << 20));
    }

    @Test
    void multipartUploadFromAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "file content");
        JsonNode echoed = echo(client.post(server.url("/echo"), o -> o.form(java.util.Map.of("title", "T")).file("doc", file)).join());
        assertThat(echoed.get("body").asText()).contains("name=\"title\"").contains("filename=\"notes.txt\"")
                .contains("file content");
    }

    @Test
    void hostAndDefaultHeadersOnTheWire() {
        JsonNode echoed = echo(client.get(server.url("/echo?q=a%20b"), o -> o.header("X-Custom", "café")).join());
        assertThat(echoed.at("/headers/host/0").asText()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(echoed.at("/headers/user-agent/0").asText()).startsWith("courier/");
        assertThat(echoed.at("/headers/accept-encoding/0").asText()).contains("gzip");
        assertThat(echoed.get("uri").asText()).isEqualTo("/echo?q=a%20b");
        // Non-ASCII values go out as UTF-8 bytes; Jetty reads header bytes as ISO-8859-1.
        String received = echoed.at("/headers/x-custom/0").asText();
        assertThat(new String(received.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).isEqualTo("café");
    }

    @Test
    void headAnd204And304HaveNoBody() {
        Response head = client.head(server.url("/bytes/5000")).join();
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().get("Content-Length")).isEqualTo("5000");
        assertThat(head.content()).isEmpty();
        assertThat(client.get(server.url("/status/204")).join().content()).isEmpty();
        assertThat(client.get(server.url("/status/304")).join().content()).isEmpty();
        // The connection survived all three and still frames correctly.
        assertThat(client.get(server.url("/bytes/3")).join().content()).hasSize(3);
    }

    @Test
    void expectContinueSendsTheBodyAfterTheGoAhead() {
        JsonNode echoed = echo(client.post(server.url("/echo"), o -> o.header("Expect", "100-continue")
                .content(new ByteArrayInputStream("after 100".getBytes(StandardCharsets.UTF_8)))).join());
        assertThat(echoed.get("body").asText()).isEqualTo("after 100");
    }

    @Test
    void expectContinueAnsweredWithAFinalStatusNeverSendsTheBody() throws InterruptedException {
        try (FaultServer faults = FaultServer.start(Script.create().readRequestHead()
                .write("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n").flush().sleep(java.time.Duration.ofMillis(300)).close())) {
            Response r = client.post(faults.url("/"), o -> o.header("Expect", "100-continue")
                    .content(new ByteArrayInputStream(new byte[1000]))).join();
            assertThat(r.statusCode()).isEqualTo(417);
            assertThat(faults.connection(0).awaitDone(java.time.Duration.ofSeconds(5))).isTrue();
            assertThat(faults.connection(0).receivedText()).doesNotContain("\u0000");
        }
    }

    @Test
    void gzipIsDecodedAndTheHeadersLeftAsSent() {
        Response r = client.get(server.url("/gzip")).join();
        assertThat(r.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.text()).isEqualTo(JettyRoutes.GZIP_TEXT);
    }

    @Test
    void decodingCanBeTurnedOff() throws IOException {
        try (HttpTransport raw = HttpTransport.builder().gzip(false).build();
             AsyncClient c = AsyncClient.builder().transport(raw).build()) {
            byte[] compressed = c.get(server.url("/gzip")).join().content();
            assertThat(new String(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(compressed)).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo(JettyRoutes.GZIP_TEXT);
        }
    }

    @Test
    void aGzipBombStopsAtTheLimit() {
        try (HttpTransport bounded = HttpTransport.builder().maxDecompressedSize(16 << 20).build();
             AsyncClient c = AsyncClient.builder().transport(bounded).build()) {
            assertThatThrownBy(() -> c.get(server.url("/gzip?zeros=" + (512L << 20))).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(DecodingException.class)
                    .hasMessageContaining(server.port() + "");
            assertThat(Pools.awaitQuiet(bounded).inUse()).isZero();
        }
    }

    /**
     * A redirect's body is drained, not read, and a bomb in it is no exception (RELIABILITY §1.5):
     * the redirect is followed, and the connection, with more to drain than the drain limit, is
     * closed rather than decompressing the rest.
     */
    @Test
    void aGzipBombInARedirectsBodyIsNotDecompressedWhole() throws Exception {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = buffer.toByteArray();
        String head = "HTTP/1.1 302 Found\r\nLocation: /final\r\nContent-Encoding: gzip\r\nContent-Length: "
                + bomb.length + "\r\n\r\n";
        try (FaultServer faults = FaultServer.builder()
                     .script(Script.create().readRequest().write(head).write(bomb).flush().readToEof(Duration.ofSeconds(30)))
                     .whenEmpty(Script.ok("final")).start();
             HttpTransport t = HttpTransport.builder().build();
             AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
            Response r = c.get(faults.url("/bomb")).join();
            assertThat(r.text()).isEqualTo("final");
            assertThat(r.history()).hasSize(1);
            // 64 MiB of zeros inflate past the drain limit long before the 64 KiB of gzip end.
            assertThat(faults.connectionCount()).isEqualTo(2);
            // Closed by the client: the script, reading to the end for up to 30 s, is over well before
            // that (with an EOF or, since the client left bytes unread, a reset).
            assertThat(faults.connection(0).awaitDone(Duration.ofSeconds(10))).as("the client closed the connection")
                    .isTrue();
            assertThat(faults.connection(0).receivedText()).doesNotContain("/final");
        }
    }

    @Test
    void aTruncatedGzipStreamIsAnErrorNotAShortBody() throws IOException {
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
            gzip.write(JettyRoutes.pattern(50_000));
        }
        byte[] whole = buffer.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        String head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + cut.length + "\r\n\r\n";
        try (FaultServer faults = FaultServer.start(Script.create().readRequest().write(head).write(cut).flush().close())) {
            assertThatThrownBy(() -> client.get(faults.url("/")).join())
                    .cause().isInstanceOf(DecodingException.class);
        }
    }

    @Test
    void aStreamedBodyIsReadOnDemand() throws IOException {
        try (Response r = client.stream("GET", server.url("/bytes/" + (4 << 20))).join();
             InputStream in = r.bodyStream()) {
            byte[] first = in.readNBytes(10);
            assertThat(first).isEqualTo(JettyRoutes.pattern(10));
            // Far less than the body has come in: the rest waits in the server and the socket buffers.
            assertThat(r.bytesRead()).isLessThan(4 << 20);
            assertThat(in.readAllBytes()).hasSize((4 << 20) - 10);
        }
    }

    @Test
    void aOneShotBodyGoesOnceAndABufferedOneCanGoTwice() {
        RequestBody once = RequestBody.of(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
        RequestBody twice = once.buffered().join();
        assertThat(echo(client.post(server.url("/echo"), o -> o.body(twice)).join()).get("body").asText()).isEqualTo("x");
        assertThat(echo(client.post(server.url("/echo"), o -> o.body(twice)).join()).get("body").asText()).isEqualTo("x");
    }

    /**
     * RELIABILITY §1.13 "response before request body finished": the server reads 1 KiB of a 10 MiB
     * upload, answers 413 with {@code Connection: close} and closes, while the client is still
     * sending. The caller gets the 413 and its body, whichever comes first of the answer and the
     * failed write (the client's socket sees the answer, then a reset); the connection is not used
     * again. Once as an array written with the head, once as a stream sent chunk by chunk.
     */
    @Test
    void aResponseBeforeTheUploadEndsReachesTheCaller() throws Exception {
        byte[] tenMiB = new byte[10 << 20];
        String tooLarge = "HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                + "Connection: close\r\n\r\ntoo large";
        Script answersEarly = Script.create().readRequestHead().readBytes(1024).write(tooLarge).close();
        List<Supplier<RequestBody>> bodies = List.of(() -> RequestBody.of(tenMiB),
                () -> RequestBody.of(new ByteArrayInputStream(tenMiB)));
        for (Supplier<RequestBody> body : bodies) {
            // Several rounds: which the client notices first, the answer or the reset, varies from run to run.
            for (int round = 0; round < 5; round++) {
                try (FaultServer faults = FaultServer.start(answersEarly, Script.ok("next"))) {
                    // Bounded so that a hang fails the test rather than stalling the build.
                    Response r = client.post(faults.url("/upload"), o -> o.body(body.get())).get(30, TimeUnit.SECONDS);
                    assertThat(r.statusCode()).isEqualTo(413);
                    assertThat(r.text()).isEqualTo("too large");
                    assertThat(faults.connection(0).requestText(0)).startsWith("POST /upload HTTP/1.1\r\n");
                    assertThat(client.get(faults.url("/next")).get(30, TimeUnit.SECONDS).text()).isEqualTo("next");
                    assertThat(faults.connectionCount()).isEqualTo(2);
                }
            }
        }
    }
}
