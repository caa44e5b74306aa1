package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.CookieJar;
import dev.courier.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's cookie jar against python3-httpbin: set, send, delete, scope, persist. */
class HttpbinCookieTest extends HttpbinAndOtherOrigin {
    private AsyncClient client() {
        return AsyncClient.builder().transport(transport).followRedirects(true).build();
    }

    private static JsonNode cookiesSeen(Response r) {
        return r.json().get("cookies");
    }

    @Test
    void cookiesSetByTheServerAreSentBack() {
        AsyncClient c = client();
        Response r = c.get(httpbin.url("/cookies/set?a=1&b=two")).join();
        // /cookies/set answers 302 to /cookies: the redirect hop already carries the new cookies.
        assertThat(cookiesSeen(r).get("a").asText()).isEqualTo("1");
        assertThat(cookiesSeen(r).get("b").asText()).isEqualTo("two");
        assertThat(c.cookies().get("a")).isEqualTo("1");
        assertThat(cookiesSeen(c.get(httpbin.url("/cookies")).join()).size()).isEqualTo(2);
    }

    @Test
    void theServerCanDeleteCookies() {
        AsyncClient c = client();
        c.get(httpbin.url("/cookies/set?a=1&b=2")).join();
        Response r = c.get(httpbin.url("/cookies/delete?a")).join();
        assertThat(cookiesSeen(r).has("a")).isFalse();
        assertThat(cookiesSeen(r).get("b").asText()).isEqualTo("2");
        assertThat(c.cookies().get("a")).isNull();
    }

    @Test
    void clientCookiesAndPerRequestCookies() {
        AsyncClient c = AsyncClient.builder().transport(transport).cookie("team", "blue").build();
        assertThat(cookiesSeen(c.get(httpbin.url("/cookies")).join()).get("team").asText()).isEqualTo("blue");
        JsonNode merged = cookiesSeen(c.get(httpbin.url("/cookies"), o -> o.cookie("team", "red").cookie("x", "1")).join());
        assertThat(merged.get("team").asText()).isEqualTo("red");
        assertThat(merged.get("x").asText()).isEqualTo("1");
    }

    @Test
    void aServersCookiesStayWithItsOriginAcrossARedirect() {
        AsyncClient c = client();
        c.get(httpbin.url("/cookies/set?session=s3cr3t")).join();
        String toOther = httpbin.url("/redirect-to?url=" + URLEncoder.encode(otherOrigin("/echo"),
                StandardCharsets.UTF_8));
        Response r = c.get(toOther).join();
        assertThat(r.json().get("headers").has("cookie")).isFalse();
        assertThat(r.history().get(0).request().headers().get("Cookie")).isEqualTo("session=s3cr3t");
    }

    @Test
    void noJarKeepsNothing() {
        AsyncClient c = AsyncClient.builder().transport(transport).cookieJar(CookieJar.none()).followRedirects(true).build();
        assertThat(cookiesSeen(c.get(httpbin.url("/cookies/set?a=1")).join()).size()).isZero();
        assertThat(c.cookies().isEmpty()).isTrue();
    }

    @Test
    void aJarSavedToAFileCarriesTheSessionToANewClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cookies.txt");
        AsyncClient first = client();
        first.get(httpbin.url("/cookies/set?kept=yes")).join();
        first.cookieJar().save(file);
        assertThat(Files.readString(file)).startsWith("# Netscape HTTP Cookie File").contains("kept\tyes");

        CookieJar loaded = CookieJar.inMemory();
        loaded.load(file);
        AsyncClient second = AsyncClient.builder().transport(transport).cookieJar(loaded).build();
        assertThat(cookiesSeen(second.get(httpbin.url("/cookies")).join()).get("kept").asText()).isEqualTo("yes");
    }
}
