package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.auth.Auth;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in auths against python3-httpbin, and RELIABILITY.md §1.1 T6 and T8 with a second origin. */
class HttpbinAuthTest extends HttpbinAndOtherOrigin {
    private AsyncClient client(Auth auth) {
        AsyncClient.Builder b = AsyncClient.builder().transport(transport).followRedirects(true);
        return (auth == null ? b : b.auth(auth)).build();
    }

    @Test
    void basic() {
        assertThat(client(null).get(httpbin.url("/basic-auth/user/passwd")).join().statusCode()).isEqualTo(401);
        Response r = client(Auth.basic("user", "passwd")).get(httpbin.url("/basic-auth/user/passwd")).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.json().get("authenticated").asBoolean()).isTrue();
        // Sent up front: the hidden variant never challenges.
        assertThat(client(Auth.basic("user", "passwd")).get(httpbin.url("/hidden-basic-auth/user/passwd")).join()
                .statusCode()).isEqualTo(200);
    }

    @Test
    void credentialsInTheUrlBecomeBasicAuth() {
        String url = httpbin.url("/basic-auth/user/passwd").replace("http://", "http://user:passwd@");
        Response r = client(null).get(url).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.request().url().username()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void digest(String algorithm) {
        Response r = client(Auth.digest("user", "passwd")).get(httpbin.url("/digest-auth/auth/user/passwd/" + algorithm)).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.json().get("authenticated").asBoolean()).isTrue();
        assertThat(r.history()).singleElement().satisfies(challenge -> assertThat(challenge.statusCode()).isEqualTo(401));
    }

    /** httpbin 0.7.0 checks auth-int only over an empty GET body; the client hashes that body. */
    @Test
    void digestAuthInt() {
        Response r = client(Auth.digest("user", "passwd")).get(httpbin.url("/digest-auth/auth-int/user/passwd/MD5")).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.history().get(0).headers().get("WWW-Authenticate")).contains("auth-int");
    }

    @Test
    void bearer() {
        assertThat(client(null).get(httpbin.url("/bearer")).join().statusCode()).isEqualTo(401);
        Response r = client(Auth.bearer("t0ken")).get(httpbin.url("/bearer")).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.json().get("token").asText()).isEqualTo("t0ken");
    }

    /** T6: digest state for httpbin is never sent to the origin a redirect leads to. */
    @Test
    void digestStateDoesNotFollowARedirect() {
        AsyncClient c = client(Auth.digest("user", "passwd"));
        assertThat(c.get(httpbin.url("/digest-auth/auth/user/passwd/MD5")).join().statusCode()).isEqualTo(200);
        Response r = c.get(httpbin.url("/redirect-to?url=" + URLEncoder.encode(otherOrigin("/echo"), StandardCharsets.UTF_8))).join();
        JsonNode seen = r.json().get("headers");
        assertThat(seen.has("authorization")).isFalse();
    }

    /** T8: netrc credentials go to their machine only, whatever a redirect or a crafted URL says. */
    @Test
    void netrcCredentialsStayWithTheirMachine(@TempDir Path dir) throws IOException {
        Path netrc = dir.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1 login user password passwd\n");
        AsyncClient c = client(Auth.netrc(netrc));
        assertThat(c.get(httpbin.url("/basic-auth/user/passwd")).join().statusCode()).isEqualTo(200);
        Response redirected = c.get(httpbin.url("/redirect-to?url=" + URLEncoder.encode(otherOrigin("/echo"), StandardCharsets.UTF_8))).join();
        assertThat(redirected.json().get("headers").has("authorization")).isFalse();
        Response crafted = c.get("http://127.0.0.1:@localhost:" + other.port() + "/echo").join();
        assertThat(crafted.json().get("headers").has("authorization")).isFalse();
    }
}
