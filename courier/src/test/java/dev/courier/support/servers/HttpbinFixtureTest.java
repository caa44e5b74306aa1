package dev.courier.support.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * {@link HttpbinServer}: the endpoints and exact behaviours its class doc records (redirects not
 * followed, cookies, Basic/Bearer/Digest, codings, streaming), concurrency, and a clean stop.
 */
class HttpbinFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static HttpbinServer shared;

    /** One httpbin for the endpoint tests, started on first use (so the skip test needs none). */
    private static synchronized HttpbinServer httpbin() {
        if (shared == null) {
            shared = HttpbinServer.start();
        }
        return shared;
    }

    @AfterAll
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Test
    void answersGetAndStatus() throws Exception {
        HttpbinServer httpbin = httpbin();
        HttpResponse<String> get = send(get("/get?x=1"));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(get.headers().firstValue("connection")).hasValue("close");
        JsonNode json = JSON.readTree(get.body());
        assertThat(json.path("url").asText()).isEqualTo(httpbin.url("/get?x=1"));
        assertThat(json.path("args").path("x").asText()).isEqualTo("1");
        assertThat(httpbin.url("get")).isEqualTo("http://127.0.0.1:" + httpbin.port() + "/get");

        HttpResponse<String> teapot = send(get("/status/418"));
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().firstValue("x-more-info")).hasValue("http://tools.ietf.org/html/rfc2324");
        assertThat(teapot.body()).contains("teapot");
    }

    @Test
    void redirectsAreAnsweredNotFollowed() throws Exception {
        String origin = "http://127.0.0.1:" + httpbin().port();
        assertRedirect("/redirect/2", 302, "/relative-redirect/1");
        assertRedirect("/redirect/1", 302, "/get");
        assertRedirect("/redirect/2?absolute=true", 302, origin + "/absolute-redirect/1");
        assertRedirect("/absolute-redirect/1", 302, origin + "/get");
        assertRedirect("/absolute-redirect/2", 302, origin + "/absolute-redirect/1");
        assertRedirect("/relative-redirect/1", 302, "/get");
        assertRedirect("/relative-redirect/2", 302, "/relative-redirect/1");
        assertRedirect("/redirect-to?url=/get&status_code=307", 307, "/get");
        assertRedirect("/redirect-to?url=/get&status_code=308", 308, "/get");
        assertRedirect("/redirect-to?url=/get&status_code=200", 302, "/get");
        assertRedirect("/redirect-to?url=/get", 302, "/get");
        // The Location is the given string byte for byte (never contacted).
        assertRedirect("/redirect-to?url=http%3A%2F%2Fother.invalid%3A1%2Fx%3Fy%3D1", 302, "http://other.invalid:1/x?y=1");
        assertRedirect("/redirect-to?url=%2F%2Fother.invalid%2Fp", 302, "//other.invalid/p");

        HttpResponse<String> post = send(HttpRequest.newBuilder(uri("/redirect-to?url=/get&status_code=303"))
                .timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofString("x=1")).build());
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.headers().firstValue("location")).hasValue("/get");
    }

    @Test
    void cookiesAreSetByRedirectAndEchoed() throws Exception {
        HttpResponse<String> set = send(get("/cookies/set?a=1"));
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(set.headers().firstValue("location")).hasValue("/cookies");
        assertThat(set.headers().allValues("set-cookie")).containsExactly("a=1; Path=/");

        HttpResponse<String> two = send(get("/cookies/set?a=1&b=2"));
        assertThat(two.headers().allValues("set-cookie")).containsExactlyInAnyOrder("a=1; Path=/", "b=2; Path=/");
        assertThat(send(get("/cookies/set/c/3")).headers().allValues("set-cookie")).containsExactly("c=3; Path=/");

        HttpResponse<String> delete = send(get("/cookies/delete?a"));
        assertThat(delete.statusCode()).isEqualTo(302);
        assertThat(delete.headers().allValues("set-cookie"))
                .containsExactly("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");

        HttpResponse<String> echo = send(get("/cookies", "Cookie", "a=1; b=2"));
        assertThat(echo.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(echo.body())).isEqualTo(JSON.readTree("{\"cookies\":{\"a\":\"1\",\"b\":\"2\"}}"));
        assertThat(JSON.readTree(send(get("/cookies")).body())).isEqualTo(JSON.readTree("{\"cookies\":{}}"));
        assertThat(JSON.readTree(send(get("/cookies", "Cookie", "__utma=1; x=2")).body()).path("cookies").fieldNames())
                .toIterable().containsExactly("x");
    }

    @Test
    void basicHiddenBasicAndBearer() throws Exception {
        String good = "Basic " + Base64.getEncoder().encodeToString("user:passwd".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("user:wrong".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> challenge = send(get("/basic-auth/user/passwd"));
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"Fake Realm\"");
        assertThat(send(get("/basic-auth/user/passwd", "Authorization", bad)).statusCode()).isEqualTo(401);
        HttpResponse<String> ok = send(get("/basic-auth/user/passwd", "Authorization", good));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body())).isEqualTo(JSON.readTree("{\"authenticated\":true,\"user\":\"user\"}"));

        HttpResponse<String> hidden = send(get("/hidden-basic-auth/user/passwd"));
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.headers().firstValue("www-authenticate")).isEmpty();
        assertThat(send(get("/hidden-basic-auth/user/passwd", "Authorization", good)).statusCode()).isEqualTo(200);

        HttpResponse<String> bearer = send(get("/bearer"));
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().firstValue("www-authenticate")).hasValue("Bearer");
        HttpResponse<String> token = send(get("/bearer", "Authorization", "Bearer x"));
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).path("token").asText()).isEqualTo("x");
        // Quirk: any Authorization header passes.
        assertThat(send(get("/bearer", "Authorization", good)).statusCode()).isEqualTo(200);
    }

    @Test
    void digestChallengesCarryAlgorithmQopAndCookies() throws Exception {
        for (String algorithm : List.of("MD5", "SHA-256", "SHA-512")) {
            HttpResponse<String> response = send(get("/digest-auth/auth/user/passwd/" + algorithm));
            assertThat(response.statusCode()).isEqualTo(401);
            String header = response.headers().firstValue("www-authenticate").orElseThrow();
            assertThat(header).startsWith("Digest ");
            Map<String, String> challenge = params(header);
            assertThat(challenge).containsEntry("realm", "me@kennethreitz.com").containsEntry("qop", "auth")
                    .containsEntry("algorithm", algorithm).containsEntry("stale", "FALSE")
                    .containsKeys("nonce", "opaque");
            assertThat(response.headers().allValues("set-cookie"))
                    .containsExactlyInAnyOrder("stale_after=never; Path=/", "fake=fake_value; Path=/");
        }
        assertThat(params(challenge("/digest-auth/auth-int/user/passwd/MD5"))).containsEntry("qop", "auth-int");
        assertThat(params(challenge("/digest-auth/other/user/passwd"))).containsEntry("qop", "auth, auth-int")
                .containsEntry("algorithm", "MD5");
        assertThat(params(challenge("/digest-auth/auth/user/passwd/MD5-sess"))).containsEntry("algorithm", "MD5");
        assertThat(params(challenge("/digest-auth/auth/user/passwd/SHA-512-256"))).containsEntry("algorithm", "MD5");
    }

    @Test
    void digestSucceedsWithoutCookies() throws Exception {
        assertDigestOk("/digest-auth/auth/user/passwd/MD5", "MD5", "auth");
        assertDigestOk("/digest-auth/auth/user/passwd/SHA-256", "SHA-256", "auth");
        assertDigestOk("/digest-auth/auth/user/passwd/SHA-512", "SHA-512", "auth");
        assertDigestOk("/digest-auth/auth/user/passwd", "MD5", "auth");
        assertDigestOk("/digest-auth/auth-int/user/passwd/MD5", "MD5", "auth-int"); // H("") as body hash
        assertDigestOk("/digest-auth/auth-int/user/passwd/SHA-256", "SHA-256", "auth-int");
        assertDigestOk("/digest-auth/other/user/passwd/MD5", "MD5", null); // RFC 2069: no qop
        assertDigestOk("/digest-auth/other/user/passwd/MD5", "MD5", "auth-int");
    }

    @Test
    void digestQuirks() throws Exception {
        String sha256 = "/digest-auth/auth/user/passwd/SHA-256";
        // Without algorithm= in the answer the server hashes with MD5.
        Map<String, String> c = params(challenge(sha256));
        assertThat(send(get(sha256, "Authorization", digest(c, "passwd", "GET", sha256, "auth", null, "SHA-256"))).statusCode())
                .isEqualTo(401);
        c = params(challenge(sha256));
        assertThat(send(get(sha256, "Authorization", digest(c, "passwd", "GET", sha256, "auth", null, "MD5"))).statusCode())
                .isEqualTo(200);

        // The uri parameter must be the real path: the server hashes its own path.
        String md5 = "/digest-auth/auth/user/passwd/MD5";
        c = params(challenge(md5));
        assertThat(send(get(md5, "Authorization", digest(c, "passwd", "GET", "/elsewhere", "auth", "MD5", "MD5"))).statusCode())
                .isEqualTo(401);

        // A wrong answer: a new challenge plus last_nonce; replaying that nonce with the cookie: stale=TRUE.
        c = params(challenge(md5));
        HttpResponse<String> wrong = send(get(md5, "Authorization", digest(c, "wrong", "GET", md5, "auth", "MD5", "MD5")));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(params(wrong.headers().firstValue("www-authenticate").orElseThrow())).containsEntry("stale", "FALSE");
        assertThat(wrong.headers().allValues("set-cookie")).contains("last_nonce=" + c.get("nonce") + "; Path=/");
        HttpResponse<String> stale = send(HttpRequest.newBuilder(uri(md5)).timeout(TIMEOUT)
                .header("Authorization", digest(c, "passwd", "GET", md5, "auth", "MD5", "MD5"))
                .header("Cookie", "last_nonce=" + c.get("nonce")).build());
        assertThat(stale.statusCode()).isEqualTo(401);
        Map<String, String> staleChallenge = params(stale.headers().firstValue("www-authenticate").orElseThrow());
        assertThat(staleChallenge).containsEntry("stale", "TRUE");
        assertThat(staleChallenge.get("nonce")).isNotEqualTo(c.get("nonce"));
        // Sending back the challenge's own cookies is harmless.
        c = params(challenge(md5));
        assertThat(send(HttpRequest.newBuilder(uri(md5)).timeout(TIMEOUT)
                .header("Authorization", digest(c, "passwd", "GET", md5, "auth", "MD5", "MD5"))
                .header("Cookie", "stale_after=never; fake=fake_value").build()).statusCode()).isEqualTo(200);

        // Only GET: auth-int with a body can't be exercised.
        assertThat(send(HttpRequest.newBuilder(uri("/digest-auth/auth-int/user/passwd/MD5")).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build()).statusCode()).isEqualTo(405);

        // ?require-cookie=1: challenge without a Cookie, 403 without fake=fake_value, 500 with it (0.7.0 bug).
        String strict = "/digest-auth/auth/user/passwd/MD5?require-cookie=1";
        c = params(challenge(strict));
        assertThat(send(get(strict, "Authorization", digest(c, "passwd", "GET", strict, "auth", "MD5", "MD5"))).statusCode())
                .isEqualTo(401);
        HttpResponse<String> noFake = send(HttpRequest.newBuilder(uri(strict)).timeout(TIMEOUT)
                .header("Authorization", digest(c, "passwd", "GET", strict, "auth", "MD5", "MD5"))
                .header("Cookie", "other=1").build());
        assertThat(noFake.statusCode()).isEqualTo(403);
        assertThat(noFake.body()).contains("missing cookie set on challenge");
        assertThat(send(HttpRequest.newBuilder(uri(strict)).timeout(TIMEOUT)
                .header("Authorization", digest(c, "passwd", "GET", strict, "auth", "MD5", "MD5"))
                .header("Cookie", "fake=fake_value").build()).statusCode()).isEqualTo(500);
    }

    @Test
    void contentCodings() throws Exception {
        HttpResponse<byte[]> gzip = sendBytes(get("/gzip"));
        assertThat(gzip.headers().firstValue("content-encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("content-length")).hasValue(String.valueOf(gzip.body().length));
        assertThat(JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes())
                .path("gzipped").asBoolean()).isTrue();

        HttpResponse<byte[]> deflate = sendBytes(get("/deflate"));
        assertThat(deflate.headers().firstValue("content-encoding")).hasValue("deflate");
        assertThat(JSON.readTree(new InflaterInputStream(new ByteArrayInputStream(deflate.body())).readAllBytes())
                .path("deflated").asBoolean()).isTrue();

        HttpResponse<byte[]> brotli = sendBytes(get("/brotli"));
        assertThat(brotli.headers().firstValue("content-encoding")).hasValue("br");
        Brotli4jLoader.ensureAvailability();
        try (InputStream in = new BrotliInputStream(new ByteArrayInputStream(brotli.body()))) {
            assertThat(JSON.readTree(in.readAllBytes()).path("brotli").asBoolean()).isTrue();
        }
    }

    @Test
    void streamsBytesAndDelays() throws Exception {
        HttpResponse<String> stream = send(get("/stream/5"));
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(stream.headers().firstValue("content-length")).isEmpty();
        List<String> lines = stream.body().lines().toList();
        assertThat(lines).hasSize(5);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(JSON.readTree(lines.get(i)).path("id").asInt()).isEqualTo(i);
        }

        HttpResponse<byte[]> bytes = sendBytes(get("/bytes/1024"));
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.body()).hasSize(1024);
        assertThat(bytes.headers().firstValue("content-length")).hasValue("1024");
        assertThat(bytes.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(sendBytes(get("/bytes/64?seed=7")).body()).isEqualTo(sendBytes(get("/bytes/64?seed=7")).body());

        HttpResponse<String> delay = send(get("/delay/1"));
        assertThat(delay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(delay.body()).path("url").asText()).endsWith("/delay/1");
    }

    @Test
    void servesAnotherConnectionWhileOneRequestIsIncomplete() throws Exception {
        HttpbinServer httpbin = httpbin();
        try (Socket stuck = new Socket("127.0.0.1", httpbin.port())) {
            OutputStream out = stuck.getOutputStream();
            out.write("GET /get HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII)); // no blank line
            out.flush();
            // A single-threaded server would still be reading the stuck request: this would time out.
            HttpResponse<String> other = CLIENT.send(HttpRequest.newBuilder(uri("/get"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void closeStopsTheProcessAndFreesThePort() throws Exception {
        HttpbinServer httpbin = HttpbinServer.start();
        int port;
        ProcessHandle process;
        try (httpbin) {
            port = httpbin.port();
            process = httpbin.process();
            assertThat(process.isAlive()).isTrue();
            HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(URI.create(httpbin.url("/get")))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(httpbin.output()).contains("GET /get HTTP/1.1");
        }
        assertThat(process.isAlive()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        httpbin.close(); // idempotent
    }

    @Test
    void aLauncherThatExitsFailsWithItsOutput() {
        assertThatThrownBy(() -> HttpbinServer.builder()
                .launcher("import sys\nprint('boom from the launcher', file=sys.stderr)\nsys.exit(3)\n")
                .start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("httpbin did not start: it exited with code 3")
                .hasMessageContaining("boom from the launcher");
    }

    @Test
    void aLauncherThatNeverAnswersIsStoppedAfterTheStartTimeout() {
        Throwable failure = catchThrowable(() -> HttpbinServer.builder()
                .launcher("import os, time\nprint('pid', os.getpid(), flush=True)\ntime.sleep(600)\n")
                .startTimeout(Duration.ofSeconds(1))
                .start());
        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not answer GET /get within 1000 ms");
        Matcher pid = Pattern.compile("pid (\\d+)").matcher(failure.getMessage());
        assertThat(pid.find()).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aMissingHttpbinSkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/python3");
        assertThatThrownBy(() -> HttpbinServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("python3-httpbin is not installed: .ci/run installs it (apt-get install -y python3-httpbin)");
        assertThatThrownBy(() -> HttpbinServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y python3-httpbin");
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertRedirect(String path, int status, String location) throws Exception {
        HttpResponse<String> response = send(get(path));
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        assertThat(response.headers().allValues("location")).as(path).containsExactly(location);
    }

    private static void assertDigestOk(String path, String algorithm, String qop) throws Exception {
        Map<String, String> c = params(challenge(path));
        HttpResponse<String> response = send(get(path, "Authorization", digest(c, "passwd", "GET", path, qop, algorithm, algorithm)));
        assertThat(response.statusCode()).as(path + " qop=" + qop).isEqualTo(200);
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"authenticated\":true,\"user\":\"user\"}"));
    }

    private static String challenge(String path) throws Exception {
        HttpResponse<String> response = send(get(path));
        assertThat(response.statusCode()).as(path).isEqualTo(401);
        return response.headers().firstValue("www-authenticate").orElseThrow();
    }

    private static Map<String, String> params(String header) {
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(header.substring(header.indexOf(' ') + 1));
        while (m.find()) {
            params.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return params;
    }

    /**
     * An RFC 7616 answer for user "user": {@code algorithmParam} is what goes in the header (null:
     * none), {@code hash} what the response is computed with; {@code qop} null means RFC 2069.
     */
    private static String digest(Map<String, String> challenge, String password, String method, String uri,
            String qop, String algorithmParam, String hash) {
        String nc = "00000001";
        String cnonce = "0a4f113b";
        String ha1 = h(hash, "user:" + challenge.get("realm") + ":" + password);
        String ha2 = "auth-int".equals(qop) ? h(hash, method + ":" + uri + ":" + h(hash, "")) : h(hash, method + ":" + uri);
        String response = qop == null
                ? h(hash, ha1 + ":" + challenge.get("nonce") + ":" + ha2)
                : h(hash, ha1 + ":" + challenge.get("nonce") + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        StringBuilder header = new StringBuilder("Digest username=\"user\", realm=\"").append(challenge.get("realm"))
                .append("\", nonce=\"").append(challenge.get("nonce")).append("\", uri=\"").append(uri)
                .append("\", response=\"").append(response).append("\", opaque=\"").append(challenge.get("opaque")).append('"');
        if (algorithmParam != null) {
            header.append(", algorithm=").append(algorithmParam);
        }
        if (qop != null) {
            header.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return header.toString();
    }

    private static String h(String algorithm, String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String path) {
        return URI.create(httpbin().url(path));
    }

    private static HttpRequest get(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> sendBytes(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
