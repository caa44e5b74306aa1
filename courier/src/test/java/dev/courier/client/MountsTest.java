package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.UnsupportedProtocolException;
import dev.courier.Url;
import dev.courier.transport.MockTransport;
import dev.courier.transport.Transport;
import dev.courier.transport.UrlPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountsTest {
    @ParameterizedTest
    @CsvSource({
            "all://,                    http://example.com,          true",
            "all://,                    https://x.test:8443/a,       true",
            "https://,                  https://example.com,         true",
            "https://,                  http://example.com,          false",
            "http://example.com,        http://example.com/x,        true",
            "http://example.com,        http://www.example.com/,     false",
            "http://example.com,        https://example.com/,        false",
            "all://*.example.com,       http://www.example.com,      true",
            "all://*.example.com,       http://a.b.example.com,      true",
            "all://*.example.com,       http://example.com,          false",
            "all://*example.com,        http://example.com,          true",
            "all://*example.com,        http://www.example.com,      true",
            "all://*example.com,        http://wwwexample.com,       false",
            "all://example.com:1234,    http://example.com:1234/,    true",
            "all://example.com:1234,    http://example.com/,         false",
            "http://localhost:80,       http://localhost/,           true",
            "all://[::1],               http://[::1]:8080/,          true"})
    void patternMatching(String pattern, String url, boolean matches) {
        assertThat(UrlPattern.parse(pattern).matches(Url.parse(url))).isEqualTo(matches);
    }

    @Test
    void mostSpecificPatternSortsFirst() {
        List<UrlPattern> patterns = new ArrayList<>(List.of(UrlPattern.parse("all://"), UrlPattern.parse("https://"),
                UrlPattern.parse("all://example.com"), UrlPattern.parse("https://example.com"),
                UrlPattern.parse("all://example.com:8080")));
        patterns.sort(UrlPattern.SPECIFIC_FIRST);
        assertThat(patterns).extracting(UrlPattern::toString).containsExactly(
                "all://example.com:8080", "https://example.com", "all://example.com", "https://", "all://");
    }

    @Test
    void badPatternsAreRejected() {
        assertThatThrownBy(() -> UrlPattern.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlPattern.parse("http://example.com/path")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlPattern.parse("http://example.com:99999")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Transport answering(String name) {
        return MockTransport.of(r -> Response.builder().content(name).build());
    }

    @Test
    void theClientRoutesEachUrlToTheMostSpecificMount() {
        try (AsyncClient c = AsyncClient.builder()
                .transport(answering("default"))
                .mount("https://", answering("https"))
                .mount("all://*.internal.test", answering("internal"))
                .mount("http://localhost:8080", answering("dev"))
                .mount("custom://", answering("custom"))
                .mount("all://bypass.test", null)
                .build()) {
            assertThat(c.get("http://example.com/").join().text()).isEqualTo("default");
            assertThat(c.get("https://example.com/").join().text()).isEqualTo("https");
            assertThat(c.get("https://api.internal.test/").join().text()).isEqualTo("internal");
            assertThat(c.get("http://localhost:8080/x").join().text()).isEqualTo("dev");
            assertThat(c.get("custom://thing/").join().text()).isEqualTo("custom");
            assertThat(c.get("https://bypass.test/").join().text()).isEqualTo("default");
        }
    }

    @Test
    void unmountedSchemesAndMissingTransportsAreClearErrors() {
        try (AsyncClient c = AsyncClient.builder().transport(answering("d")).build()) {
            assertThatThrownBy(() -> c.get("ftp://example.com/file").join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(UnsupportedProtocolException.class)
                    .hasMessageContaining("'ftp://'");
        }
        try (AsyncClient c = AsyncClient.builder().mount("https://", answering("s")).build()) {
            assertThat(c.get("https://a.test/").join().text()).isEqualTo("s");
            // Unmounted http goes to the shared network transport: a closed local port refuses it.
            assertThatThrownBy(() -> c.get("http://127.0.0.1:" + closedPort() + "/").join())
                    .hasCauseInstanceOf(dev.courier.ConnectFailedException.class)
                    .hasMessageContaining("connection refused");
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
