package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content codings as python3-httpbin sends them (RELIABILITY §1.5): each of /gzip, /deflate and
 * /brotli answers a JSON document in its coding, which the client decodes because it asked for it.
 */
class HttpbinCodingTest extends HttpbinAndOtherOrigin {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "deflate", "brotli"})
    void eachCodingIsDecoded(String coding) {
        // The transport is the test's: closed after it (HttpbinAndOtherOrigin).
        AsyncClient c = AsyncClient.builder().transport(transport).build();
        Response r = c.get(httpbin.url("/" + coding)).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().get("Content-Encoding")).isEqualTo(coding.equals("brotli") ? "br" : coding);
        JsonNode json = r.json();
        // httpbin says which coding it used, and echoes the request's Accept-Encoding.
        assertThat(json.get(coding.equals("brotli") ? "brotli" : coding.equals("gzip") ? "gzipped" : "deflated")
                .asBoolean()).isTrue();
        assertThat(json.at("/headers/Accept-Encoding").asText()).contains(coding.equals("brotli") ? "br" : coding);
    }
}
