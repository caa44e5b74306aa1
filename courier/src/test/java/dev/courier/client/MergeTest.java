package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Cookie;
import dev.courier.Cookies;
import dev.courier.InvalidUrlException;
import dev.courier.Request;
import dev.courier.Timeout;
import dev.courier.support.RecordingTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** httpx's merge rules: base URL, params, headers, cookies and settings of client and request. */
class MergeTest {
    private final RecordingTransport transport = RecordingTransport.ok();

    private AsyncClient.Builder client() {
        return AsyncClient.builder().transport(transport);
    }

    @Test
    void basePathActsAsADirectory() {
        try (AsyncClient c = client().baseUrl("https://api.test/v1").build()) {
            assertThat(c.buildRequest("GET", "/users").url().toString()).isEqualTo("https://api.test/v1/users");
            assertThat(c.buildRequest("GET", "users").url().toString()).isEqualTo("https://api.test/v1/users");
            assertThat(c.buildRequest("GET", "").url().toString()).isEqualTo("https://api.test/v1/");
            assertThat(c.buildRequest("GET", "https://other.test/x").url().toString()).isEqualTo("https://other.test/x");
        }
        try (AsyncClient c = client().baseUrl("https://api.test/v1/").build()) {
            assertThat(c.buildRequest("GET", "/users?x=1").url().toString()).isEqualTo("https://api.test/v1/users?x=1");
        }
    }

    @Test
    void relativeUrlWithoutBaseIsAClearError() {
        try (AsyncClient c = client().build()) {
            assertThatThrownBy(() -> c.buildRequest("GET", "/users"))
                    .isInstanceOf(InvalidUrlException.class).hasMessageContaining("baseUrl");
            assertThatThrownBy(() -> c.get("/users").join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(InvalidUrlException.class);
            assertThat(transport.requests()).isEmpty();
        }
    }

    @Test
    void paramsMergeRequestOverClientOverUrl() {
        try (AsyncClient c = client().param("lang", "en").param("page", 1).build()) {
            Request r = c.buildRequest("GET", "https://a.test/s?page=9&q=x", o -> o.param("page", 2).param("flag", null));
            assertThat(r.url().queryParams().get("page")).isEqualTo("2");
            assertThat(r.url().queryParams().get("lang")).isEqualTo("en");
            assertThat(r.url().queryParams().get("q")).isEqualTo("x");
            assertThat(r.url().queryParams().contains("flag")).isTrue();
            assertThat(r.url().query()).contains("flag").doesNotContain("flag=");
        }
    }

    @Test
    void headersMergeNameByNameAndDefaultsAreSent() {
        try (AsyncClient c = client().header("X-Client", "1").header("Accept", "application/json").build()) {
            Request r = c.buildRequest("GET", "https://a.test/", o -> o.header("accept", "text/html").header("X-Req", "2"));
            assertThat(r.headers().get("Accept")).isEqualTo("text/html");
            assertThat(r.headers().getAll("accept")).hasSize(1);
            assertThat(r.headers().get("X-Client")).isEqualTo("1");
            assertThat(r.headers().get("X-Req")).isEqualTo("2");
            assertThat(r.headers().get("User-Agent")).startsWith("courier/");
        }
    }

    @Test
    void cookiesFromClientAndRequestAreSent() {
        try (AsyncClient c = client().cookie("theme", "dark")
                .cookies(Cookies.empty().with(Cookie.of("sid", "1", "other.test", "/"))).build()) {
            c.get("https://a.test/", o -> o.cookie("req", "x")).join();
            assertThat(transport.last().headers().get("Cookie")).isEqualTo("theme=dark; req=x");
            c.get("https://a.test/").join();
            assertThat(transport.last().headers().get("Cookie")).isEqualTo("theme=dark");
            c.get("https://other.test/").join();
            assertThat(transport.last().headers().get("Cookie")).isEqualTo("theme=dark; sid=1");
            c.get("https://a.test/", o -> o.header("Cookie", "mine=1")).join();
            assertThat(transport.last().headers().get("Cookie")).isEqualTo("mine=1");
        }
    }

    @Test
    void timeoutAuthRedirectsAndExtensionsAreCarried() {
        Timeout t = Timeout.of(Duration.ofSeconds(1));
        try (AsyncClient c = client().timeout(Timeout.of(Duration.ofSeconds(30))).build()) {
            Request r = c.buildRequest("GET", "https://a.test/", o -> o.timeout(t).extension("tag", "x"));
            assertThat(r.timeout()).isEqualTo(t);
            assertThat(r.extension("tag")).isEqualTo("x");
            c.get("https://a.test/").join();
            assertThat(transport.last().timeout()).isEqualTo(Timeout.of(Duration.ofSeconds(30)));
            c.send(Request.builder("GET", "https://a.test/").build()).join();
            assertThat(transport.last().timeout()).isEqualTo(Timeout.of(Duration.ofSeconds(30)));
        }
    }

    @Test
    void bodiesFromOptions() {
        try (AsyncClient c = client().build()) {
            c.post("https://a.test/", o -> o.json(Map.of("a", 1))).join();
            assertThat(transport.last().headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(new String(transport.last().content(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");

            c.post("https://a.test/", o -> o.form(Map.of("q", "a b"))).join();
            assertThat(transport.last().headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(new String(transport.last().content(), StandardCharsets.UTF_8)).isEqualTo("q=a+b");

            c.post("https://a.test/", o -> o.form(Map.of("title", "T")).file("f", "hi".getBytes(), "a.txt", null)).join();
            assertThat(transport.last().headers().get("Content-Type")).startsWith("multipart/form-data; boundary=");
            String multipart = new String(transport.last().content(), StandardCharsets.UTF_8);
            assertThat(multipart).contains("name=\"title\"").contains("filename=\"a.txt\"").contains("text/plain");
            assertThat(transport.last().headers().get("Content-Length"))
                    .isEqualTo(Integer.toString(transport.last().content().length));

            assertThatThrownBy(() -> c.buildRequest("POST", "https://a.test/", o -> o.json(1).content("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one body");
            assertThatThrownBy(() -> c.buildRequest("POST", "https://a.test/", o -> o.content("x").file("f", new byte[0], "a", null)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
