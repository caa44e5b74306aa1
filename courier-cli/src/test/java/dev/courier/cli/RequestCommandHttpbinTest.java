package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.testing.HttpbinProcess;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request form against the real python3-httpbin (skipped when it is not installed, unless
 * CI=true): the same shapes the TestServer tests check, from the server people compare with.
 */
class RequestCommandHttpbinTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpbinProcess httpbin;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHttpbin() throws Exception {
        httpbin = HttpbinProcess.start();
    }

    @AfterAll
    static void stopHttpbin() throws IOException {
        if (httpbin != null) {
            httpbin.close();
        }
    }

    private static JsonNode run(CliProcess process) throws IOException {
        CliProcess.Result r = process.run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.stdout());
    }

    @Test
    void getWithParams() throws IOException {
        JsonNode echo = run(CliProcess.of(httpbin.url("/get"), "q==search", "page==2", "X-Trace:abc"));
        assertThat(echo.path("args").toString()).isEqualTo("{\"page\":\"2\",\"q\":\"search\"}");
        assertThat(echo.path("headers").path("X-Trace").asText()).isEqualTo("abc");
    }

    @Test
    void postJson() throws IOException {
        JsonNode echo = run(CliProcess.of("POST", httpbin.url("/post"), "name=courier", "stars:=5", "ok:=true"));
        assertThat(echo.path("json").toString()).isEqualTo("{\"name\":\"courier\",\"ok\":true,\"stars\":5}");
        assertThat(echo.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
    }

    @Test
    void postForm() throws IOException {
        JsonNode echo = run(CliProcess.of("--form", httpbin.url("/post"), "a=1", "b=two words"));
        assertThat(echo.path("form").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"two words\"}");
    }

    @Test
    void basicAuth() throws IOException {
        JsonNode echo = run(CliProcess.of("-a", "user:pass", httpbin.url("/basic-auth/user/pass")));
        assertThat(echo.path("authenticated").asBoolean()).isTrue();
    }

    @Test
    void sessionCookie() throws IOException {
        CliProcess.Result set = CliProcess.of("--session", "hb", httpbin.url("/cookies/set"), "flavour==oat")
                .env("COURIER_CONFIG_DIR", dir.toString()).run();
        assertThat(set.exitCode()).as(set.toString()).isZero();
        JsonNode cookies = run(CliProcess.of("--session", "hb", httpbin.url("/cookies"))
                .env("COURIER_CONFIG_DIR", dir.toString()));
        assertThat(cookies.path("cookies").path("flavour").asText()).isEqualTo("oat");
    }
}
