package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.LocalProtocolException;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.support.Pools;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.support.servers.H2FrameServer;
import dev.courier.support.servers.H2FrameServer.HeaderBlock;
import dev.courier.support.servers.H2FrameServer.Request;
import dev.courier.transport.HttpTransport;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request head as servers receive it, over HTTP/2 (HEADERS built straight from the head) and
 * HTTP/1.1 (Netty's headers without Netty's second validation).
 */
class RequestHeadWireTest {
    private static final Timeout TIMEOUT = Timeout.of(Duration.ofSeconds(20));

    private static final Consumer<dev.courier.RequestOptions> FIELDS = o -> o
            .header("X-Multi", "1")
            .header("Accept", "text/plain")
            .header("X-MULTI", "2")
            .header("Connection", "X-Hop")
            .header("X-Hop", "hop-by-hop")
            .header("Keep-Alive", "timeout=5")
            .header("Upgrade", "websocket")
            .header("TE", "trailers")
            .header("Host", "evil.test")
            .header("Cookie", "a=1; b=2")
            .header("X-Utf8", "Grüße");

    private static List<String> names(Http2Headers headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            out.add(field.getKey().toString());
        }
        return out;
    }

    private static List<String> all(Http2Headers headers, String name) {
        List<String> out = new ArrayList<>();
        for (CharSequence value : headers.getAll(name)) {
            out.add(value.toString());
        }
        return out;
    }

    @Test
    void http2ServersReceiveLowerCaseFieldsWithoutConnectionSpecificOnes() throws Exception {
        try (H2FrameServer server = H2FrameServer.start();
             HttpTransport transport = HttpTransport.builder().http1(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            Response get = client.get(server.url("/p?q=1"), FIELDS).join();
            assertThat(get.httpVersion()).isEqualTo("HTTP/2");
            assertThat(get.text()).isEqualTo("ok /p?q=1");
            Response post = client.request("POST", server.url("/in-memory"), o -> o.content("hello")).join();
            assertThat(post.text()).isEqualTo("ok /in-memory");
            Response streamed = client.request("PUT", server.url("/streamed"),
                    o -> o.content(new ByteArrayInputStream("streamed body".getBytes(StandardCharsets.UTF_8)))).join();
            assertThat(streamed.text()).isEqualTo("ok /streamed");

            List<Request> requests = server.peer(0).requests();
            assertThat(requests).hasSize(3);
            Http2Headers sent = requests.get(0).headers();
            assertThat(sent.method().toString()).isEqualTo("GET");
            assertThat(sent.scheme().toString()).isEqualTo("http");
            assertThat(sent.authority().toString()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(sent.path().toString()).isEqualTo("/p?q=1");
            List<String> names = names(sent);
            assertThat(names).allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
            assertThat(names).doesNotContain("host", "connection", "x-hop", "keep-alive", "upgrade",
                    "transfer-encoding");
            assertThat(names.stream().filter(":authority"::equals)).hasSize(1);
            assertThat(all(sent, "te")).containsExactly("trailers");
            assertThat(all(sent, "x-multi")).containsExactly("1", "2");
            assertThat(all(sent, "accept")).containsExactly("text/plain");
            assertThat(all(sent, "cookie")).containsExactly("a=1", "b=2");
            assertThat(sent.get("x-utf8").toString().getBytes(StandardCharsets.ISO_8859_1))
                    .isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));

            assertThat(requests.get(1).method()).isEqualTo("POST");
            assertThat(requests.get(1).bodyText()).isEqualTo("hello");
            assertThat(requests.get(2).method()).isEqualTo("PUT");
            assertThat(requests.get(2).bodyText()).isEqualTo("streamed body");
            // The body-less GET ends its stream with its HEADERS; the others send DATA after them.
            List<HeaderBlock> blocks = server.peer(0).headerBlocks();
            assertThat(blocks).extracting(HeaderBlock::endStream).containsExactly(true, false, false);
            assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        }
    }

    @Test
    void http1ServersReceiveHostFirstThenTheFieldsAsSpelled() throws Exception {
        try (FaultServer server = FaultServer.start(Script.ok("fine"));
             HttpTransport transport = HttpTransport.builder().build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            Response response = client.get(server.url("/p?q=1"), o -> o
                    .header("X-Multi", "1")
                    .header("Host", "evil.test")
                    .header("X-MULTI", "2")
                    .header("X-Utf8", "Grüße")).join();
            assertThat(response.text()).isEqualTo("fine");

            String head = server.connection(0).requestText(0);
            assertThat(head).startsWith("GET /p?q=1 HTTP/1.1\r\nhost: 127.0.0.1:" + server.port() + "\r\n");
            assertThat(head).contains("X-Multi: 1\r\n", "X-MULTI: 2\r\n")
                    .doesNotContain("evil.test");
            assertThat(head.getBytes(StandardCharsets.ISO_8859_1)).containsSequence(
                    "X-Utf8: Grüße\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(head.indexOf("X-Multi: 1")).isLessThan(head.indexOf("X-MULTI: 2"));
        }
    }

    /** Netty's first-character rule, kept: the request fails at once (it used to stall in the event loop). */
    @Test
    void aValueStartingWithWhitespaceFailsTheRequest() {
        try (FaultServer server = FaultServer.start(Script.ok("never sent"));
             HttpTransport transport = HttpTransport.builder().build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            assertThatThrownBy(() -> client.get(server.url("/"), o -> o.header("X-Lead", " v")).join())
                    .hasCauseInstanceOf(LocalProtocolException.class)
                    .hasMessageContaining("starts with a space or tab");
            assertThat(Pools.awaitQuiet(transport).inUse()).isZero();
        }
    }

    /**
     * What a server receives over HTTP/1.1 for the POST of {@link #post} to {@code path}, with
     * {@code fields} added by the caller; the server answers "ok" and the text is read once the
     * client is done with the connection.
     */
    private static String sentOverHttp1(String path, java.util.function.UnaryOperator<dev.courier.Request.Builder> fields)
            throws Exception {
        try (FaultServer server = FaultServer.start(Script.create().readRequest()
                     .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
             HttpTransport transport = HttpTransport.builder().http2(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            assertThat(client.send(fields.apply(post(server.url(path))).build()).join().text()).isEqualTo("ok");
            assertThat(server.connection(0).awaitDone(Duration.ofSeconds(10))).isTrue();
            return server.connection(0).receivedText();
        }
    }

    private static dev.courier.Request.Builder post(String url) {
        return dev.courier.Request.builder("POST", url).body(RequestBody.of("hello"));
    }

    static Stream<Arguments> misframedRequests() {
        // The fields come after the body: setting a body drops framing fields set before it.
        return Stream.of(
                Arguments.of("Content-Length shorter than the body",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Content-Length", "3").build(), "is 3 but its body is 5"),
                Arguments.of("Content-Length longer than the body",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Content-Length", "10").build(), "is 10 but its body is 5"),
                Arguments.of("Content-Length on a GET without a body",
                        (Function<String, dev.courier.Request>) u -> dev.courier.Request.builder("GET", u).header("Content-Length", "5").build(),
                        "is 5 but its body is 0"),
                Arguments.of("Content-Length with a sign",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Content-Length", "+5").build(), "decimal digits"),
                Arguments.of("Content-Length as a list",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Content-Length", "5, 5").build(), "decimal digits"),
                Arguments.of("two different Content-Lengths",
                        (Function<String, dev.courier.Request>) u -> dev.courier.Request.builder("POST", u)
                                .body(RequestBody.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))))
                                .header("Content-Length", "5").header("Content-Length", "6").build(), "two different"),
                Arguments.of("Transfer-Encoding gzip",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Transfer-Encoding", "gzip").build(), "may only be \"chunked\""),
                Arguments.of("Transfer-Encoding gzip, chunked",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Transfer-Encoding", "gzip, chunked").build(),
                        "may only be \"chunked\""),
                Arguments.of("Transfer-Encoding chunked twice",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Transfer-Encoding", "chunked")
                                .header("Transfer-Encoding", "chunked").build(), "may only be \"chunked\""),
                Arguments.of("Transfer-Encoding and Content-Length",
                        (Function<String, dev.courier.Request>) u -> post(u).header("Transfer-Encoding", "chunked")
                                .header("Content-Length", "5").build(), "both"));
    }

    /**
     * A caller's framing fields that disagree with the body would let its bytes be read as another
     * request on the same connection (RELIABILITY §1.3): the request fails before a byte is sent,
     * and the connection's next request is read correctly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("misframedRequests")
    void misframedRequestsFailBeforeAByteIsSent(String name, Function<String, dev.courier.Request> request, String message)
            throws Exception {
        try (FaultServer server = FaultServer.builder().whenEmpty(Script.ok("fine")).start();
             HttpTransport transport = HttpTransport.builder().http2(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            assertThatThrownBy(() -> client.send(request.apply(server.url("/bad"))).join())
                    .cause().isInstanceOf(LocalProtocolException.class).hasMessageContaining(message);
            assertThat(client.get(server.url("/good")).join().text()).isEqualTo("fine");
            for (FaultServer.Connection connection : server.connections()) {
                assertThat(connection.receivedText()).doesNotContain("/bad");
            }
            Pools.awaitQuiet(transport);
        }
    }

    /**
     * A caller's Content-Length given twice with the same value is consistent, so the request goes,
     * but as one field: a message carries one Content-Length (RFC 9110 §8.6), and two on the wire
     * are what smuggling relies on (a server or intermediary that reads one and one that reads the
     * other, or one that refuses the duplicate as nghttp2 does). Over HTTP/1.1 the server gets a
     * single field; over HTTP/2 the HEADERS carry one content-length.
     */
    @Test
    void anEqualContentLengthGivenTwiceGoesAsOneField() throws Exception {
        String received = sentOverHttp1("/twice", b -> b.header("Content-Length", "5").header("Content-Length", "5"));
        assertThat(received.toLowerCase(Locale.ROOT).split("content-length", -1)).as(received).hasSize(2);
        assertThat(received).contains("\r\nContent-Length: 5\r\n").endsWith("\r\n\r\nhello");
        try (H2FrameServer server = H2FrameServer.start();
             HttpTransport transport = HttpTransport.builder().http1(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            Response r = client.send(post(server.url("/twice")).header("Content-Length", "5")
                    .header("Content-Length", "5").build()).join();
            assertThat(r.text()).isEqualTo("ok /twice");
            Request sent = server.peer(0).requests().get(0);
            assertThat(all(sent.headers(), "content-length")).containsExactly("5");
            assertThat(sent.bodyText()).isEqualTo("hello");
        }
    }

    /** Chunked framing the caller asked for, in any case, carries the body intact. */
    @Test
    void aCallersChunkedTransferEncodingFramesTheBody() throws Exception {
        assertThat(sentOverHttp1("/chunked", b -> b.header("Transfer-Encoding", "Chunked")))
                .contains("Transfer-Encoding: Chunked\r\n").doesNotContain("Content-Length")
                .endsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    }

    /** A streamed body longer than the caller's Content-Length fails, and its connection is not used again. */
    @Test
    void aStreamedBodyLongerThanItsDeclaredLengthFails() throws Exception {
        try (FaultServer server = FaultServer.builder().whenEmpty(Script.ok("fine")).start();
             HttpTransport transport = HttpTransport.builder().http2(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT).build()) {
            dev.courier.Request streamed = dev.courier.Request.builder("POST", server.url("/bad"))
                    .body(RequestBody.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8))))
                    .header("Content-Length", "3").build();
            assertThatThrownBy(() -> client.send(streamed).join())
                    .cause().isInstanceOf(LocalProtocolException.class).hasMessageContaining("declared 3 bytes");
            assertThat(client.get(server.url("/good")).join().text()).isEqualTo("fine");
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(server.connection(0).receivedText()).doesNotContain("hel");
        }
    }

    /** Proxy credentials set on a request that goes straight to its origin stay home (RELIABILITY §1.1). */
    @Test
    void aProxyAuthorizationNeverReachesAnOriginDirectly() throws Exception {
        try (FaultServer server = FaultServer.start(Script.ok("fine"));
             HttpTransport transport = HttpTransport.builder().http2(false).build();
             AsyncClient client = AsyncClient.builder().transport(transport).timeout(TIMEOUT)
                     .header("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0").build()) {
            assertThat(client.get(server.url("/direct"), o -> o.header("X-Kept", "yes")).join().text()).isEqualTo("fine");
            assertThat(server.connection(0).receivedText()).contains("X-Kept: yes")
                    .doesNotContainIgnoringCase("Proxy-Authorization").doesNotContain("cHJveHk6c2VjcmV0");
        }
    }
}
