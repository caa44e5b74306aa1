package dev.courier.support.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.courier.support.servers.FaultServer.Script;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FaultServer}: the named scripts' exact wire bytes, the records, and the socket-level faults. */
class FaultFixtureTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GET = "GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    static Stream<Arguments> exactBytes() {
        return Stream.of(
                arguments("ok", Script.ok("fine"), "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfine"),
                arguments("disconnectAfterRequest", Script.disconnectAfterRequest(), ""),
                arguments("disconnectAfterHeaders", Script.disconnectAfterHeaders(),
                        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"),
                arguments("disconnectMidBody", Script.disconnectMidBody(),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"),
                arguments("stallBeforeStatusLine", Script.stallBeforeStatusLine(Duration.ofMillis(20)),
                        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate"),
                arguments("stallMidBody", Script.stallMidBody(Duration.ofMillis(20)),
                        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhelloworld"),
                arguments("badStatusLine", Script.badStatusLine(), "HTTP/1.1 2x0 Bad\r\nContent-Length: 2\r\n\r\nok"),
                arguments("badStatusLine(custom)", Script.badStatusLine("HTTP/1.1 200"),
                        "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok"),
                arguments("oversizedHeaders", Script.oversizedHeaders(5),
                        "HTTP/1.1 200 OK\r\nX-Big: aaaaa\r\nContent-Length: 2\r\n\r\nok"),
                arguments("tooManyHeaders", Script.tooManyHeaders(3),
                        "HTTP/1.1 200 OK\r\nX-H-0: v\r\nX-H-1: v\r\nX-H-2: v\r\nContent-Length: 2\r\n\r\nok"),
                arguments("badChunkSize", Script.badChunkSize("+5"),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n"),
                arguments("shortContentLength", Script.shortContentLength(10, 4),
                        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd"),
                arguments("duplicateContentLength", Script.duplicateContentLength(),
                        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                arguments("contentLengthWithChunked", Script.contentLengthWithChunked(),
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                arguments("interimFlood", Script.interimFlood(2),
                        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                arguments("keepAliveThenIdleClose", Script.keepAliveThenIdleClose(Duration.ofMillis(20)),
                        "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na"),
                arguments("serveThenClose", Script.serveThenClose(1),
                        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nresponse-0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void exactBytes(String name, Script script, String expected) throws Exception {
        assertThat(script.writtenText()).isEqualTo(expected);
        try (FaultServer server = FaultServer.start(script); Socket socket = connect(server)) {
            send(socket, GET);
            assertThat(readToEof(socket)).isEqualTo(expected);

            assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.connection(0).requests()).hasSize(1);
            assertThat(server.connection(0).requestText(0)).isEqualTo(GET);
            assertThat(server.connection(0).receivedText()).isEqualTo(GET);
            assertThat(server.connection(0).failure()).isNull();
        }
    }

    static Stream<Arguments> bigScripts() {
        return Stream.of(
                arguments("oversizedHeaders(1 MiB)", Script.oversizedHeaders(1 << 20)),
                arguments("tooManyHeaders(10000)", Script.tooManyHeaders(10_000)),
                arguments("interimFlood(1000)", Script.interimFlood(1000)),
                arguments("badChunkSize(overflow)", Script.badChunkSize("ffffffffffffffffff")),
                arguments("shortContentLength()", Script.shortContentLength()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bigScripts(String name, Script script) throws Exception {
        try (FaultServer server = FaultServer.start(script); Socket socket = connect(server)) {
            send(socket, GET);
            assertThat(readToEof(socket)).isEqualTo(script.writtenText());
        }
    }

    @Test
    void namedScriptsHaveTheAdvertisedShape() {
        assertThat(Script.oversizedHeaders(1 << 20).writtenText()).contains("X-Big: " + "a".repeat(1 << 20) + "\r\n");
        assertThat(Script.tooManyHeaders(10_000).writtenText().split("\r\nX-H-", -1)).hasSize(10_001);
        assertThat(Script.interimFlood(1000).writtenText().split("HTTP/1.1 100 Continue\r\n\r\n", -1)).hasSize(1001);
        assertThat(Script.shortContentLength().writtenText())
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + new String(JettyRoutes.pattern(50), StandardCharsets.US_ASCII));
        assertThat(Script.serveThenClose(3).writtenText()).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nresponse-0"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nresponse-1"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nresponse-2");
        assertThat(Script.interimFlood(2, false).steps()).last().isInstanceOf(FaultServer.Step.Sleep.class);
    }

    @Test
    void disconnectAtStartReadsNothingAndCloses() throws Exception {
        try (FaultServer server = FaultServer.start(Script.disconnectAtStart()); Socket socket = connect(server)) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.connection(0).requests()).isEmpty();
        }
    }

    @Test
    void countsZeroConnectionsWhenNobodyConnects() {
        try (FaultServer server = FaultServer.start(Script.ok("never"))) {
            assertThat(server.connectionCount()).isZero();
            assertThat(server.connections()).isEmpty();
            assertThat(server.url("/a")).isEqualTo("http://127.0.0.1:" + server.port() + "/a");
        }
    }

    @Test
    void scriptsAreUsedInOrderThenTheFallback() throws Exception {
        try (FaultServer server = FaultServer.builder()
                .script(Script.ok("a"))
                .whenEmpty(Script.ok("fallback"))
                .start()) {
            server.enqueue(Script.ok("b"));
            for (String expected : new String[] {"a", "b", "fallback", "fallback"}) {
                try (Socket socket = connect(server)) {
                    send(socket, GET);
                    assertThat(readToEof(socket)).endsWith("\r\n\r\n" + expected);
                }
            }
            assertThat(server.connectionCount()).isEqualTo(4);
            assertThat(server.awaitIdle(WAIT)).isTrue();
        }
        try (FaultServer server = FaultServer.start(Script.ok("only")); Socket first = connect(server)) {
            send(first, GET);
            assertThat(readToEof(first)).endsWith("only");
            try (Socket second = connect(server)) {
                assertThat(second.getInputStream().read()).as("default fallback closes at once").isEqualTo(-1);
            }
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void recordsEachRequestWithItsBodyOnAKeptAliveConnection() throws Exception {
        String fixed = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        String chunked = "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n";
        String bare = "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
        try (FaultServer server = FaultServer.start(Script.serveThenClose(3)); Socket socket = connect(server)) {
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                send(socket, new String[] {fixed, chunked, bare}[i]);
                String expected = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nresponse-" + i;
                assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.ISO_8859_1)).isEqualTo(expected);
            }
            assertThat(in.read()).isEqualTo(-1);

            FaultServer.Connection connection = server.connection(0);
            assertThat(connection.awaitDone(WAIT)).isTrue();
            assertThat(connection.requests()).hasSize(3);
            assertThat(connection.requestText(0)).isEqualTo(fixed);
            assertThat(connection.requestText(1)).isEqualTo(chunked);
            assertThat(connection.requestText(2)).isEqualTo(bare);
            assertThat(connection.receivedText()).isEqualTo(fixed + chunked + bare);
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void readBytesReadsPartOfAnUploadBeforeAnswering() throws Exception {
        String head = "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n";
        String tooLarge = "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        Script script = Script.create().readRequestHead().readBytes(1024).write(tooLarge).close();
        try (FaultServer server = FaultServer.start(script); Socket socket = connect(server)) {
            send(socket, head + "x".repeat(1024));
            String answer = tooLarge;
            assertThat(new String(socket.getInputStream().readNBytes(answer.length()), StandardCharsets.ISO_8859_1)).isEqualTo(answer);
            assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
            assertThat(server.connection(0).requestText(0)).isEqualTo(head + "x".repeat(1024));
        }
    }

    @Test
    void respondReadsARequestAndWritesRawBytes() throws Exception {
        // §1.10 stale keep-alive: "a" on connection 0, which is then closed on the next request.
        try (FaultServer server = FaultServer.start(
                Script.create().respond("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na").readRequest().close(),
                Script.ok("b"));
             Socket first = connect(server)) {
            send(first, GET);
            assertThat(new String(first.getInputStream().readNBytes(39), StandardCharsets.ISO_8859_1)).endsWith("\r\n\r\na");
            send(first, GET);
            assertThat(first.getInputStream().read()).isEqualTo(-1);
            try (Socket second = connect(server)) {
                send(second, GET);
                assertThat(readToEof(second)).endsWith("\r\n\r\nb");
            }
            assertThat(server.awaitIdle(WAIT)).isTrue();
            assertThat(server.connections()).extracting(c -> c.requests().size()).containsExactly(2, 1);
        }
    }

    @Test
    void resetSendsRst() throws Exception {
        Script script = Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab").flush()
                .sleep(Duration.ofMillis(50)).reset();
        try (FaultServer server = FaultServer.start(script); Socket socket = connect(server)) {
            send(socket, GET);
            assertThatThrownBy(() -> socket.getInputStream().readAllBytes())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
        }
    }

    @Test
    void halfCloseLetsTheServerKeepReading() throws Exception {
        Script script = Script.create().readRequest().write(Script.response(200, "x")).shutdownOutput().readToEof(WAIT);
        try (FaultServer server = FaultServer.start(script); Socket socket = connect(server)) {
            send(socket, GET);
            assertThat(readToEof(socket)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx");
            send(socket, "tail");
            socket.shutdownOutput();

            FaultServer.Connection connection = server.connection(0);
            assertThat(connection.awaitDone(WAIT)).isTrue();
            assertThat(connection.sawEof()).isTrue();
            assertThat(connection.receivedText()).isEqualTo(GET + "tail");
            assertThat(connection.requests()).hasSize(1);
        }
    }

    @Test
    void keepAliveThenIdleCloseSendsFinAfterTheResponse() throws Exception {
        try (FaultServer server = FaultServer.start(Script.keepAliveThenIdleClose(Duration.ofMillis(100)));
             Socket socket = connect(server)) {
            send(socket, GET);
            InputStream in = socket.getInputStream();
            String response = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
            assertThat(new String(in.readNBytes(response.length()), StandardCharsets.ISO_8859_1)).isEqualTo(response);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void aStallHoldsUntilTheServerCloses() throws Exception {
        FaultServer server = FaultServer.start(Script.stallBeforeStatusLine(FaultServer.MAX_PAUSE));
        try (server; Socket socket = connect(server)) {
            send(socket, GET);
            socket.setSoTimeout(200);
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(server.connection(0).isDone()).isFalse();
        }
        assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
    }

    @Test
    void connectionsBeyondTheBoundWaitForAFreeSlot() throws Exception {
        Script holdUntilClientCloses = Script.create().readRequest().write(Script.response(200, "one")).flush().readToEof(WAIT);
        try (FaultServer server = FaultServer.builder().maxConnections(1)
                .script(holdUntilClientCloses).script(Script.ok("two")).start()) {
            String one = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none";
            try (Socket first = connect(server); Socket second = connect(server)) {
                send(first, GET);
                assertThat(new String(first.getInputStream().readNBytes(one.length()), StandardCharsets.ISO_8859_1)).isEqualTo(one);
                send(second, GET);
                second.setSoTimeout(200);
                assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                assertThat(server.connectionCount()).isEqualTo(1);

                first.shutdownOutput(); // the first script reads to EOF, then frees its slot
                second.setSoTimeout((int) WAIT.toMillis());
                assertThat(readToEof(second)).endsWith("two");
                assertThat(server.connectionCount()).isEqualTo(2);
            }
        }
    }

    @Test
    void aReadStepGivesUpAfterTheReadTimeout() throws Exception {
        try (FaultServer server = FaultServer.builder().readTimeout(Duration.ofMillis(100)).script(Script.ok("late")).start();
             Socket socket = connect(server)) {
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(server.connection(0).awaitDone(WAIT)).isTrue();
            assertThat(server.connection(0).failure()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closedServerRefusesConnections() throws Exception {
        int port;
        try (FaultServer server = FaultServer.start()) {
            port = server.port();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    private static Socket connect(FaultServer server) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String readToEof(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
