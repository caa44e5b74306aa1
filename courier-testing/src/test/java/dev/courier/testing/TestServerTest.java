package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.auth.Auth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every TestServer endpoint through Courier over HTTP/1.1, and some over h2c and h2 over TLS. */
class TestServerTest {
    private static TestServer server;
    private static AsyncClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response get(String path) {
        return client.get(path).join();
    }

    @Test
    void getEchoesArgsHeadersOriginAndUrl() {
        Response r = client.get("/get", o -> o.param("a", "1").param("b", "2").header("X-Test", "yes")).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode json = r.json();
        assertThat(fieldNames(json)).containsExactlyInAnyOrder("args", "headers", "origin", "url");
        assertThat(json.get("args").get("a").asText()).isEqualTo("1");
        assertThat(json.get("headers").get("X-Test").asText()).isEqualTo("yes");
        assertThat(json.get("headers").get("Host").asText()).isEqualTo("127.0.0.1:" + server.port());
        assertThat(json.get("origin").asText()).isEqualTo("127.0.0.1");
        assertThat(json.get("url").asText()).isEqualTo(server.url("/get?a=1&b=2"));
    }

    @Test
    void repeatedArgsBecomeAList() {
        JsonNode args = get("/get?k=1&k=2&one=x").json().get("args");
        assertThat(args.get("k").isArray()).isTrue();
        assertThat(args.get("k")).hasSize(2);
        assertThat(args.get("one").asText()).isEqualTo("x");
    }

    @Test
    void bodyMethodsEchoDataJsonFormAndFiles() {
        JsonNode post = client.post("/post", o -> o.json(Map.of("x", 1))).join().json();
        assertThat(fieldNames(post)).containsExactlyInAnyOrder("args", "data", "files", "form", "headers", "json", "origin", "url");
        assertThat(post.get("json").get("x").asInt()).isEqualTo(1);
        assertThat(post.get("data").asText()).isEqualTo("{\"x\":1}");

        JsonNode form = client.put("/put", o -> o.form(Map.of("f", "v"))).join().json();
        assertThat(form.get("form").get("f").asText()).isEqualTo("v");
        assertThat(form.get("data").asText()).isEmpty();
        assertThat(form.get("json").isNull()).isTrue();

        JsonNode files = client.patch("/patch", o -> o.file("up", "hello".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain")
                .form(Map.of("k", "v"))).join().json();
        assertThat(files.get("files").get("up").asText()).isEqualTo("hello");
        assertThat(files.get("form").get("k").asText()).isEqualTo("v");

        JsonNode binary = client.delete("/delete", o -> o.content(new byte[] {(byte) 0xff, 0})).join().json();
        assertThat(binary.get("data").asText()).startsWith("data:application/octet-stream;base64,");
    }

    @Test
    void wrongMethodIs405AndUnknownPathIs404() {
        Response r = client.post("/get").join();
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().get("Allow")).contains("GET");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        assertThat(get("/bytes/abc").statusCode()).isEqualTo(404);
    }

    @Test
    void anythingTakesAnyMethodAndPath() {
        JsonNode json = client.request("TRACE", "/anything/x/y?q=1").join().json();
        assertThat(json.get("method").asText()).isEqualTo("TRACE");
        assertThat(json.get("url").asText()).endsWith("/anything/x/y?q=1");
        assertThat(fieldNames(json)).contains("method", "json", "data");
    }

