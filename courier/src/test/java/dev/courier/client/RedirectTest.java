package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.StreamConsumedException;
import dev.courier.TooManyRedirectsException;
import dev.courier.support.RecordingTransport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The redirect loop through a mock; issue 5 adds the same against real servers. */
class RedirectTest {
    /** /redirect/N?status=S&to=URL answers with S to URL (or to /redirect/N-1); anything else answers 200. */
    private static RecordingTransport redirector() {
        return new RecordingTransport(r -> {
            String path = r.url().path();
            if (path.startsWith("/redirect/")) {
                int n = Integer.parseInt(path.substring("/redirect/".length()));
                String status = r.url().queryParams().get("status");
                String to = r.url().queryParams().get("to");
                String next = to != null ? to : n > 1 ? "/redirect/" + (n - 1) : "/done";
                return Response.builder().status(status == null ? 302 : Integer.parseInt(status))
                        .header("Location", next).content("moved").build();
            }
            return Response.builder().content("done " + r.method()).build();
        });
    }

    @Test
    void notFollowedByDefaultButNextRequestIsReady() {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).build()) {
            Response r = c.get("https://a.test/redirect/1").join();
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.nextRequest().url().toString()).isEqualTo("https://a.test/done");
            assertThat(t.requests()).hasSize(1);
        }
    }

    @Test
    void followedWithHistory() {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
            Response r = c.get("https://a.test/redirect/3").join();
            assertThat(r.text()).isEqualTo("done GET");
            assertThat(r.url().toString()).isEqualTo("https://a.test/done");
            assertThat(r.history()).extracting(h -> h.url().path())
                    .containsExactly("/redirect/3", "/redirect/2", "/redirect/1");
            assertThat(r.history().get(0).text()).isEqualTo("moved");
            assertThat(r.history().get(2).history()).hasSize(2);
            Response single = c.get("https://a.test/redirect/1", o -> o.followRedirects(false)).join();
            assertThat(single.statusCode()).isEqualTo(302);
        }
    }

    @Test
    void tooManyRedirectsCarriesTheChain() {
        try (AsyncClient c = AsyncClient.builder().transport(redirector()).followRedirects(true).maxRedirects(2).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/redirect/5").join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(TooManyRedirectsException.class)
                    .satisfies(e -> assertThat(((TooManyRedirectsException) e).history()).hasSize(3))
                    .hasMessageContaining("maximum of 2 redirects");
        }
        try (AsyncClient c = AsyncClient.builder().transport(redirector()).followRedirects(true).maxRedirects(3).build()) {
            assertThat(c.get("https://a.test/redirect/3").join().history()).hasSize(3);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "301, POST, GET,  false",
            "302, POST, GET,  false",
            "302, PUT,  PUT,  true",
            "303, PUT,  GET,  false",
            "303, HEAD, HEAD, true",
            "307, POST, POST, true",
            "308, PUT,  PUT,  true"})
    void methodRewriting(int status, String method, String expectedMethod, boolean bodyKept) {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
            c.request(method, "https://a.test/redirect/1?status=" + status, o -> o.content("payload")).join();
            Request second = t.requests().get(1);
            assertThat(second.method()).isEqualTo(expectedMethod);
            if (bodyKept) {
                assertThat(new String(second.content(), StandardCharsets.UTF_8)).isEqualTo("payload");
                assertThat(second.headers().get("Content-Length")).isEqualTo("7");
            } else {
                assertThat(second.body().contentLength()).isZero();
                assertThat(second.headers().contains("Content-Length")).isFalse();
                assertThat(second.headers().contains("Content-Type")).isFalse();
            }
        }
    }

    @Test
    void aOneShotBodyCannotBeResentSilently() {
        try (AsyncClient c = AsyncClient.builder().transport(redirector()).followRedirects(true).build()) {
            assertThatThrownBy(() -> c.post("https://a.test/redirect/1?status=307",
                    o -> o.body(RequestBody.of(new ByteArrayInputStream(new byte[] {1})))).join())
                    .hasCauseInstanceOf(StreamConsumedException.class)
                    .hasMessageContaining("one-shot");
        }
    }

    @Test
    void credentialsNeverCrossOrigins() {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).cookie("c", "1").build()) {
            c.get("https://a.test/redirect/1?to=https://evil.test/x", o -> o
                    .header("Authorization", "Bearer secret").header("Proxy-Authorization", "Basic p")
                    .cookie("req", "only-a")).join();
            Request first = t.requests().get(0);
            Request second = t.requests().get(1);
            assertThat(first.headers().get("Authorization")).isEqualTo("Bearer secret");
            assertThat(first.headers().get("Cookie")).isEqualTo("c=1; req=only-a");
            assertThat(second.url().host()).isEqualTo("evil.test");
            assertThat(second.headers().contains("Authorization")).isFalse();
            assertThat(second.headers().contains("Proxy-Authorization")).isFalse();
            assertThat(second.headers().get("Cookie")).isEqualTo("c=1");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "https://a.test/redirect/1?to=http://a.test/x,     false",
            "https://a.test/redirect/1?to=https://a.test:8443/x, false",
            "http://a.test/redirect/1?to=https://a.test/x,     true",
            "https://a.test/redirect/1?to=/same,               true"})
    void authorizationKeptOnlyForTheSameOriginOrAnHttpsUpgrade(String url, boolean kept) {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
            c.get(url, o -> o.header("Authorization", "Bearer secret")).join();
            assertThat(t.requests().get(1).headers().contains("Authorization")).isEqualTo(kept);
        }
    }

    @Test
    void fragmentCarriedOverAndRelativeLocationsResolved() {
        RecordingTransport t = redirector();
        try (AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
            Response r = c.get("https://a.test/redirect/1?to=../done#frag").join();
            assertThat(r.url().toString()).isEqualTo("https://a.test/done#frag");
        }
    }

    @Test
    void anInvalidLocationIsARemoteProtocolError() {
        try (AsyncClient c = AsyncClient.builder().followRedirects(true)
                .transport(new RecordingTransport(r -> Response.builder().status(302).header("Location", "http://exa mple.com:99999/").build()))
                .build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join())
                    .hasCauseInstanceOf(RemoteProtocolException.class)
                    .hasMessageContaining("invalid Location");
        }
    }
}
