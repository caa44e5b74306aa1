package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.TooManyRedirectsException;
import dev.courier.support.servers.HttpbinServer;
import dev.courier.transport.HttpTransport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Redirects against python3-httpbin, the behaviour oracle: every redirect endpoint and status. */
class HttpbinRedirectTest {
    private static HttpbinServer httpbin;
    private final HttpTransport transport = HttpTransport.builder().build();
    private final AsyncClient client = AsyncClient.builder().transport(transport).followRedirects(true).build();

    @BeforeAll
    static void start() {
        httpbin = HttpbinServer.start();
    }

    @AfterAll
    static void stop() {
        if (httpbin != null) {
            httpbin.close();
        }
    }

    @AfterEach
    void close() {
        client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/redirect/3", "/relative-redirect/3", "/absolute-redirect/3", "/redirect/3?absolute=true"})
    void everyKindOfRedirectChainEndsAtGet(String path) {
        Response r = client.get(httpbin.url(path)).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.url().path()).isEqualTo("/get");
        assertThat(r.history()).hasSize(3);
        assertThat(r.history()).allSatisfy(h -> assertThat(h.statusCode()).isEqualTo(302));
    }

    @Test
    void notFollowingLeavesTheNextRequest() {
        Response r = client.get(httpbin.url("/redirect/2"), o -> o.followRedirects(false)).join();
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.isRedirect()).isTrue();
        assertThat(r.nextRequest().url().path()).isEqualTo("/relative-redirect/1");
    }

    @Test
    void maxRedirectsStopsAChainWithItsHistory() {
        try (AsyncClient c = AsyncClient.builder().transport(HttpTransport.builder().build())
                .followRedirects(true).maxRedirects(2).build()) {
            assertThatThrownBy(() -> c.get(httpbin.url("/redirect/5")).join())
                    .cause().isInstanceOf(TooManyRedirectsException.class)
                    .satisfies(e -> assertThat(((TooManyRedirectsException) e).history()).hasSize(3));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "301, POST, GET",
            "302, POST, GET",
            "303, PUT,  GET",
            "307, POST, POST",
            "308, PUT,  PUT",
            "302, DELETE, DELETE"})
    void redirectToWithEachStatus(int status, String method, String expected) {
        String target = "/anything";
        String url = httpbin.url("/redirect-to?status_code=" + status + "&url=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        Response r = client.request(method, url, o -> o.content("payload")).join();
        JsonNode echoed = r.json();
        assertThat(echoed.get("method").asText()).isEqualTo(expected);
        if (expected.equals(method)) {
            assertThat(echoed.get("data").asText()).isEqualTo("payload");
        } else {
            assertThat(echoed.get("data").asText()).isEmpty();
        }
        assertThat(r.history()).singleElement().satisfies(h -> assertThat(h.statusCode()).isEqualTo(status));
    }
}
