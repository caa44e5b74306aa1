package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.transport.HttpTransport;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELIABILITY.md §1.3 and §1.4 over a real socket: ambiguous framing, malformed and oversized
 * responses and truncated bodies are protocol errors, never short bodies, and the connection is
 * never reused afterwards.
 */
class Http1FramingTest {
    private HttpTransport transport;
    private AsyncClient client;

    @BeforeEach
    void setUp() {
        transport = HttpTransport.builder().build();
        client = AsyncClient.builder().transport(transport).build();
    }

    @AfterEach
    void tearDown() {
        assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        client.close();
    }

    static Stream<Arguments> brokenResponses() {
        return Stream.of(
                Arguments.of("duplicate Content-Length", Script.duplicateContentLength(), "Content-Length"),
                Arguments.of("Content-Length with chunked", Script.contentLengthWithChunked(), "Content-Length"),
                Arguments.of("bad chunk size", Script.badChunkSize("zz"), ""),
                Arguments.of("chunk size with junk", Script.badChunkSize("5;\nX"), ""),
                // §1.3's chunk-size recipes: a size is bare hex digits (RFC 9112 §7.1), with no prefix,
                // sign or trailing whitespace, and one that overflows must not wrap into a small one.
                Arguments.of("chunk size with a 0x prefix", Script.badChunkSize("0x10"), "chunk size"),
                Arguments.of("chunk size with a sign", Script.badChunkSize("+5"), "chunk size"),
                Arguments.of("chunk size with a trailing space", Script.badChunkSize("5 "), "chunk size"),
                Arguments.of("chunk size of 18 hex digits (overflow)",
                        Script.badChunkSize("ffffffffffffffffff"), "overflow"),
                Arguments.of("chunk size of 4 GiB then too little data", Script.badChunkSize("100000000"), "overflow"),
                // A size the decoder accepts, then far less data and a close: a truncated body, never a short one.
                Arguments.of("chunk size of 256 MiB then too little data",
                        Script.badChunkSize("fffffff"), "closed the connection"),
                Arguments.of("bare LF inside a chunk extension", Script.badChunkSize("5;ext=a\nb"), "Carriage Return"),
                Arguments.of("chunk data not followed by CRLF", rawResponse(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX0\r\n\r\n"), "CR LF"),
                // Lines end with CRLF only (RFC 9112 §2.2): parsers that also take a bare LF read such a
                // head differently from those that don't, and no documented leniency allows it here.
                Arguments.of("head lines ended by bare LF", rawResponse(
                        "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi"), "Carriage Return"),
                Arguments.of("HTTP/1.0 with two different Content-Lengths", rawResponse(
                        "HTTP/1.0 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"), "Content-Length"),
                Arguments.of("short Content-Length body", Script.shortContentLength(), "closed the connection"),
                Arguments.of("bad status line", Script.badStatusLine("HTTP/1.1 2OO OK"), "Malformed"),
                Arguments.of("garbage status line", Script.badStatusLine("HELLO"), ""),
                Arguments.of("oversized status line", Script.badStatusLine("HTTP/1.1 200 " + "O".repeat(9000)), "limit"),
                Arguments.of("oversized headers", Script.oversizedHeaders(70 * 1024), "limit"),
                Arguments.of("too many headers", Script.tooManyHeaders(300), "header fields"),
                Arguments.of("1xx flood", Script.interimFlood(20), "interim"),
                // Decoded fields reach Headers unchecked (Netty's decoder validated them): these prove it does.
                Arguments.of("control byte in a header value", rawResponse(
                        "HTTP/1.1 200 OK\r\nX-Bad: a\u0001b\r\nContent-Length: 2\r\n\r\nok"), ""),
                Arguments.of("control byte in a header name", rawResponse(
                        "HTTP/1.1 200 OK\r\nX\u0001Bad: 1\r\nContent-Length: 2\r\n\r\nok"), ""),
                // RFC 9112 §5.1: no whitespace between a field name and its colon (Netty would read
                // "Content Type: x" as "Content: x").
                Arguments.of("space inside a header name", rawResponse(
                        "HTTP/1.1 200 OK\r\nContent Type: x\r\nContent-Length: 2\r\n\r\nok"), "whitespace"),
                Arguments.of("space before a header's colon", rawResponse(
                        "HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 2\r\n\r\nok"), "whitespace"),
                Arguments.of("tab before a trailer's colon", rawResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\nok\r\n0\r\nX-Trailer\t: 1\r\n\r\n"), "whitespace"),
                Arguments.of("NUL in a trailer", rawResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\nok\r\n0\r\nX-Trailer: a\u0000b\r\n\r\n"), ""),
                Arguments.of("disconnect at start", Script.disconnectAtStart(), "without sending a response"),
                Arguments.of("disconnect after headers", Script.disconnectAfterHeaders(), ""),
                Arguments.of("disconnect mid-body", Script.disconnectMidBody(), ""));
    }

    private static Script rawResponse(String response) {
        return Script.create().readRequest().write(response).close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenResponses")
    void brokenResponsesAreProtocolErrorsAndTheConnectionIsNotReused(String name, Script broken, String message) {
        try (FaultServer server = FaultServer.start(broken, Script.ok("fine"))) {
            assertThatThrownBy(() -> client.get(server.url("/broken")).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContaining(message)
                    .satisfies(e -> assertThat(((RemoteProtocolException) e).request().url().path()).isEqualTo("/broken"));
            Response next = client.get(server.url("/next")).join();
            assertThat(next.text()).isEqualTo("fine");
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    /**
     * A HEAD response describes the body a GET would get (RFC 9110 §9.3.2), so its Content-Length
     * announces nothing to read: waiting for those 100 bytes would hang, and reading them would take
     * the next response's bytes. The connection stays in step, so the next request reuses it.
     */
    @Test
    void aHeadResponsesContentLengthIsNoBodyAndTheConnectionIsReused() {
        try (FaultServer server = FaultServer.start(Script.create()
                .respond("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
                .readRequest().write(Script.response(200, "fine")))) {
            Response head = client.head(server.url("/head")).join();
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().get("Content-Length")).isEqualTo("100");
            assertThat(head.content()).isEmpty();
            assertThat(client.get(server.url("/next")).join().text()).isEqualTo("fine");
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    /**
     * 204 and 304 never have a body (RFC 9110 §15.3.5, §15.4.5; RFC 9112 §6.3), whatever
     * Content-Length says. A client that believed the header would wait for 5 bytes the server
     * never sends, so the next request could not go on this connection; were the bytes there, it
     * would take the first 5 of the next response and read the rest as a broken head. Here the
     * next request goes on the same connection and gets its own response whole.
     */
    @ParameterizedTest(name = "{0} with Content-Length: 5")
    @ValueSource(ints = {204, 304})
    void aBodilessStatusIgnoresItsContentLengthAndTheNextResponseIsWhole(int status) {
        try (FaultServer server = FaultServer.start(Script.create()
                .respond("HTTP/1.1 " + status + " Nothing\r\nContent-Length: 5\r\n\r\n")
                .readRequest().write(Script.response(200, "hello")))) {
            Response first = client.get(server.url("/first")).join();
            assertThat(first.statusCode()).isEqualTo(status);
            assertThat(first.content()).isEmpty();
            Response second = client.get(server.url("/second")).join();
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("hello");
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(server.connection(0).requestText(1)).startsWith("GET /second HTTP/1.1\r\n");
        }
    }

    /**
     * The same 204, with a whole response right behind it in one segment, before any second request
     * was sent. The decoder sees both at once: the 204 must still end at its blank line, not take
     * "HTTP/" as its body. The trailing response answers nothing that was asked, so the connection
     * is dropped (see Http1Connection) and the next request gets its answer on a new one, never the
     * stale "early" response.
     */
    @Test
    void aResponseInTheSameSegmentAsA204IsNotItsBodyNorAnyonesAnswer() {
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                        .write("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"
                                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly")
                        .flush().readToEof(FaultServer.MAX_PAUSE),
                Script.ok("fine"))) {
            Response first = client.get(server.url("/first")).join();
            assertThat(first.statusCode()).isEqualTo(204);
            assertThat(first.content()).isEmpty();
            assertThat(client.get(server.url("/second")).join().text()).isEqualTo("fine");
            assertThat(server.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void interimResponsesUnderTheCapAreSkipped() {
        try (FaultServer server = FaultServer.start(Script.interimFlood(3))) {
            assertThat(client.get(server.url("/")).join().text()).isEqualTo("ok");
        }
    }

    @Test
    void theServersReasonPhraseAndVersionAreKept() {
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                .write("HTTP/1.0 201 Made It\r\nContent-Length: 2\r\n\r\nok").flush().close())) {
            Response r = client.get(server.url("/")).join();
            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(r.reasonPhrase()).isEqualTo("Made It");
            assertThat(r.httpVersion()).isEqualTo("HTTP/1.0");
            assertThat(r.text()).isEqualTo("ok");
        }
    }

    @Test
    void aReadUntilCloseBodyEndsWithTheConnection() {
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                .write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it").flush().close())) {
            assertThat(client.get(server.url("/")).join().text()).isEqualTo("all of it");
        }
    }
}
