package dev.courier.support.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ready-made routes of {@link JettyServer}, over http and https, checked with the JDK client. */
class JettyFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(TestCertificates.localhost().clientSslContext())
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static JettyServer start(boolean tls) {
        return tls ? JettyServer.builder().tls().start() : JettyServer.start();
    }

    private static HttpResponse<byte[]> get(JettyServer server, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(server.uri(path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void urlNamesSchemeLoopbackAndPort(boolean tls) {
        try (JettyServer server = start(tls)) {
            assertThat(server.url("/a?b=c")).isEqualTo((tls ? "https" : "http") + "://127.0.0.1:" + server.port() + "/a?b=c");
            assertThat(server.url("x")).endsWith(":" + server.port() + "/x");
            assertThat(server.isTls()).isEqualTo(tls);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void echoReturnsMethodUriHeadersAndBody(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpRequest request = HttpRequest.newBuilder(server.uri("/echo/sub?x=1&y=%20"))
                    .timeout(TIMEOUT)
                    .header("X-Test", "a")
                    .header("X-Test", "b")
                    .POST(HttpRequest.BodyPublishers.ofString("héllo"))
                    .build();
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode json = JSON.readTree(response.body());
            assertThat(json.get("method").asText()).isEqualTo("POST");
            assertThat(json.get("uri").asText()).isEqualTo("/echo/sub?x=1&y=%20");
            assertThat(json.get("path").asText()).isEqualTo("/echo/sub");
            assertThat(json.get("query").asText()).isEqualTo("x=1&y=%20");
            assertThat(json.get("version").asText()).isEqualTo("HTTP/1.1");
            assertThat(json.get("secure").asBoolean()).isEqualTo(tls);
            assertThat(json.get("headers").get("x-test")).hasSize(2);
            assertThat(json.get("headers").get("x-test").get(0).asText()).isEqualTo("a");
            assertThat(json.get("headers").get("x-test").get(1).asText()).isEqualTo("b");
            assertThat(json.get("headers").get("host").get(0).asText()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(json.get("body").asText()).isEqualTo("héllo");
            assertThat(json.get("bodyLength").asInt()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bytesHasContentLengthAndThePattern(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/bytes/200000");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-length")).hasValue("200000");
            assertThat(response.body()).isEqualTo(JettyRoutes.pattern(200_000));
            assertThat(get(server, "/bytes/0").body()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void streamIsChunkedWithoutContentLength(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/stream/100000?chunks=5");
            assertThat(response.headers().firstValue("content-length")).isEmpty();
            assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(response.body()).isEqualTo(JettyRoutes.pattern(100_000));
        }
    }

    @Test
    void streamSendsSeveralChunksOnTheWire() throws Exception {
        try (JettyServer server = JettyServer.start();
             Socket socket = rawRequest(server, "GET /stream/10?chunks=4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            String wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("transfer-encoding: chunked\r\n");
            String body = wire.substring(wire.indexOf("\r\n\r\n") + 4);
            assertThat(body).isEqualTo("3\r\nabc\r\n3\r\ndef\r\n3\r\nghi\r\n1\r\nj\r\n0\r\n\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void statusAnswersThatStatus(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            for (int code : new int[] {200, 201, 204, 304, 404, 418, 500, 503}) {
                HttpResponse<byte[]> response = get(server, "/status/" + code);
                assertThat(response.statusCode()).as("status %d", code).isEqualTo(code);
                assertThat(response.body()).isEmpty();
            }
            assertThat(get(server, "/status/99").statusCode()).isEqualTo(400);
            assertThat(get(server, "/status/abc").statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void delayAnswersAfterTheDelay(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/delay/150");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(text(response)).isEqualTo("delayed 150 ms");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gzipIsEncodedAndDeclared(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/gzip");
            assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(response.headers().firstValue("content-length")).hasValue(String.valueOf(response.body().length));
            assertThat(new String(gunzip(response.body()), StandardCharsets.UTF_8)).isEqualTo(JettyRoutes.GZIP_TEXT);

            HttpResponse<byte[]> zeros = get(server, "/gzip?zeros=1000000");
            assertThat(zeros.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(zeros.body().length).isLessThan(10_000);
            assertThat(gunzip(zeros.body())).hasSize(1_000_000).containsOnly((byte) 0);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headersSendsThatManyHeaders(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/headers/2000");
            assertThat(response.statusCode()).isEqualTo(200);
            for (int i = 0; i < 2000; i++) {
                assertThat(response.headers().allValues("x-header-" + i)).containsExactly("value-" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dripSendsTheDeclaredBytes(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/drip?bytes=21&chunks=4&delayMs=20");
            assertThat(response.headers().firstValue("content-length")).hasValue("21");
            assertThat(response.body()).isEqualTo(JettyRoutes.pattern(21));
            assertThat(get(server, "/drip?delayMs=0").body()).isEqualTo(JettyRoutes.pattern(10));
        }
    }

    @Test
    void dripSendsTheHeadBeforeTheBody() throws Exception {
        try (JettyServer server = JettyServer.start();
             Socket socket = rawRequest(server, "GET /drip?bytes=3&chunks=3&delayMs=10 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
            String wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 3\r\n").endsWith("\r\n\r\nabc");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void redirectCountsDownAndKeepsTheQuery(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> first = get(server, "/redirect/3?status=307");
            assertThat(first.statusCode()).isEqualTo(307);
            assertThat(first.headers().firstValue("location")).hasValue("/redirect/2?status=307");
            HttpResponse<byte[]> plain = get(server, "/redirect/1");
            assertThat(plain.statusCode()).isEqualTo(302);
            assertThat(plain.headers().firstValue("location")).hasValue("/redirect/0");

            HttpClient following = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(TestCertificates.localhost().clientSslContext())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
            HttpResponse<String> done = following.send(HttpRequest.newBuilder(server.uri("/redirect/4")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).isEqualTo("done");
            assertThat(done.uri().getPath()).isEqualTo("/redirect/0");
            HttpResponse<String> slow = following.send(HttpRequest.newBuilder(server.uri("/redirect/2?delayMs=30")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(slow.body()).isEqualTo("done");
            assertThat(get(server, "/redirect/2?status=200&delayMs=30").statusCode()).isEqualTo(400);

            HttpResponse<byte[]> to = get(server, "/redirect-to?url=http%3A%2F%2Fb.test%3A1%2Fx%3Fy&status=308");
            assertThat(to.statusCode()).isEqualTo(308);
            assertThat(to.headers().firstValue("location")).hasValue("http://b.test:1/x?y");
            assertThat(get(server, "/redirect-to?url=/x&status=200").statusCode()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeAnswersConnectionClose(boolean tls) throws Exception {
        try (JettyServer server = start(tls)) {
            HttpResponse<byte[]> response = get(server, "/close");
            assertThat(response.headers().firstValue("connection")).hasValue("close");
            assertThat(text(response)).isEqualTo("closing");
        }
    }

    @Test
    void closeClosesTheConnectionOnTheWire() throws Exception {
        try (JettyServer server = JettyServer.start();
             Socket socket = rawRequest(server, "GET /close HTTP/1.1\r\nHost: x\r\n\r\n")) {
            // No "Connection: close" from the client: reading to EOF only ends because the server closes.
            String wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n").endsWith("\r\n\r\nclosing");
        }
    }

    @Test
    void customRoutesWinAndBindPathParameters() throws Exception {
        try (JettyServer server = JettyServer.builder()
                .route("/hello/{name}", (request, response, callback) ->
                        Content.Sink.write(response, true, "hi " + JettyServer.param(request, "name"), callback))
                .route("/files/{rest*}", (request, response, callback) ->
                        Content.Sink.write(response, true, JettyServer.param(request, "rest"), callback))
                .route("/echo", (request, response, callback) -> Content.Sink.write(response, true, "mine", callback))
                .start()) {
            assertThat(text(get(server, "/hello/ada"))).isEqualTo("hi ada");
            assertThat(text(get(server, "/files/a/b/c.txt"))).isEqualTo("a/b/c.txt");
            assertThat(text(get(server, "/echo"))).isEqualTo("mine");
            assertThat(get(server, "/bytes/3").body()).isEqualTo(JettyRoutes.pattern(3));
            assertThat(get(server, "/nowhere").statusCode()).isEqualTo(404);
            assertThat(get(server, "/hello/a/b").statusCode()).isEqualTo(404);
        }
        try (JettyServer bare = JettyServer.builder().withoutDefaultRoutes().start()) {
            assertThat(get(bare, "/echo").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void startWithARawHandler() throws Exception {
        Handler handler = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(202);
                Content.Sink.write(response, true, request.getMethod(), callback);
                return true;
            }
        };
        try (JettyServer server = JettyServer.start(handler)) {
            HttpResponse<byte[]> response = get(server, "/anything");
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(text(response)).isEqualTo("GET");
        }
    }

    @Test
    void httpsIsRealTls() throws Exception {
        try (JettyServer server = JettyServer.builder().tls().start()) {
            HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(server.uri("/status/200")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(SSLHandshakeException.class);

            TestCertificates.Pki other = TestCertificates.create("good.test", "127.0.0.1");
            char[] password = "pw".toCharArray();
            try (JettyServer own = JettyServer.builder().tls(other.serverKeyStore(password), password).start()) {
                HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(other.clientSslContext()).build();
                HttpResponse<Void> response = trusting.send(HttpRequest.newBuilder(own.uri("/status/204")).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(response.statusCode()).isEqualTo(204);
            }
        }
    }

    @Test
    void closeReleasesThePort() throws Exception {
        int port;
        try (JettyServer server = JettyServer.start()) {
            port = server.port();
            assertThat(get(server, "/status/200").statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void http2OverTlsIsChosenByAlpn() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(TestCertificates.localhost().clientSslContext()).build();
        try (JettyServer server = JettyServer.builder().tls().http2(true).start()) {
            assertThat(server.isHttp2()).isTrue();
            HttpResponse<byte[]> echo = h2.send(HttpRequest.newBuilder(server.uri("/echo")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(echo.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(JSON.readTree(echo.body()).get("version").asText()).isEqualTo("HTTP/2.0");
            HttpResponse<byte[]> bytes = h2.send(HttpRequest.newBuilder(server.uri("/bytes/300000")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bytes.body()).isEqualTo(JettyRoutes.pattern(300_000));

            // A client that offers only http/1.1 still gets it.
            HttpResponse<byte[]> http1 = get(server, "/echo");
            assertThat(http1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
            assertThat(JSON.readTree(http1.body()).get("version").asText()).isEqualTo("HTTP/1.1");
        }
    }

    @Test
    void h2cByPriorKnowledgeAdvertisesTheStreamLimit() throws Exception {
        try (JettyServer server = JettyServer.builder().http2(true).maxConcurrentStreams(7)
                .initialStreamRecvWindow(200_000).start();
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = (in.readUnsignedShort() << 8) | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            in.readUnsignedByte(); // flags
            in.readInt(); // stream id
            assertThat(type).as("the server's first frame is SETTINGS").isEqualTo(4);
            assertThat(length % 6).isZero();
            java.util.Map<Integer, Long> settings = new java.util.HashMap<>();
            for (int i = 0; i < length / 6; i++) {
                settings.put(in.readUnsignedShort(), in.readInt() & 0xffffffffL);
            }
            assertThat(settings).containsEntry(3, 7L).containsEntry(4, 200_000L);
        }
    }

    @Test
    void h2cServesHttp1AndTheUpgradeToo() throws Exception {
        HttpClient upgrading = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        try (JettyServer server = JettyServer.builder().http2(true).start()) {
            assertThat(text(get(server, "/delay/0"))).isEqualTo("delayed 0 ms");
            // The JDK client upgrades its first request on a fresh connection (Upgrade: h2c).
            HttpResponse<String> first = upgrading.send(HttpRequest.newBuilder(server.uri("/bytes/5")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(first.body()).isEqualTo("abcde");
            HttpResponse<String> second = upgrading.send(HttpRequest.newBuilder(server.uri("/bytes/3")).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(second.body()).isEqualTo("abc");
        }
    }

    @Test
    void trailersFollowAChunkedBody() throws Exception {
        try (JettyServer server = JettyServer.start();
             Socket socket = rawRequest(server, "GET /trailers?bytes=5 HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n"
                     + "Connection: close\r\n\r\n")) {
            String wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(JettyRoutes.pattern(5));
            assertThat(wire).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("transfer-encoding: chunked\r\n")
                    .contains("abcde")
                    .endsWith("0\r\nX-Bytes: 5\r\nX-Checksum: " + Long.toHexString(crc.getValue()) + "\r\n\r\n");
        }
    }

    @Test
    void echoStreamSendsEachPieceBackAsItArrives() throws Exception {
        try (JettyServer server = JettyServer.start();
             Socket socket = rawRequest(server, "POST /echo-stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     + "Connection: close\r\n\r\n")) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readUntil(in, "\r\n\r\n");
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
            // Each piece comes back before the next is sent: the response streams during the upload.
            for (String piece : new String[] {"first", "second", "third"}) {
                out.write((Integer.toHexString(piece.length()) + "\r\n" + piece + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Jetty sends a chunk's closing CRLF with the next chunk.
                assertThat(readUntil(in, piece)).endsWith(piece);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(rest).isEqualTo("\r\n0\r\nX-Received-Bytes: 16\r\n\r\n");
        }
        try (JettyServer server = JettyServer.builder().tls().http2(true).start()) {
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(TestCertificates.localhost().clientSslContext()).build();
            byte[] body = JettyRoutes.pattern(1_000_000);
            HttpResponse<byte[]> response = h2.send(HttpRequest.newBuilder(server.uri("/echo-stream")).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.body()).isEqualTo(body);
        }
    }

    @Test
    void acceptedConnectionsCountsTcpConnections() throws Exception {
        try (JettyServer server = JettyServer.builder().tls().http2(true).start()) {
            assertThat(server.acceptedConnections()).isZero();
            HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(TestCertificates.localhost().clientSslContext()).build();
            for (int i = 0; i < 5; i++) {
                h2.send(HttpRequest.newBuilder(server.uri("/status/204")).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertThat(server.openConnections()).isEqualTo(1);
            get(server, "/status/204"); // the HTTP/1.1 client: a connection of its own
            assertThat(server.acceptedConnections()).isEqualTo(2);
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1 << 20 && !text.toString().endsWith(end); i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
        }
        return text.toString();
    }

    private static Socket rawRequest(JettyServer server, String request) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
