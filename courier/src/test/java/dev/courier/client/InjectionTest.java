package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.InvalidUrlException;
import dev.courier.Request;
import dev.courier.RequestOptions;
import dev.courier.support.RecordingTransport;
import dev.courier.support.servers.FaultServer;
import dev.courier.support.servers.FaultServer.Script;
import dev.courier.transport.HttpTransport;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RELIABILITY.md §1.2: injection attempts fail before anything reaches a transport, or a server. */
class InjectionTest {
    static Stream<Arguments> attacks() {
        return Stream.of(
                Arguments.of("value CRLF", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X", "a\r\nX-Injected: 1")),
                Arguments.of("value LF", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X", "a\nb")),
                Arguments.of("value CR", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X", "a\rb")),
                Arguments.of("value NUL", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X", "a\u0000b")),
                Arguments.of("name space", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X Bad", "v")),
                Arguments.of("name colon", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("X:Bad", "v")),
                Arguments.of("name empty", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.header("", "v")),
                Arguments.of("method", "GET /x HTTP/1.1\r\nX: y\r\n\r\nGET", "https://a.test/", (Consumer<RequestOptions>) o -> {}),
                Arguments.of("url CRLF", "GET", "http://a.test/x\r\nX-Injected:1", (Consumer<RequestOptions>) o -> {}),
                Arguments.of("cookie", "GET", "https://a.test/", (Consumer<RequestOptions>) o -> o.cookie("a", "1\r\nX: y")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void rejectedBeforeAnyByteIsSent(String name, String method, String url, Consumer<RequestOptions> options) {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport).build()) {
            assertThatThrownBy(() -> c.request(method, url, options).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfAny(IllegalArgumentException.class, InvalidUrlException.class);
            assertThat(transport.requests()).isEmpty();
        }
    }

    /** The same attacks through the network transport: the server never even sees a connection. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void aServerSeesNoConnection(String name, String method, String url, Consumer<RequestOptions> options) {
        try (FaultServer server = FaultServer.builder().whenEmpty(Script.ok("must not be reached")).start();
             HttpTransport transport = HttpTransport.builder().build();
             AsyncClient c = AsyncClient.builder().transport(transport).build()) {
            String target = url.replace("https://a.test/", server.url("/")).replace("http://a.test/", server.url("/"));
            assertThatThrownBy(() -> c.request(method, target, options).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfAny(IllegalArgumentException.class, InvalidUrlException.class);
            assertThat(server.connectionCount()).isZero();
            assertThat(transport.poolStats().open()).isZero();
        }
    }

    @Test
    void aSpaceInThePathIsPercentEncodedNeverRaw() {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport).build()) {
            c.get("http://a.test/ HTTP/1.1").join();
            Request sent = transport.last();
            assertThat(sent.url().pathAndQuery()).isEqualTo("/%20HTTP/1.1").doesNotContain(" ");
        }
    }

    @Test
    void hooksCannotInjectEither() {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport)
                .onRequest(r -> r.withHeader("X", "evil\r\nX-Injected: 1")).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join()).hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(transport.requests()).isEmpty();
        }
    }

    @Test
    void aSecretInARejectedHeaderIsNotEchoed() {
        try (AsyncClient c = AsyncClient.builder().transport(RecordingTransport.ok()).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/", o -> o.header("Authorization", "Bearer s3cr3t\n")).join())
                    .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("s3cr3t"));
        }
    }
}
