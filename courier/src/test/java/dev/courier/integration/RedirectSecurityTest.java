package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.EventListener;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.transport.HttpTransport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md §1.1 against real servers: credentials never follow a redirect to another origin,
 * and once stripped they never come back. Origin A is 127.0.0.1:PA, origin B is localhost:PB (a
 * different host name and port, so a different origin), each a Jetty server.
 */
class RedirectSecurityTest {
    private static JettyServer a;
    private static JettyServer b;
    private final List<Request> hops = new CopyOnWriteArrayList<>();
    private final HttpTransport transport = HttpTransport.builder().build();

    @BeforeAll
    static void start() {
        a = JettyServer.start();
        b = JettyServer.start();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    @org.junit.jupiter.api.AfterEach
    void closeTransport() {
        transport.close();
    }

    private AsyncClient client() {
        return AsyncClient.builder().transport(transport).followRedirects(true)
                .eventListener(new EventListener() {
                    @Override
                    public void sendStart(Request request) {
                        hops.add(request);
                    }
                }).build();
    }

    private static String originA(String path) {
        return "http://127.0.0.1:" + a.port() + path;
    }

    private static String originB(String path) {
        return "http://localhost:" + b.port() + path;
    }

    private static String redirectTo(String base, String target, int status) {
        return base + "/redirect-to?status=" + status + "&url=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    private static JsonNode secrets(Response echo) {
        return echo.json().get("headers");
    }

    /** T1: another host gets none of Authorization, Cookie, Proxy-Authorization; other headers go on. */
    @Test
    void crossHostStripsCredentials() {
        try (AsyncClient c = client()) {
            Response r = c.get(redirectTo(originA(""), originB("/echo"), 302), o -> o
                    .header("Authorization", "Basic dTpw").header("Cookie", "s=1")
                    .header("Proxy-Authorization", "Basic eDp5").header("X-Custom", "y")).join();
            JsonNode seen = secrets(r);
            assertThat(seen.has("authorization")).isFalse();
            assertThat(seen.has("cookie")).isFalse();
            assertThat(seen.has("proxy-authorization")).isFalse();
            assertThat(seen.at("/x-custom/0").asText()).isEqualTo("y");
            assertThat(r.history()).hasSize(1);
        }
    }

    /** T2: the same host on another port is another origin. */
    @Test
    void sameHostOtherPortStripsCredentials() {
        try (AsyncClient c = client()) {
            Response r = c.get(redirectTo(originA(""), "http://127.0.0.1:" + b.port() + "/echo", 307),
                    o -> o.header("Authorization", "Bearer secret")).join();
            assertThat(secrets(r).has("authorization")).isFalse();
        }
    }

    /** The same origin keeps the header (a relative redirect on A). */
    @Test
    void sameOriginKeepsAuthorization() {
        try (AsyncClient c = client()) {
            Response r = c.get(redirectTo(originA(""), "/echo", 302), o -> o.header("Authorization", "Bearer keep")).join();
            assertThat(secrets(r).at("/authorization/0").asText()).isEqualTo("Bearer keep");
        }
    }

    /** T3: https to http on the same host and port drops Authorization (the http hop itself then fails: the port speaks TLS). */
    @Test
    void httpsToHttpOnTheSameHostAndPortDropsAuthorization() {
        byte[] ca = TestCertificates.localhost().ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
        try (JettyServer tls = JettyServer.builder().tls(TestCertificates.localhost().server()).start();
             HttpTransport t = HttpTransport.builder().caCertificates(ca).build();
             AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).eventListener(new EventListener() {
                 @Override
                 public void sendStart(Request request) {
                     hops.add(request);
                 }
             }).build()) {
            String https = "https://localhost:" + tls.port();
            assertThatThrownBy(() -> c.get(redirectTo(https, "http://localhost:" + tls.port() + "/echo", 302),
                    o -> o.header("Authorization", "Bearer secret")).join());
            assertThat(hops).hasSize(2);
            assertThat(hops.get(0).headers().contains("Authorization")).isTrue();
            assertThat(hops.get(1).url().scheme()).isEqualTo("http");
            assertThat(hops.get(1).headers().contains("Authorization")).isFalse();
        }
    }

    /** T4: A -> B -> B/2 -> A/3: once stripped, Authorization never comes back, not even at A. */
    @Test
    void aStrippedHeaderNeverComesBack() {
        String toA3 = originA("/echo/3");
        String toB2 = redirectTo(originB(""), redirectTo(originB(""), toA3, 302), 302);
        try (AsyncClient c = client()) {
            Response r = c.get(redirectTo(originA(""), toB2, 302), o -> o.header("Authorization", "Bearer secret")).join();
            assertThat(r.url().toString()).isEqualTo(toA3);
            assertThat(secrets(r).has("authorization")).isFalse();
            assertThat(hops).hasSize(4);
            assertThat(hops.subList(1, 4)).allSatisfy(h -> assertThat(h.headers().contains("Authorization")).isFalse());
        }
    }

    /** T5: an IPv6 zone in Location is an invalid URL, never a subdomain. */
    @Test
    void anIpv6ZoneInLocationIsRejected() {
        try (AsyncClient c = client()) {
            assertThatThrownBy(() -> c.get(redirectTo(originA(""), "http://[::1%25.a.test]:" + b.port() + "/", 302)).join())
                    .cause().isInstanceOf(RemoteProtocolException.class)
                    .hasMessageContaining("invalid Location");
            assertThat(hops).hasSize(1);
        }
    }

    /** T9: POST + 303 becomes a GET without body or body headers; 307 and 308 resend the body. */
    @Test
    void methodAndBodyOnEachRedirectStatus() {
        try (AsyncClient c = client()) {
            JsonNode after303 = c.post(redirectTo(originA(""), "/echo", 303), o -> o.json(java.util.Map.of("k", "v"))).join().json();
            assertThat(after303.get("method").asText()).isEqualTo("GET");
            assertThat(after303.get("bodyLength").asInt()).isZero();
            assertThat(after303.get("headers").has("content-type")).isFalse();
            for (int status : new int[] {307, 308}) {
                JsonNode resent = c.post(redirectTo(originA(""), "/echo", status), o -> o.content("payload")).join().json();
                assertThat(resent.get("method").asText()).isEqualTo("POST");
                assertThat(resent.get("body").asText()).isEqualTo("payload");
            }
        }
    }
}