    @Test
    void headersIpUserAgentUuid() {
        JsonNode headers = client.get("/headers", o -> o.header("x-lower-case", "v")).join().json().get("headers");
        assertThat(headers.get("X-Lower-Case").asText()).isEqualTo("v");
        assertThat(get("/ip").json().get("origin").asText()).isEqualTo("127.0.0.1");
        Response ua = client.get("/user-agent", o -> o.header("User-Agent", "agent/1")).join();
        assertThat(ua.json().get("user-agent").asText()).isEqualTo("agent/1");
        assertThat(get("/uuid").json().get("uuid").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void statusCodes() {
        assertThat(get("/status/204").statusCode()).isEqualTo(204);
        Response teapot = get("/status/418");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.headers().get("x-more-info")).isEqualTo("http://tools.ietf.org/html/rfc2324");
        assertThat(teapot.text()).contains("teapot");
        assertThat(get("/status/302").headers().get("Location")).isEqualTo("/redirect/1");
        assertThat(get("/status/401").headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"Fake Realm\"");
        assertThat(client.post("/status/503").join().statusCode()).isEqualTo(503);
        assertThat(get("/status/500,502").statusCode()).isIn(500, 502);
        assertThat(get("/status/201:1,202:0").statusCode()).isEqualTo(201);
        assertThat(get("/status/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void redirects() {
        assertThat(get("/redirect/3").headers().get("Location")).isEqualTo("/relative-redirect/2");
        assertThat(get("/redirect/1").headers().get("Location")).isEqualTo("/get");
        assertThat(get("/redirect/2?absolute=true").headers().get("Location")).isEqualTo(server.url("/absolute-redirect/1"));
        assertThat(get("/relative-redirect/1").headers().get("Location")).isEqualTo("/get");
        Response absolute = get("/absolute-redirect/2");
        assertThat(absolute.statusCode()).isEqualTo(302);
        assertThat(absolute.headers().get("Location")).isEqualTo(server.url("/absolute-redirect/1"));
        Response to = client.post("/redirect-to", o -> o.param("url", "http://example.invalid/x").param("status_code", "307")).join();
        assertThat(to.statusCode()).isEqualTo(307);
        assertThat(to.headers().get("Location")).isEqualTo("http://example.invalid/x");
        assertThat(get("/redirect-to?url=/get&status_code=200").statusCode()).isEqualTo(302);

        Response followed = client.get("/redirect/3", o -> o.followRedirects(true)).join();
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.history()).hasSize(3);
        assertThat(followed.url().toString()).isEqualTo(server.url("/get"));
    }

    @Test
    void cookies() {
        Response set = get("/cookies/set?a=1&b=2");
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(set.headers().get("Location")).isEqualTo("/cookies");
        assertThat(set.headers().getAll("Set-Cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
        assertThat(get("/cookies/set/n/v").headers().get("Set-Cookie")).isEqualTo("n=v; Path=/");
        assertThat(get("/cookies/delete?a").headers().get("Set-Cookie"))
                .isEqualTo("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
        JsonNode cookies = client.get("/cookies", o -> o.header("Cookie", "x=1; y=2; __utma=hidden")).join().json().get("cookies");
        assertThat(fieldNames(cookies)).containsExactly("x", "y");
    }

    @Test
    void basicHiddenAndBearerAuth() {
        Response challenge = get("/basic-auth/u/p");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().get("WWW-Authenticate")).isEqualTo("Basic realm=\"Fake Realm\"");
        JsonNode ok = client.get("/basic-auth/u/p", o -> o.auth(Auth.basic("u", "p"))).join().json();
        assertThat(ok.get("authenticated").asBoolean()).isTrue();
        assertThat(ok.get("user").asText()).isEqualTo("u");
        assertThat(client.get("/basic-auth/u/p", o -> o.auth(Auth.basic("u", "wrong"))).join().statusCode()).isEqualTo(401);

        assertThat(get("/hidden-basic-auth/u/p").statusCode()).isEqualTo(404);
        assertThat(client.get("/hidden-basic-auth/u/p", o -> o.auth(Auth.basic("u", "p"))).join().statusCode()).isEqualTo(200);

        Response bearer = get("/bearer");
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
        JsonNode token = client.get("/bearer", o -> o.auth(Auth.bearer("tok"))).join().json();
        assertThat(token.get("token").asText()).isEqualTo("tok");
    }

    @Test
    void digestAuthWithMd5AndSha256() {
        Response challenge = get("/digest-auth/auth/u/p");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().get("WWW-Authenticate"))
                .startsWith("Digest realm=\"me@kennethreitz.com\"").contains("qop=\"auth\"", "algorithm=MD5");
        for (String path : List.of("/digest-auth/auth/u/p", "/digest-auth/auth/u/p/MD5", "/digest-auth/auth/u/p/SHA-256")) {
            Response r = client.get(path, o -> o.auth(Auth.digest("u", "p"))).join();
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.json().get("user").asText()).isEqualTo("u");
        }
        assertThat(client.get("/digest-auth/auth/u/p", o -> o.auth(Auth.digest("u", "bad"))).join().statusCode()).isEqualTo(401);
    }

    @Test
    void contentCodingsAreDecodedByTheClient() {
        Response gzip = get("/gzip");
        assertThat(gzip.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzip.json().get("gzipped").asBoolean()).isTrue();
        assertThat(get("/deflate").json().get("deflated").asBoolean()).isTrue();
        Response brotli = get("/brotli");
        assertThat(brotli.headers().get("Content-Encoding")).isEqualTo("br");
        assertThat(brotli.json().get("brotli").asBoolean()).isTrue();
        assertThat(fieldNames(brotli.json())).containsExactlyInAnyOrder("brotli", "headers", "method", "origin");
    }

    @Test
    void streamsAndBytes() {
        Response stream = get("/stream/3");
        assertThat(stream.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        List<String> lines = stream.text().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).contains("\"id\":2");
        assertThat(get("/stream/1000").text().lines().count()).isEqualTo(100);

        Response streamBytes = get("/stream-bytes/1000?chunk_size=100&seed=7");
        assertThat(streamBytes.content()).hasSize(1000).isEqualTo(get("/stream-bytes/1000?chunk_size=10&seed=7").content());

        Response bytes = get("/bytes/2048?seed=1");
        assertThat(bytes.headers().get("Content-Length")).isEqualTo("2048");
        assertThat(bytes.headers().get("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(bytes.content()).isEqualTo(get("/bytes/2048?seed=1").content());
        assertThat(get("/bytes/1000000").content()).hasSize(100 * 1024);
    }

    @Test
    void ranges() {
        Response whole = get("/range/30");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().get("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.headers().get("ETag")).isEqualTo("range30");
        assertThat(whole.text()).isEqualTo("abcdefghijklmnopqrstuvwxyzabcd");
        Response part = client.get("/range/30", o -> o.header("Range", "bytes=2-5")).join();
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().get("Content-Range")).isEqualTo("bytes 2-5/30");
        assertThat(part.text()).isEqualTo("cdef");
        assertThat(client.get("/range/30", o -> o.header("Range", "bytes=-3")).join().text()).isEqualTo("bcd");
        Response unsatisfiable = client.get("/range/30", o -> o.header("Range", "bytes=40-50")).join();
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().get("Content-Range")).isEqualTo("bytes */30");
    }

    @Test
    void dripAndDelayAnswerLater() {
        Response drip = get("/drip?duration=0.2&numbytes=5&code=201&delay=0.1");
        assertThat(drip.statusCode()).isEqualTo(201);
        assertThat(drip.headers().get("Content-Length")).isEqualTo("5");
        assertThat(drip.text()).isEqualTo("*****");
        assertThat(get("/drip?numbytes=0").statusCode()).isEqualTo(400);
        assertThat(get("/drip?duration=0&numbytes=5000").content()).hasSize(5000);

        Response delay = client.post("/delay/0.2", o -> o.form(Map.of("f", "v"))).join();
        assertThat(delay.statusCode()).isEqualTo(200);
        assertThat(fieldNames(delay.json())).containsExactlyInAnyOrder("args", "data", "files", "form", "headers", "origin", "url");
        assertThat(delay.json().get("form").get("f").asText()).isEqualTo("v");
    }

    @Test
    void cacheAndEtag() {
        Response cache = get("/cache");
        assertThat(cache.statusCode()).isEqualTo(200);
        assertThat(cache.headers().get("Last-Modified")).isNotNull();
        assertThat(cache.headers().get("ETag")).isNotNull();
        assertThat(client.get("/cache", o -> o.header("If-None-Match", "x")).join().statusCode()).isEqualTo(304);
        assertThat(client.get("/cache", o -> o.header("If-Modified-Since", cache.headers().get("Last-Modified"))).join().statusCode())
                .isEqualTo(304);
        assertThat(get("/cache/60").headers().get("Cache-Control")).isEqualTo("public, max-age=60");

        assertThat(get("/etag/abc").headers().get("ETag")).isEqualTo("abc");
        Response notModified = client.get("/etag/abc", o -> o.header("If-None-Match", "\"abc\"")).join();
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().get("ETag")).isEqualTo("abc");
        assertThat(client.get("/etag/abc", o -> o.header("If-Match", "\"other\"")).join().statusCode()).isEqualTo(412);
        assertThat(client.get("/etag/abc", o -> o.header("If-Match", "\"abc\"")).join().statusCode()).isEqualTo(200);
    }

    @Test
    void responseHeadersEchoIntoHeadersAndJson() {
        Response r = get("/response-headers?X-One=1&Set-Cookie=a%3D1&Set-Cookie=b%3D2");
        assertThat(r.headers().get("X-One")).isEqualTo("1");
        assertThat(r.headers().getAll("Set-Cookie")).containsExactly("a=1", "b=2");
        JsonNode json = r.json();
        assertThat(json.get("X-One").asText()).isEqualTo("1");
        assertThat(json.get("Set-Cookie")).hasSize(2);
        assertThat(json.get("Content-Length").asText()).isEqualTo(String.valueOf(r.content().length));
    }

    @Test
    void documentsAndBase64() {
        assertThat(get("/json").json().get("slideshow").get("title").asText()).isEqualTo("Sample Slide Show");
        Response html = get("/html");
        assertThat(html.headers().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(html.text()).contains("<h1>Herman Melville - Moby-Dick</h1>");
        Response xml = get("/xml");
        assertThat(xml.headers().get("Content-Type")).isEqualTo("application/xml");
        assertThat(xml.text()).contains("<slideshow");
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString("héllo?>".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/base64/" + encoded).text()).isEqualTo("héllo?>");
        assertThat(get("/base64/!!!").statusCode()).isEqualTo(400);
    }

    @Test
    void headAndOptions() {
        Response head = client.head("/get").join();
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.content()).isEmpty();
        Response options = client.options("/get").join();
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().get("Access-Control-Allow-Methods")).contains("GET");
    }

    @Test
    void h2cByPriorKnowledge() {
        try (AsyncClient h2c = server.clientBuilder().http1(false).build()) {
            Response r = h2c.get("/get", o -> o.param("x", "1")).join();
            assertThat(r.httpVersion()).isEqualTo("HTTP/2");
            assertThat(r.json().get("url").asText()).isEqualTo(server.url("/get?x=1"));
            assertThat(fieldNames(r.json().get("headers"))).doesNotContain("X-Http2-Stream-Id", "X-Http2-Scheme");
            assertThat(h2c.post("/post", o -> o.json(Map.of("k", "v"))).join().json().get("json").get("k").asText()).isEqualTo("v");
            assertThat(h2c.get("/stream/5").join().text().lines().count()).isEqualTo(5);
            assertThat(h2c.get("/gzip").join().json().get("gzipped").asBoolean()).isTrue();
            assertThat(h2c.get("/drip?duration=0.1&numbytes=3").join().text()).isEqualTo("***");
            assertThat(h2c.get("/status/418").join().statusCode()).isEqualTo(418);
        }
    }

    @Test
    void http2AndHttp1OverTls() {
        Response h2 = client.get(server.httpsUrl("/get")).join();
        assertThat(h2.httpVersion()).isEqualTo("HTTP/2");
        assertThat(h2.json().get("url").asText()).isEqualTo(server.httpsUrl("/get"));
        assertThat(client.get(server.httpsUrl("/bytes/50000")).join().content()).hasSize(50000);
        assertThat(client.get(server.httpsUrl("/cookies/set?s=1")).join().headers().get("Set-Cookie")).isEqualTo("s=1; Secure; Path=/");
        try (AsyncClient http1 = server.clientBuilder().http2(false).build()) {
            Response r = http1.get(server.httpsUrl("/stream/2")).join();
            assertThat(r.httpVersion()).isEqualTo("HTTP/1.1");
            assertThat(r.text().lines().count()).isEqualTo(2);
        }
    }

    @Test
    void addressesAndCertificate() {
        assertThat(server.port()).isPositive().isNotEqualTo(server.tlsPort());
        assertThat(server.url("get")).isEqualTo("http://127.0.0.1:" + server.port() + "/get");
        assertThat(server.httpsUrl("/x")).isEqualTo("https://127.0.0.1:" + server.tlsPort() + "/x");
        assertThat(new String(server.caCertificatePem(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(server.client()).isSameAs(client);
    }

    @Test
    void closeStopsTheServerAndItsClient() {
        TestServer other = TestServer.start();
        AsyncClient otherClient = other.client();
        assertThat(otherClient.get("/get").join().statusCode()).isEqualTo(200);
        other.close();
        other.close();
        assertThat(otherClient.isClosed()).isTrue();
        try (AsyncClient fresh = AsyncClient.builder().trustEnv(false).build()) {
            assertThatThrownBy(() -> fresh.get(other.url("/get")).join()).isInstanceOf(java.util.concurrent.CompletionException.class);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
