package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.internal.exchange.RequestHead;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpScheme;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HEADERS built straight from a request head are what Netty's HttpConversionUtil made of the
 * HTTP/1.1 request (as the HTTP/2 stream used to send it), field for field and in order.
 */
class Http2RequestHeadersTest {
    static Stream<Headers> heads() {
        return Stream.of(
                Headers.empty(),
                Headers.of("Accept", "application/json", "User-Agent", "courier", "X-Request-Id", "42"),
                Headers.of("X-Multi", "1", "x-other", "a", "X-MULTI", "2", "x-multi", "3"),
                Headers.of("Connection", "keep-alive, X-Hop", "X-Hop", "dropped", "Keep-Alive", "5", "X-Kept", "k"),
                Headers.of("Connection", "close", "Upgrade", "h2c", "Proxy-Connection", "x", "Transfer-Encoding", "chunked"),
                Headers.of("TE", "trailers", "X-A", "1"),
                Headers.of("te", "Trailers\t "),
                Headers.of("TE", "gzip"),
                Headers.of("TE", "gzip, trailers;q=1", "TE", "deflate, \"trailers\""),
                Headers.of("Te", "gzip, trailers"),
                Headers.of("Connection", "TE", "TE", "trailers"),
                Headers.of("Cookie", "a=1; b=2; c=3", "cookie", "d=4"),
                Headers.of("Cookie", "a=1;b=2"),
                Headers.of("Cookie", "é=1; b=ü"),
                Headers.of("X-Utf8", "Grüße", "Content-Type", "text/plain; charset=utf-8"),
                Headers.of("x-http2-scheme", "ftp", "X-Http2-Path", "/p", "x-http2-stream-id", "7", "x-http2-protocol", "p"),
                Headers.of("Content-Length", "0", "Expect", "100-continue", "Authorization", "Bearer t"));
    }

    private static List<String> fields(Http2Headers headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            out.add(field.getKey() + ": " + field.getValue());
        }
        return out;
    }

    /** What Http2ExchangeStream sent before: the HTTP/1.1 request converted by HttpConversionUtil. */
    private static Http2Headers converted(RequestHead head, AsciiString scheme) throws Exception {
        HttpRequest sent = head.http1Message(null);
        // The head's HTTP/1.1 fields are read-only: the extension field goes on a copy.
        HttpHeaders fields = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()
                .add(sent.headers())
                .set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), scheme);
        HttpRequest request = new DefaultHttpRequest(sent.protocolVersion(), sent.method(), sent.uri(), fields);
        return HttpConversionUtil.toHttp2Headers(request, true);
    }

    /** The fields, or the exception's class when building them failed. */
    private static List<String> outcome(java.util.concurrent.Callable<Http2Headers> build) {
        try {
            return fields(build.call());
        } catch (Exception e) {
            return List.of("threw " + e.getClass().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("heads")
    void sameFieldsAsHttpConversionUtil(Headers headers) throws Exception {
        for (String url : new String[] {"https://a.test/p?q=1", "http://[::1]:8080/x/y"}) {
            for (String method : new String[] {"GET", "POST", "PROPFIND"}) {
                Request request = Request.builder(method, url).headers(headers).build();
                RequestHead head = RequestHead.of(request, "gzip, br", null);
                AsciiString scheme = url.startsWith("https") ? HttpScheme.HTTPS.name() : HttpScheme.HTTP.name();

                List<String> direct = outcome(() -> Http2RequestHeaders.of(head, scheme));

                assertThat(direct).as("%s %s %s", method, url, headers).isEqualTo(outcome(() -> converted(head, scheme)));
                for (String field : direct) {
                    if (field.startsWith("threw ")) {
                        continue;
                    }
                    String name = field.substring(0, field.indexOf(": "));
                    assertThat(name).isEqualTo(name.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
    }

    @Test
    void pseudoHeadersAndNoHost() {
        Request request = Request.builder("GET", "http://a.test:8080/p?q=1")
                .headers(Headers.of("Host", "evil.test", "TE", "trailers")).build();
        Http2Headers headers = Http2RequestHeaders.of(RequestHead.of(request, null, null), HttpScheme.HTTP.name());

        assertThat(fields(headers)).containsExactly(
                ":path: /p?q=1", ":scheme: http", ":authority: a.test:8080", ":method: GET", "te: trailers");
    }

    private static List<String> cookies(String value) {
        Request request = Request.builder("GET", "https://a.test/").headers(Headers.of("Cookie", value)).build();
        Http2Headers headers = Http2RequestHeaders.of(RequestHead.of(request, null, null), HttpScheme.HTTPS.name());
        List<String> out = new ArrayList<>();
        headers.getAll("cookie").forEach(crumb -> out.add(crumb.toString()));
        return out;
    }

    /** Where HttpConversionUtil only asserts, or its validation refused the request. */
    @Test
    void cookieEdgeCases() {
        // A trailing "; " leaves an empty last pair, as HttpConversionUtil does without assertions on.
        assertThat(cookies("a=1; ")).containsExactly("a=1", "");
        assertThat(cookies("a=1; ; b=2")).containsExactly("a=1", "", "b=2");
        // A pair would start with whitespace, which HTTP/2 forbids: the value goes whole.
        assertThat(cookies("a=1;  b=2")).containsExactly("a=1;  b=2");
        assertThat(cookies("a=1; \tb=2")).containsExactly("a=1; \tb=2");
        assertThat(cookies("a=1;b=2; c=3")).containsExactly("a=1;b=2; c=3");
    }

    @Test
    void connectIsRefusedAsHttpConversionUtilRefusesIt() {
        Request request = Request.builder("CONNECT", "https://a.test/").build();
        RequestHead head = RequestHead.of(request, null, null);
        assertThatThrownBy(() -> converted(head, HttpScheme.HTTPS.name()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http2RequestHeaders.of(head, HttpScheme.HTTPS.name()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid CONNECT request target: /");
    }

    @Test
    void namesAreLowerCasedWithTheCommonOnesShared() {
        assertThat((Object) Http2RequestHeaders.lowerCase("Content-Type")).isSameAs(Http2RequestHeaders.lowerCase("content-type"));
        assertThat(Http2RequestHeaders.lowerCase("X-Custom_Name").toString()).isEqualTo("x-custom_name");
        assertThat(Http2RequestHeaders.lowerCase("CoNtEnT-TyPe").toString()).isEqualTo("content-type");
    }
}
