package dev.courier.internal.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Headers;
import dev.courier.LocalProtocolException;
import dev.courier.Proxy;
import dev.courier.Request;
import dev.courier.RequestBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpUtil;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What goes out in a request head, the same for HTTP/1.1 and HTTP/2: RequestHead decides it once. */
class RequestHeadTest {
    private static Request request(String url, String... headers) {
        return Request.builder("GET", url).headers(Headers.of(headers)).build();
    }

    private static List<String> fields(HttpHeaders headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> field : headers) {
            out.add(field.getKey() + ": " + field.getValue());
        }
        return out;
    }

    @Test
    void hostFromTheUrlThenTheCallersFieldsInOrderThenAcceptEncoding() {
        Request request = request("http://a.test:8080/p?q=1", "X-B", "1", "Host", "evil.test", "x-a", "2", "X-B", "3");
        RequestHead head = RequestHead.of(request, "gzip", null);

        assertThat(head.method().name()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/p?q=1");
        assertThat(head.authority()).isEqualTo("a.test:8080");
        assertThat(fields(head.http1Headers())).containsExactly(
                "host: a.test:8080", "X-B: 1", "x-a: 2", "X-B: 3", "accept-encoding: gzip");
    }

    @Test
    void theCallersAcceptEncodingWins() {
        RequestHead head = RequestHead.of(request("http://a.test/", "Accept-Encoding", "identity"), "gzip", null);
        assertThat(fields(head.http1Headers())).containsExactly("host: a.test", "Accept-Encoding: identity");
    }

    @Test
    void proxyCredentialsReplaceAnyProxyAuthorizationAndGoLast() {
        Proxy proxy = Proxy.of("http://proxy.test:3128").withCredentials("u", "p")
                .withHeaders(Headers.of("Proxy-Authorization", "Basic other", "X-Via", "me"));
        Request request = request("http://a.test/x", "Proxy-Authorization", "Basic caller", "X-A", "1");
        RequestHead head = RequestHead.of(request, null, proxy);

        assertThat(head.target()).isEqualTo("http://a.test/x");
        String expected = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes());
        assertThat(fields(head.http1Headers())).containsExactly(
                "host: a.test", "X-A: 1", "X-Via: me", "proxy-authorization: " + expected);
    }

    @Test
    void onlyAForwardingProxyWithoutCredentialsGetsTheCallersProxyAuthorization() {
        Request request = request("http://a.test/", "Proxy-Authorization", "Basic secret", "X-A", "1");
        // Directly, or through a tunnel (no forwarding proxy either), the origin is on the other end.
        assertThat(fields(RequestHead.of(request, null, null).http1Headers()))
                .containsExactly("host: a.test", "X-A: 1");
        assertThat(fields(RequestHead.of(request, null, Proxy.of("http://proxy.test:3128")).http1Headers()))
                .containsExactly("host: a.test", "Proxy-Authorization: Basic secret", "X-A: 1");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() {
        Request request = request("http://a.test/", "content-length", "3", "Transfer-Encoding", "chunked");
        assertThatThrownBy(() -> RequestHead.of(request, null, null))
                .isInstanceOf(LocalProtocolException.class)
                .hasMessageContaining("both Content-Length and Transfer-Encoding");
    }

    @Test
    void anEqualContentLengthRepeatedIsKeptOnceInItsPlace() {
        // The first spelling stays where it was; "005" is the same length, so it is a repeat too.
        Request request = Request.builder("POST", "http://a.test/")
                .body(RequestBody.of(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII))))
                .header("X-A", "1").header("Content-Length", "5").header("X-B", "2").header("content-length", "005")
                .header("X-C", "3").build();
        RequestHead head = RequestHead.of(request, null, null);
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.size()).isEqualTo(4);
        assertThat(fields(head.http1Headers()))
                .containsExactly("host: a.test", "X-A: 1", "Content-Length: 5", "X-B: 2", "X-C: 3");
    }

    @Test
    void closeAndContinueAreFoundAsListMembersInAnyCase() {
        assertThat(RequestHead.of(request("http://a.test/", "Connection", "keep-alive, CLOSE "), null, null)
                .wantsClose()).isTrue();
        assertThat(RequestHead.of(request("http://a.test/", "Connection", "closed"), null, null)
                .wantsClose()).isFalse();
        assertThat(RequestHead.of(request("http://a.test/", "expect", "x,\t100-Continue\t"), null, null)
                .expectsContinue()).isTrue();
        assertThat(RequestHead.of(request("http://a.test/", "X", "100-continue"), null, null)
                .expectsContinue()).isFalse();
        assertThat(RequestHead.hasMember("a,,b", "b")).isTrue();
        assertThat(RequestHead.hasMember("a,", "a")).isTrue();
        assertThat(RequestHead.hasMember("", "a")).isFalse();
    }

    @Test
    void nonAsciiValuesArePreEncodedAsUtf8EvenTheProxys() {
        Proxy proxy = Proxy.of("http://proxy.test:3128").withHeaders(Headers.of("X-P", "é"));
        RequestHead head = RequestHead.of(request("http://a.test/", "X-C", "ü"), null, proxy);
        assertThat(head.value(0)).isEqualTo("\u00c3\u00bc");
        assertThat(head.value(1)).isEqualTo("\u00c3\u00a9");
    }

    /**
     * Netty's validation is off (Courier's Headers validated every field) but its one extra rule is
     * kept: a value may not start with a space or tab. The request fails with a clear exception.
     */
    @Test
    void aValueStartingWithWhitespaceIsRefused() {
        for (String value : new String[] {" v", "\tv"}) {
            assertThatThrownBy(() -> RequestHead.of(request("http://a.test/", "X-Lead", value), null, null))
                    .isInstanceOf(LocalProtocolException.class)
                    .hasMessageContaining("\"X-Lead\" starts with a space or tab");
            Proxy proxy = Proxy.of("http://proxy.test:3128").withHeaders(Headers.of("X-P", value));
            assertThatThrownBy(() -> RequestHead.of(request("http://a.test/"), null, proxy))
                    .isInstanceOf(LocalProtocolException.class);
        }
        RequestHead head = RequestHead.of(request("http://a.test/", "X", "", "Y", "a \tb\t "), null, null);
        assertThat(fields(head.http1Headers())).containsExactly("host: a.test", "X: ", "Y: a \tb\t ");
    }

    @Test
    void theHttp1MessageIsFullWithContentAndOpenWithout() {
        RequestHead head = RequestHead.of(request("http://a.test/"), null, null);
        HttpRequest open = head.http1Message(null);
        assertThat(open).isNotInstanceOf(FullHttpRequest.class);
        assertThat(open.uri()).isEqualTo("/");
        HttpRequest full = head.http1Message(Unpooled.EMPTY_BUFFER);
        assertThat(full).isInstanceOf(FullHttpRequest.class);
        ((FullHttpRequest) full).release();
    }

    @Test
    void nettysEncoderWritesTheHeadAsItStandsAndSeesItsFraming() {
        // Netty reads Transfer-Encoding as a list when it frames the body: any spelling that lists
        // chunked gets chunks, or the server would read the raw body as chunk framing.
        // (Other codings are refused: RequestHeadWireTest.)
        for (String codings : new String[] {"chunked", "CHUNKED", "chunked "}) {
            Request request = request("http://a.test:8080/p?q=1", "X-B", "1", "Transfer-Encoding", codings, "x-a", "\u00e9");
            HttpRequest message = RequestHead.of(request, "gzip", null).http1Message(null);
            assertThat(HttpUtil.isTransferEncodingChunked(message)).as(codings).isTrue();
            // The UTF-8 bytes of the non-ASCII value, each written as one byte; the body chunked.
            assertThat(onTheWire(message, "hi")).as(codings).isEqualTo("GET /p?q=1 HTTP/1.1\r\nhost: a.test:8080\r\n"
                    + "X-B: 1\r\nTransfer-Encoding: " + codings + "\r\nx-a: \u00c3\u00a9\r\naccept-encoding: gzip\r\n\r\n"
                    + "2\r\nhi\r\n0\r\n\r\n");
        }
    }

    @Test
    void withoutTransferEncodingTheBodyGoesAsItIs() {
        Request request = Request.builder("GET", "http://a.test/up")
                .body(RequestBody.of(new ByteArrayInputStream("hi".getBytes(StandardCharsets.US_ASCII))))
                .header("Content-Length", "2").build();
        HttpRequest message = RequestHead.of(request, null, null).http1Message(null);
        assertThat(onTheWire(message, "hi")).isEqualTo("GET /up HTTP/1.1\r\nhost: a.test\r\nContent-Length: 2\r\n\r\nhi");
    }

    /** What Netty's HTTP/1.1 encoder writes for {@code message} followed by {@code body} as its last content. */
    private static String onTheWire(HttpRequest message, String body) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestEncoder());
        try {
            channel.writeOutbound(message, new DefaultLastHttpContent(Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII)));
            StringBuilder wire = new StringBuilder();
            for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
                wire.append(out.toString(StandardCharsets.ISO_8859_1));
            }
            return wire.toString();
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
