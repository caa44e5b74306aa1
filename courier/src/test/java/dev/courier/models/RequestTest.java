package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Timeout;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void methodIsUpperCasedAndMustBeAToken() {
        assertThat(Request.builder("get", "https://a.test/").build().method()).isEqualTo("GET");
        assertThatThrownBy(() -> Request.builder("GET /x HTTP/1.1\r\nX: y\r\n\r\nGET", "https://a.test/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP method");
        assertThatThrownBy(() -> Request.builder("", "https://a.test/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.builder(null, "https://a.test/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP method");
        for (String common : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}) {
            assertThat(Request.builder(common, "https://a.test/").build().method()).isEqualTo(common);
            assertThat(Request.builder(common.toLowerCase(java.util.Locale.ROOT), "https://a.test/").build().method())
                    .isEqualTo(common);
        }
        assertThat(Request.builder("propfind", "https://a.test/").build().method()).isEqualTo("PROPFIND");
    }

    @Test
    void framingHeadersFollowTheBody() {
        Request get = Request.builder("GET", "https://a.test/").build();
        assertThat(get.headers().contains("Content-Length")).isFalse();
        assertThat(get.headers().contains("Transfer-Encoding")).isFalse();

        Request emptyPost = Request.builder("POST", "https://a.test/").build();
        assertThat(emptyPost.headers().get("Content-Length")).isEqualTo("0");

        Request text = Request.builder("PUT", "https://a.test/").body(RequestBody.of("héllo")).build();
        assertThat(text.headers().get("Content-Length")).isEqualTo("6");
        assertThat(text.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(text.content(), StandardCharsets.UTF_8)).isEqualTo("héllo");

        Request stream = Request.builder("POST", "https://a.test/")
                .body(RequestBody.of(new ByteArrayInputStream(new byte[3]))).build();
        assertThat(stream.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(stream.headers().contains("Content-Length")).isFalse();
    }

    @Test
    void callerContentTypeWinsAndBodyChangeRederivesFraming() {
        Request r = Request.builder("POST", "https://a.test/")
                .header("Content-Type", "application/vnd.x+json")
                .body(RequestBody.of(new byte[] {1, 2}))
                .build();
        assertThat(r.headers().get("content-type")).isEqualTo("application/vnd.x+json");
        Request longer = r.toBuilder().body(RequestBody.of(new byte[10])).build();
        assertThat(longer.headers().getAll("Content-Length")).containsExactly("10");
    }

    @Test
    void settingsAndExtensions() {
        Timeout t = Timeout.of(Duration.ofSeconds(1));
        Request r = Request.builder("GET", "https://a.test/").timeout(t).followRedirects(true)
                .extension("trace", 42).build();
        assertThat(r.timeout()).isEqualTo(t);
        assertThat(r.followRedirects()).isTrue();
        assertThat(r.extension("trace")).isEqualTo(42);
        assertThat(r.toBuilder().extension("trace", null).build().extensions()).isEmpty();
        assertThat(r.withHeader("X", "1").headers()).isEqualTo(Headers.of("X", "1"));
    }

    @Test
    void toStringLeavesOutCredentials() {
        assertThat(Request.builder("GET", "https://user:pw@a.test/x").build().toString())
                .isEqualTo("Request[GET https://a.test/x]");
    }
}
