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
