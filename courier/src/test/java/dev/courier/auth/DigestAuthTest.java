package dev.courier.auth;

import static dev.courier.auth.FakeSender.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestAuthTest {
    // RFC 7616 §3.9.1.
    private static final String REALM = "http-auth@example.org";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String SHA256_CHALLENGE = "Digest realm=\"" + REALM + "\", qop=\"auth, auth-int\", "
            + "algorithm=SHA-256, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"";
    private static final String MD5_CHALLENGE = "Digest realm=\"" + REALM + "\", qop=\"auth, auth-int\", "
            + "algorithm=MD5, nonce=\"" + NONCE + "\", opaque=\"" + OPAQUE + "\"";
    private static final String RFC_URL = "http://www.example.org/dir/index.html";

    // RFC 7616 §3.9.2.
    private static final String JASON = "J\u00e4s\u00f8n Doe";
    private static final String USERHASH_CHALLENGE = "Digest realm=\"api@example.org\", qop=\"auth\", "
            + "algorithm=SHA-512-256, nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", "
            + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", charset=UTF-8, userhash=true";
    private static final String USERHASH_CNONCE = "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v";

    private static DigestAuth mufasa() {
        return new DigestAuth("Mufasa", "Circle of Life", () -> CNONCE);
    }

    private static Request get(String url) {
        return Request.builder("GET", url).build();
    }

    private static Response challenge(Request r, String... challenges) {
        Response.Builder b = Response.builder().status(401).request(r).body(ChunkPublisher.of("login first"));
        for (String c : challenges) {
            b.header("WWW-Authenticate", c);
        }
        return b.build();
    }

    /** A server that challenges every request without credentials and accepts every request with them. */
    private static FakeSender challenger(String... challenges) {
        return new FakeSender(r -> r.headers().contains("Authorization")
                ? Response.builder().request(r).content("ok").build()
                : challenge(r, challenges));
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String h(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 7616 §3.4.1, written out independently of DigestAuth, as a server would check it. */
    private static String expectedResponse(String jca, boolean sess, String user, String realm, String password,
                                           String nonce, String nc, String cnonce, String qop, String method,
                                           String uri, byte[] body) {
        String ha1 = h(jca, user + ":" + realm + ":" + password);
        if (sess) {
            ha1 = h(jca, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = "auth-int".equals(qop) ? h(jca, method + ":" + uri + ":" + hex(jca, body)) : h(jca, method + ":" + uri);
        return qop == null ? h(jca, ha1 + ":" + nonce + ":" + ha2)
                : h(jca, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    @Test
    void rfc7616Md5Example() {
        FakeSender server = challenger(MD5_CHALLENGE);
        Response r = mufasa().authenticate(get(RFC_URL), server).join();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.requests).hasSize(2);
        assertThat(server.authorization(0)).isNull();
        assertThat(server.authorization(1)).isEqualTo("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "uri=\"/dir/index.html\", algorithm=MD5, nonce=\"" + NONCE + "\", nc=00000001, cnonce=\"" + CNONCE
                + "\", qop=auth, response=\"8ca523f5e9506fed4657c9700eebdbec\", opaque=\"" + OPAQUE + "\"");
    }

    @Test
    void rfc7616Sha256Example() {
        FakeSender server = challenger(SHA256_CHALLENGE);
        mufasa().authenticate(get(RFC_URL), server).join();
        assertThat(server.authorization(1)).isEqualTo("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                + "uri=\"/dir/index.html\", algorithm=SHA-256, nonce=\"" + NONCE + "\", nc=00000001, cnonce=\"" + CNONCE
                + "\", qop=auth, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                + "opaque=\"" + OPAQUE + "\"");
    }

    @Test
    void rfc2617Example() {
        FakeSender server = challenger("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        new DigestAuth("Mufasa", "Circle Of Life", () -> "0a4f113b")
                .authenticate(get("http://www.nowhere.org/dir/index.html"), server).join();
        // No algorithm was offered, so none is echoed (RFC 2617 servers may not expect one).
        assertThat(server.authorization(1)).isEqualTo("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", "
                + "uri=\"/dir/index.html\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", nc=00000001, "
                + "cnonce=\"0a4f113b\", qop=auth, response=\"6629fae49393a05397450978507c4ef1\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    /**
     * RFC 7616 §3.9.2 as published: its values come from SHA-512 cut to 256 bits (RFC errata 4897).
     * The computation, fed that function, reproduces the example exactly.
     */
    @Test
    void rfc7616UserhashExampleAsPublishedUsesTruncatedSha512() {
        DigestChallenge c = DigestChallenge.best(List.of(USERHASH_CHALLENGE));
        String header = DigestAuth.authorization(c, data -> Arrays.copyOf(sha512(data), 32), JASON, "Secret, or not?",
                "GET", "/doe.json", null, USERHASH_CNONCE, 1);
        assertThat(header).isEqualTo("Digest "
                + "username=\"488869477bf257147b804c45308cd62ac4e25eb717b12b298c79e62dcea254ec\", "
                + "realm=\"api@example.org\", uri=\"/doe.json\", algorithm=SHA-512-256, "
                + "nonce=\"5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK\", nc=00000001, cnonce=\"" + USERHASH_CNONCE
                + "\", qop=auth, response=\"ae66e67d6b427bd3f120414a82e4acff38e8ecd9101d6c861229025f607a79dd\", "
                + "opaque=\"HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS\", userhash=true");
    }

    /**
     * RFC 7616 §3.9.2 with SHA-512-256 as standardised (FIPS 180-4 SHA-512/256), which Courier sends.
     * The values were computed with an independent implementation (OpenSSL's sha512_256 via Python hashlib).
     */
    @Test
    void rfc7616UserhashExampleWithFipsSha512Slash256() {
        FakeSender server = challenger(USERHASH_CHALLENGE);
        new DigestAuth(JASON, "Secret, or not?", () -> USERHASH_CNONCE)
                .authenticate(get("http://api.example.org/doe.json"), server).join();
        String header = server.authorization(1);
        assertThat(param(header, "username")).isEqualTo("793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b");
        assertThat(param(header, "response")).isEqualTo("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
        assertThat(param(header, "userhash")).isEqualTo("true");
        assertThat(param(header, "algorithm")).isEqualTo("SHA-512-256");
        assertThat(header).doesNotContain("username*");
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void nonAsciiUserWithoutUserhashGoesInUsernameStar() {
        FakeSender server = challenger(MD5_CHALLENGE);
        new DigestAuth(JASON, "Secret, or not?", () -> CNONCE).authenticate(get(RFC_URL), server).join();
        String header = server.authorization(1);
        // RFC 7616 §3.4.4's own example of the encoding.
        assertThat(header).startsWith("Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=");
        assertThat(param(header, "response")).isEqualTo(expectedResponse("MD5", false, JASON, REALM, "Secret, or not?",
                NONCE, "00000001", CNONCE, "auth", "GET", "/dir/index.html", null));
    }

    @ParameterizedTest
    @CsvSource({"MD5, MD5, false", "MD5-sess, MD5, true", "SHA-256, SHA-256, false", "SHA-256-sess, SHA-256, true",
            "SHA-512-256, SHA-512/256, false", "SHA-512-256-sess, SHA-512/256, true", "SHA-512, SHA-512, false",
            "sha-256, SHA-256, false"})
    void everyAlgorithmMatchesAnIndependentComputation(String algorithm, String jca, boolean sess) {
        FakeSender server = challenger("Digest realm=\"r\", nonce=\"n0nce\", qop=\"auth\", algorithm=" + algorithm);
        mufasa().authenticate(get("https://a.test/x?y=1&z"), server).join();
        String header = server.authorization(1);
        assertThat(param(header, "algorithm")).isEqualTo(algorithm);
        assertThat(param(header, "uri")).isEqualTo("/x?y=1&z");
        assertThat(param(header, "response")).isEqualTo(expectedResponse(jca, sess, "Mufasa", "r", "Circle of Life",
                "n0nce", "00000001", CNONCE, "auth", "GET", "/x?y=1&z", null));
    }

    @Test
    void withoutQopTheAnswerIsRfc2069Style() {
        FakeSender server = challenger("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        mufasa().authenticate(get("http://h.test/dir/index.html"), server).join();
        String header = server.authorization(1);
        assertThat(header).doesNotContain("nc=").doesNotContain("cnonce=").doesNotContain("qop=")
                .doesNotContain("algorithm=");
        assertThat(param(header, "response")).isEqualTo(expectedResponse("MD5", false, "Mufasa", "testrealm@host.com",
                "Circle of Life", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null, null, "GET", "/dir/index.html", null));
        assertThat(param(header, "opaque")).isEqualTo("5ccc069c403ebaf9f0171e9517f40e41");
    }

    @Test
    void quotedValuesAreUnescapedForHashingAndEscapedAgainWhenEchoed() {
        String realm = "a \"quoted\" realm, with \\ and comma";
        FakeSender server = challenger("Digest realm=\"a \\\"quoted\\\" realm, with \\\\ and comma\", "
                + "nonce=\"n,1\", qop=\"auth\", opaque=\"o\\\"p\"");
        mufasa().authenticate(get("http://h.test/"), server).join();
        String header = server.authorization(1);
        assertThat(header).contains("realm=\"a \\\"quoted\\\" realm, with \\\\ and comma\"")
                .contains("nonce=\"n,1\"").contains("opaque=\"o\\\"p\"");
        assertThat(param(header, "response")).isEqualTo(expectedResponse("MD5", false, "Mufasa", realm, "Circle of Life",
                "n,1", "00000001", CNONCE, "auth", "GET", "/", null));
    }

    @Test
    void sha256IsPreferredOverMd5HoweverTheChallengesArrive() {
        String expected = "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
        List<FakeSender> servers = List.of(
                challenger(SHA256_CHALLENGE, MD5_CHALLENGE),
                challenger(MD5_CHALLENGE, SHA256_CHALLENGE),
                challenger("Basic realm=\"x\", " + MD5_CHALLENGE + ", " + SHA256_CHALLENGE + ", Negotiate"),
                challenger("Digest realm=\"r\", nonce=\"n\", algorithm=UNKNOWN-HASH", MD5_CHALLENGE + ", " + SHA256_CHALLENGE));
        for (FakeSender server : servers) {
            mufasa().authenticate(get(RFC_URL), server).join();
            assertThat(server.requests).hasSize(2);
            assertThat(param(server.authorization(1), "algorithm")).isEqualTo("SHA-256");
            assertThat(param(server.authorization(1), "response")).isEqualTo(expected);
        }
    }

    @Test
    void authIsPreferredWhenBothQopsAreOffered() {
        FakeSender server = challenger("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int,auth\"");
        mufasa().authenticate(Request.builder("POST", "http://h.test/").body(RequestBody.of("x")).build(), server).join();
        assertThat(param(server.authorization(1), "qop")).isEqualTo("auth");
    }

    @Test
    void staleIsRetriedOnceAndOnlyOnce() {
        AtomicInteger nonces = new AtomicInteger();
        FakeSender server = new FakeSender(r -> {
            int n = nonces.incrementAndGet();
            String stale = n == 1 ? "" : ", stale=true";
            return challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"nonce" + n + "\"" + stale);
        });
        Response r = mufasa().authenticate(get("http://h.test/"), server).join();

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.requests).hasSize(3);
        assertThat(server.authorization(0)).isNull();
        assertThat(param(server.authorization(1), "nonce")).isEqualTo("nonce1");
        assertThat(param(server.authorization(2), "nonce")).isEqualTo("nonce2");
        assertThat(param(server.authorization(2), "nc")).isEqualTo("00000001");
        assertThat(r).isSameAs(server.responses.get(2));
        assertThat(r.isClosed()).isFalse();
        assertThat(server.responses.get(0).isClosed()).isTrue();
        assertThat(server.responses.get(1).isClosed()).isTrue();
    }

    @Test
    void staleNonceGetsANewTryThatSucceeds() {
        FakeSender server = new FakeSender(r -> {
            String auth = r.headers().get("Authorization");
            if (auth == null) {
                return challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"old\"");
            }
            if (param(auth, "nonce").equals("old")) {
                return challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"new\", stale=TRUE");
            }
            return Response.builder().request(r).build();
        });
        Response r = mufasa().authenticate(get("http://h.test/"), server).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.requests).hasSize(3);
        assertThat(param(server.authorization(2), "nonce")).isEqualTo("new");
    }

    @Test
    void wrongCredentialsAreNotRetried() {
        FakeSender server = new FakeSender(r -> challenge(r, MD5_CHALLENGE));
        Response r = mufasa().authenticate(get(RFC_URL), server).join();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.requests).hasSize(2);
        assertThat(r.isClosed()).isFalse();
    }

    @Test
    void nonceCountIncrementsPerOriginAndNeverCrossesOrigins() {
        DigestAuth auth = mufasa();
        FakeSender server = challenger(MD5_CHALLENGE);

        auth.authenticate(get("http://a.test/one"), server).join();
        assertThat(server.requests).hasSize(2);
        assertThat(param(server.authorization(1), "nc")).isEqualTo("00000001");

        auth.authenticate(get("http://a.test/two?x=1"), server).join();
        assertThat(server.requests).hasSize(3);
        assertThat(param(server.authorization(2), "nc")).isEqualTo("00000002");
        assertThat(param(server.authorization(2), "nonce")).isEqualTo(NONCE);
        assertThat(param(server.authorization(2), "uri")).isEqualTo("/two?x=1");
        assertThat(param(server.authorization(2), "response")).isEqualTo(expectedResponse("MD5", false, "Mufasa", REALM,
                "Circle of Life", NONCE, "00000002", CNONCE, "auth", "GET", "/two?x=1", null));

        // Same host, other port or scheme; other host: each starts without credentials.
        for (String other : List.of("http://a.test:8080/", "https://a.test/", "http://b.test/one")) {
            int before = server.requests.size();
            auth.authenticate(get(other), server).join();
            assertThat(server.requests.get(before).headers().contains("Authorization")).as(other).isFalse();
            assertThat(param(server.authorization(before + 1), "nc")).as(other).isEqualTo("00000001");
        }

        auth.authenticate(get("http://A.TEST:80/three"), server).join();
        assertThat(param(server.last().headers().get("Authorization"), "nc")).isEqualTo("00000003");
        auth.authenticate(get("http://b.test/two"), server).join();
        assertThat(param(server.last().headers().get("Authorization"), "nc")).isEqualTo("00000002");
    }

    @Test
    void aNewNonceResetsTheCount() {
        AtomicInteger served = new AtomicInteger();
        FakeSender server = new FakeSender(r -> {
            String auth = r.headers().get("Authorization");
            if (auth == null) {
                return challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"first\"");
            }
            if (param(auth, "nonce").equals("first") && served.incrementAndGet() > 2) {
                return challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"second\", stale=true");
            }
            return Response.builder().request(r).build();
        });
        DigestAuth auth = mufasa();
        auth.authenticate(get("http://h.test/1"), server).join();   // first, nc 1
        auth.authenticate(get("http://h.test/2"), server).join();   // first, nc 2
        Response r = auth.authenticate(get("http://h.test/3"), server).join();   // first nc 3 -> stale -> second nc 1
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.requests).hasSize(5);
        assertThat(param(server.authorization(3), "nc")).isEqualTo("00000003");
        assertThat(param(server.authorization(4), "nonce")).isEqualTo("second");
        assertThat(param(server.authorization(4), "nc")).isEqualTo("00000001");
        auth.authenticate(get("http://h.test/4"), server).join();
        assertThat(param(server.last().headers().get("Authorization"), "nonce")).isEqualTo("second");
        assertThat(param(server.last().headers().get("Authorization"), "nc")).isEqualTo("00000002");
    }

    @Test
    void concurrentRequestsGetDistinctNonceCounts() throws Exception {
        DigestAuth auth = mufasa();
        FakeSender server = challenger(MD5_CHALLENGE);
        auth.authenticate(get("http://h.test/"), server).join();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                all.add(CompletableFuture.supplyAsync(() -> auth.authenticate(get("http://h.test/"), server), pool)
                        .thenCompose(Function.identity()));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
        } finally {
            pool.shutdown();
        }
        assertThat(server.requests).hasSize(202);
        Set<String> counts = ConcurrentHashMap.newKeySet();
        server.requests.stream().skip(2).forEach(r -> counts.add(param(r.headers().get("Authorization"), "nc")));
        assertThat(counts).isEqualTo(IntStream.rangeClosed(2, 201).mapToObj(i -> String.format("%08x", i))
                .collect(Collectors.toSet()));
    }

    @Test
    void authIntHashesAReplayableBody() {
        FakeSender server = challenger("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"");
        byte[] body = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        Request post = Request.builder("POST", "http://h.test/submit").body(RequestBody.of(body, "application/json")).build();
        Response r = mufasa().authenticate(post, server).join();
        assertThat(r.statusCode()).isEqualTo(200);
        String header = server.authorization(1);
        assertThat(param(header, "qop")).isEqualTo("auth-int");
        assertThat(param(header, "response")).isEqualTo(expectedResponse("MD5", false, "Mufasa", "r", "Circle of Life",
                "n", "00000001", CNONCE, "auth-int", "POST", "/submit", body));
        assertThat(server.requests.get(1).content()).isEqualTo(body);
    }

    @Test
    void authIntReadsAFileBodyAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("upload.bin");
        byte[] body = "file content\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        Files.write(file, body);
        FakeSender server = challenger("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\", algorithm=SHA-256");
        Request put = Request.builder("PUT", "http://h.test/f").body(RequestBody.of(file)).build();
        mufasa().authenticate(put, server).join();
        assertThat(param(server.authorization(1), "response")).isEqualTo(expectedResponse("SHA-256", false, "Mufasa", "r",
                "Circle of Life", "n", "00000001", CNONCE, "auth-int", "PUT", "/f", body));
    }

    @Test
    void authIntWithAOneShotBodyFailsClearly() {
        FakeSender server = challenger("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"");
        DigestAuth auth = mufasa();
        Request oneShot = Request.builder("POST", "http://h.test/up")
                .body(RequestBody.of(new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)))).build();

        // Challenged on the first send: the 401 is closed and the failure explains what to do.
        assertThatThrownBy(() -> auth.authenticate(oneShot, server).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one-shot").hasMessageContaining("use a replayable body");
        assertThat(server.requests).hasSize(1);
        assertThat(server.responses.get(0).isClosed()).isTrue();

        // With a known auth-int challenge the body would have to be hashed before sending: nothing is sent.
        auth.authenticate(Request.builder("POST", "http://h.test/up").body(RequestBody.of("x")).build(), server).join();
        int sent = server.requests.size();
        Request oneShotAgain = Request.builder("POST", "http://h.test/up")
                .body(RequestBody.of(new ByteArrayInputStream("data".getBytes(StandardCharsets.UTF_8)))).build();
        assertThatThrownBy(() -> auth.authenticate(oneShotAgain, server).join())
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auth-int").hasMessageContaining("use a replayable body");
        assertThat(server.requests).hasSize(sent);
    }

    @Test
    void unanswerableChallengesReturnThe401AsIs() {
        List<String[]> unanswerable = List.of(
                new String[] {"Digest realm=\"r\", nonce=\"n\", algorithm=SHA3-512"},
                new String[] {"Digest realm=\"r\", nonce=\"n\", algorithm=SHA3-512", "Basic realm=\"r\""},
                new String[] {"Digest realm=\"r, nonce=\"n\""},                 // unterminated quote
                new String[] {"Digest realm=\"r\""},                            // no nonce
                new String[] {"Digest nonce=\"n\""},                            // no realm
                new String[] {"Digest realm=\"r\", realm=\"s\", nonce=\"n\""},  // repeated parameter
                new String[] {"Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""},
                new String[] {"Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess"},   // -sess needs a qop
                new String[] {"Digest abc=="},
                new String[] {"Basic realm=\"r\""});
        for (String[] challenges : unanswerable) {
            FakeSender server = new FakeSender(r -> challenge(r, challenges));
            Response r = mufasa().authenticate(get("http://h.test/"), server).join();
            assertThat(r.statusCode()).as(challenges[0]).isEqualTo(401);
            assertThat(r.isClosed()).as(challenges[0]).isFalse();
            assertThat(server.requests).as(challenges[0]).hasSize(1);
        }
        FakeSender noHeader = new FakeSender(r -> Response.builder().status(401).request(r).build());
        assertThat(mufasa().authenticate(get("http://h.test/"), noHeader).join().statusCode()).isEqualTo(401);
        assertThat(noHeader.requests).hasSize(1);
    }

    @Test
    void otherStatusesAreReturnedWithoutAnAnswer() {
        FakeSender server = new FakeSender(r -> Response.builder().status(403).request(r)
                .header("WWW-Authenticate", MD5_CHALLENGE).build());
        assertThat(mufasa().authenticate(get(RFC_URL), server).join().statusCode()).isEqualTo(403);
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void aChallengeFromAnotherOriginAfterARedirectIsNotAnswered() {
        // The sender followed a redirect to b.test, which challenged: credentials for b.test would be sent to a.test.
        FakeSender server = new FakeSender(r -> challenge(get("http://b.test/landing"), MD5_CHALLENGE));
        DigestAuth auth = mufasa();
        Response r = auth.authenticate(get("http://a.test/start"), server).join();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.requests).hasSize(1);
        assertThat(server.requests.get(0).headers().contains("Authorization")).isFalse();
        // Nothing was remembered for either origin.
        FakeSender ok = FakeSender.ok();
        auth.authenticate(get("http://b.test/landing"), ok).join();
        auth.authenticate(get("http://a.test/start"), ok).join();
        assertThat(ok.requests).allSatisfy(req -> assertThat(req.headers().contains("Authorization")).isFalse());
    }

    @Test
    void refusedPreemptiveCredentialsAreAnsweredOnceThenForgotten() {
        AtomicInteger round = new AtomicInteger();
        FakeSender server = new FakeSender(r -> round.get() == 0 && r.headers().contains("Authorization")
                ? Response.builder().request(r).build()
                : challenge(r, "Digest realm=\"r\", qop=\"auth\", nonce=\"n" + round.get() + "\""));
        DigestAuth auth = mufasa();
        auth.authenticate(get("http://h.test/"), server).join();
        round.set(1);   // from now on, every request is refused (the password changed, say)
        Response r = auth.authenticate(get("http://h.test/"), server).join();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(server.requests).hasSize(4);   // pre-emptive, then one answer to the new challenge
        assertThat(param(server.authorization(3), "nonce")).isEqualTo("n1");
        auth.authenticate(get("http://h.test/"), server).join();
        assertThat(server.requests.get(4).headers().contains("Authorization")).isFalse();
    }

    @Test
    void throughAClientTheChallengeLandsInHistoryAndRedirectsDoNotCarryCredentials() {
        RecordingTransport transport = new RecordingTransport(r -> {
            if (r.url().host().equals("b.test")) {
                return Response.builder().request(r).content("b").build();
            }
            if (!r.headers().contains("Authorization")) {
                return challenge(r, MD5_CHALLENGE);
            }
            return r.url().path().equals("/moved")
                    ? Response.builder().status(302).request(r).header("Location", "http://b.test/there").build()
                    : Response.builder().request(r).content("secret").build();
        });
        try (AsyncClient client = AsyncClient.builder().transport(transport).followRedirects(true)
                .auth(Auth.digest("Mufasa", "Circle of Life")).build()) {
            Response r = client.get("http://a.test/data").join();
            assertThat(r.text()).isEqualTo("secret");
            assertThat(r.history()).hasSize(1);
            assertThat(r.history().get(0).statusCode()).isEqualTo(401);
            assertThat(r.history().get(0).text()).isEqualTo("login first");

            Response moved = client.get("http://a.test/moved").join();
            assertThat(moved.text()).isEqualTo("b");
            Request atB = transport.last();
            assertThat(atB.url().host()).isEqualTo("b.test");
            assertThat(atB.headers().contains("Authorization")).isFalse();

            client.get("http://b.test/direct").join();
            assertThat(transport.last().headers().contains("Authorization")).isFalse();
        }
    }

    @Test
    void toStringMasksThePassword() {
        DigestAuth auth = Auth.digest("Mufasa", "Circle of Life");
        assertThat(auth.toString()).isEqualTo("DigestAuth[user=Mufasa, password=***]").doesNotContain("Circle");
        assertThat(auth.user()).isEqualTo("Mufasa");
        assertThatThrownBy(() -> Auth.digest("a\r\nb", "p")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultCnoncesAreRandomAndFresh() {
        DigestAuth auth = Auth.digest("Mufasa", "Circle of Life");
        FakeSender server = challenger(MD5_CHALLENGE);
        auth.authenticate(get("http://h.test/"), server).join();
        auth.authenticate(get("http://h.test/"), server).join();
        String first = param(server.authorization(1), "cnonce");
        String second = param(server.authorization(2), "cnonce");
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }
}
