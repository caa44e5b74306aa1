package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.EventListener;
import dev.courier.Proxy;
import dev.courier.ProxyException;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.DanteServer;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.SquidServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TinyproxyServer;
import dev.courier.support.servers.TlsTerminator;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Resolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proxies for real, on loopback: tinyproxy (HTTP forwarding and CONNECT, with and without Basic
 * auth), squid (a second HTTP proxy, 407 challenges), dante (SOCKS5 with and without
 * username/password), and tinyproxy behind a TLS front as an https:// proxy. The origins are Jetty,
 * http and https (h2 by ALPN); what the origin received is checked, so a Proxy-Authorization that
 * leaks shows.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProxyTest {
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);
    private static JettyServer origin;
    private static JettyServer tlsOrigin;
    private static TinyproxyServer tinyproxy;
    private static TinyproxyServer tinyproxyAuth;

    @BeforeAll
    static void start() {
        TinyproxyServer.assumeInstalled();
        origin = JettyServer.start();
        tlsOrigin = JettyServer.builder().tls(TestCertificates.localhost().server()).http2(true).start();
        tinyproxy = TinyproxyServer.builder().start();
        tinyproxyAuth = TinyproxyServer.builder().basicAuth("alice", "s3cret").start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {tinyproxyAuth, tinyproxy, tlsOrigin, origin}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // the others still close
            }
        }
    }

    private static HttpTransport.Builder transport() {
        return HttpTransport.builder().verify(TestCertificates.localhost().clientSslContext()).trustEnv(false);
    }

    private static String http(String path) {
        return "http://127.0.0.1:" + origin.port() + path;
    }

    private static String https(String path) {
        return "https://localhost:" + tlsOrigin.port() + path;
    }

    private static JsonNode headersSeenBy(Response echo) {
        return echo.json().path("headers");
    }

    @Test
    void httpGoesToTheProxyInAbsoluteFormWithItsCredentials() {
        try (HttpTransport t = transport().proxy(tinyproxyAuth.urlWithCredentials()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            Response r = c.get(http("/echo?via=forward")).join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(tinyproxyAuth.awaitRequest(http("/echo?via=forward"), LOG_WAIT)).isTrue();
            // tinyproxy takes Proxy-Authorization for itself; the origin must not see it either way.
            assertThat(headersSeenBy(r).has("proxy-authorization")).isFalse();
            assertThat(r.json().path("headers").path("host").get(0).asText()).isEqualTo("127.0.0.1:" + origin.port());
            // tinyproxy closes each client connection after one request: the next one opens another.
            assertThat(c.get(http("/echo")).join().statusCode()).isEqualTo(200);
            assertThat(Pools.awaitQuiet(t).open()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void httpsGoesThroughATunnelWithAlpnInsideIt() {
        List<String> events = new CopyOnWriteArrayList<>();
        EventListener recorder = new EventListener() {
            @Override public void connectEnd(Request r, InetSocketAddress a) { events.add("connectEnd"); }
            @Override public void secureConnectStart(Request r) { events.add("secureConnectStart"); }
            @Override public void secureConnectEnd(Request r, String v) { events.add("secureConnectEnd"); }
        };
        try (HttpTransport t = transport().proxy(tinyproxyAuth.urlWithCredentials()).build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
            Response r = c.get(https("/echo")).join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.httpVersion()).isEqualTo("HTTP/2");
            assertThat(r.json().path("secure").asBoolean()).isTrue();
            assertThat(headersSeenBy(r).has("proxy-authorization")).isFalse();
            assertThat(tinyproxyAuth.awaitRequest("localhost:" + tlsOrigin.port(), LOG_WAIT)).isTrue();
            // The origin's handshake starts once the tunnel is open, and is reported once, in order.
            assertThat(events).containsExactly("connectEnd", "secureConnectStart", "secureConnectEnd");
        }
    }

    @Test
    void aProxyAuthorizationSetOnTheRequestNeverEntersATunnel() {
        try (HttpTransport t = transport().proxy(tinyproxy.url()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            Response r = c.get(https("/echo"), o -> o.header("Proxy-Authorization", "Basic bGVhazpsZWFr")).join();
            assertThat(headersSeenBy(r).has("proxy-authorization")).isFalse();
        }
    }

    @Test
    void missingCredentialsAreAProxyExceptionWith407() {
        try (HttpTransport t = transport().proxy(tinyproxyAuth.url()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get(http("/echo")).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(ProxyException.class, e -> {
                        assertThat(e.status()).isEqualTo(407);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + tinyproxyAuth.port()).contains("credentials");
                        assertThat(e.request().url().toString()).isEqualTo(http("/echo"));
                    });
            assertThatThrownBy(() -> c.get(https("/echo")).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(ProxyException.class, e -> {
                        assertThat(e.status()).isEqualTo(407);
                        assertThat(e.getMessage()).contains("CONNECT").contains("localhost:" + tlsOrigin.port());
                    });
        }
    }

    @Test
    void squidWithBasicAuthForwardsAndTunnels() {
        SquidServer.assumeInstalled();
        try (SquidServer squid = SquidServer.builder().basicAuth("bob", "pa55").start()) {
            try (HttpTransport t = transport().proxy(squid.urlWithCredentials()).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                Response plain = c.get(http("/echo?squid")).join();
                assertThat(plain.statusCode()).isEqualTo(200);
                assertThat(headersSeenBy(plain).has("proxy-authorization")).isFalse();
                Response tunnelled = c.get(https("/echo")).join();
                assertThat(tunnelled.statusCode()).isEqualTo(200);
                assertThat(headersSeenBy(tunnelled).has("proxy-authorization")).isFalse();
                assertThat(squid.awaitRequest("localhost:" + tlsOrigin.port(), LOG_WAIT)).isTrue();
                assertThat(squid.requests()).anyMatch(req -> "bob".equals(req.user()));
            }
            try (HttpTransport t = transport().proxy(Proxy.of(squid.url()).withCredentials("bob", "wrong")).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThatThrownBy(() -> c.get(https("/echo")).join()).cause()
                        .isInstanceOfSatisfying(ProxyException.class, e -> assertThat(e.status()).isEqualTo(407));
                assertThatThrownBy(() -> c.get(http("/echo")).join()).cause()
                        .isInstanceOfSatisfying(ProxyException.class, e -> assertThat(e.status()).isEqualTo(407));
            }
        }
    }

    /**
     * RELIABILITY §1.7, through a CONNECT tunnel: the certificate is checked against the origin's
     * name, never the proxy's. Squid resolves good.test and bad.test to 127.0.0.1 (from its own hosts
     * file; the client resolves neither, the proxy connects), so both reach the same origin, whose
     * certificate names good.test only: good.test passes, though the certificate does not name the
     * proxy (127.0.0.1), and bad.test fails. A second origin's certificate names the proxy's own
     * address (and localhost), not bad.test: bad.test fails there too.
     */
    @Test
    void aTunnelledOriginIsVerifiedByItsOwnNameNotTheProxys() throws Exception {
        SquidServer.assumeInstalled();
        TestCertificates.Pki good = TestCertificates.create("good.test");
        TestCertificates.Pki proxysName = TestCertificates.localhost();
        byte[] bothCas = (good.ca().getCertificatePEM() + proxysName.ca().getCertificatePEM())
                .getBytes(StandardCharsets.US_ASCII);
        try (JettyServer goodOrigin = JettyServer.builder().tls(good.server()).start();
             JettyServer proxysNameOrigin = JettyServer.builder().tls(proxysName.server()).start();
             SquidServer squid = SquidServer.builder().host("good.test", "127.0.0.1").host("bad.test", "127.0.0.1").start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).caCertificates(bothCas).proxy(squid.url()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            Response r = c.get("https://good.test:" + goodOrigin.port() + "/echo").join();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.json().path("secure").asBoolean()).isTrue();
            assertThat(squid.awaitRequest("good.test:" + goodOrigin.port(), LOG_WAIT)).isTrue();
            for (int port : new int[] {goodOrigin.port(), proxysNameOrigin.port()}) {
                assertThatThrownBy(() -> c.get("https://bad.test:" + port + "/echo").join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(ConnectFailedException.class)
                        .hasMessageContaining("does not match host bad.test");
                // The tunnel was made, so the handshake inside it is what failed.
                assertThat(squid.awaitRequest("bad.test:" + port, LOG_WAIT)).as("CONNECT bad.test:%d", port).isTrue();
            }
            assertThat(goodOrigin.acceptedConnections()).isEqualTo(2);
            assertThat(proxysNameOrigin.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void tunnelsAreKeyedByOriginAndProxy() {
        try (JettyServer second = JettyServer.builder().tls(TestCertificates.localhost().server()).start();
             HttpTransport t = transport().proxy(tinyproxy.url()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.get(https("/echo")).join().statusCode()).isEqualTo(200);
                assertThat(c.get("https://localhost:" + second.port() + "/echo").join().statusCode()).isEqualTo(200);
            }
            // One tunnel per origin, each reused: never one origin's tunnel lent to the other.
            assertThat(Pools.awaitQuiet(t).open()).isEqualTo(2);
            assertThat(second.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void anHttpsProxyIsSpokenToOverTls() {
        try (TlsTerminator front = TlsTerminator.start(tinyproxyAuth.port());
             HttpTransport t = transport().proxy("https://alice:s3cret@localhost:" + front.port()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            Response plain = c.get(http("/echo?over-tls")).join();
            assertThat(plain.statusCode()).isEqualTo(200);
            Response tunnelled = c.get(https("/echo")).join();
            assertThat(tunnelled.httpVersion()).isEqualTo("HTTP/2");
            assertThat(headersSeenBy(tunnelled).has("proxy-authorization")).isFalse();
            assertThat(tinyproxyAuth.awaitRequest(http("/echo?over-tls"), LOG_WAIT)).isTrue();
            assertThat(front.acceptedConnections()).isEqualTo(2);
        }
    }

    @Test
    void anUntrustedHttpsProxyFailsTheConnectionNamingTheProxy() {
        try (TlsTerminator front = TlsTerminator.start(tinyproxy.port());
             HttpTransport t = HttpTransport.builder().trustEnv(false).proxy("https://localhost:" + front.port())
                     .build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get(http("/echo")).join()).cause()
                    .isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("proxy https://localhost:" + front.port());
        }
    }

    @Test
    void aProxyNobodyListensOnIsAConnectFailureNamingTheProxy() throws Exception {
        int dead;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            dead = probe.getLocalPort();
        }
        try (HttpTransport t = transport().proxy("http://127.0.0.1:" + dead).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get(http("/echo")).join()).cause()
                    .isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("proxy http://127.0.0.1:" + dead);
        }
    }

    @Test
    void socks5WithoutAuthCarriesHttpAndHttps() {
        DanteServer.assumeInstalled();
        try (DanteServer dante = DanteServer.builder().noAuth().start();
             HttpTransport t = transport().proxy(dante.url()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThat(c.get(http("/echo")).join().statusCode()).isEqualTo(200);
            Response tunnelled = c.get(https("/echo")).join();
            assertThat(tunnelled.httpVersion()).isEqualTo("HTTP/2");
            assertThat(dante.awaitConnection("127.0.0.1", tlsOrigin.port(), LOG_WAIT)).isTrue();
        }
    }

    @Test
    void socks5hLetsTheProxyResolveAndSocks5ResolvesHere() {
        DanteServer.assumeInstalled();
        // A resolver that knows no name: only the proxy can find localhost.
        Resolver nothing = Resolver.of(Map.of());
        try (DanteServer dante = DanteServer.builder().noAuth().start()) {
            String address = "127.0.0.1:" + dante.port();
            try (HttpTransport t = transport().resolver(nothing).proxy("socks5h://" + address).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThat(c.get("http://localhost:" + origin.port() + "/echo").join().statusCode()).isEqualTo(200);
                assertThat(c.get(https("/echo")).join().statusCode()).isEqualTo(200);
            }
            try (HttpTransport t = transport().resolver(nothing).proxy("socks5://" + address).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThatThrownBy(() -> c.get("http://localhost:" + origin.port() + "/echo").join()).cause()
                        .isInstanceOf(ConnectFailedException.class).hasMessageContaining("localhost");
            }
        }
    }

    @Test
    void socks5WithUsernameAndPassword() {
        DanteServer.assumeInstalled();
        try (DanteServer dante = DanteServer.builder().usernameAuth("carol", "s0cks").start()) {
            try (HttpTransport t = transport().proxy(dante.urlWithCredentials()).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThat(c.get(https("/echo")).join().statusCode()).isEqualTo(200);
                assertThat(dante.connections()).anyMatch(conn -> "carol".equals(conn.user()));
            }
            try (HttpTransport t = transport().proxy(Proxy.of(dante.url()).withCredentials("carol", "wrong")).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThatThrownBy(() -> c.get(http("/echo")).join()).cause()
                        .isInstanceOf(ProxyException.class).hasMessageContaining("SOCKS5");
            }
        }
    }

    @Test
    void aNameTooLongForSocks5IsRefusedCleanly() {
        StringBuilder host = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            host.append("a".repeat(50)).append('.');
        }
        host.append("test");
        try (HttpTransport t = transport().proxy("socks5h://127.0.0.1:1").build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get("http://" + host + "/").join()).cause()
                    .isInstanceOf(ProxyException.class).hasMessageContaining("255 bytes");
        }
    }

    @Test
    void aProxyThatNeverAnswersTheConnectIsAConnectTimeout() throws Exception {
        // A "proxy" that accepts and reads, and never answers: the tunnel must give up at the connect timeout.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (!silent.isClosed()) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(socket -> {
                        try {
                            socket.close();
                        } catch (java.io.IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String proxy : List.of("http://127.0.0.1:" + silent.getLocalPort(),
                    "socks5h://127.0.0.1:" + silent.getLocalPort())) {
                try (HttpTransport t = transport().proxy(proxy).build();
                     AsyncClient c = AsyncClient.builder().transport(t)
                             .timeout(dev.courier.Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofMillis(300))).build()) {
                    assertThatThrownBy(() -> c.get(https("/echo")).join()).as(proxy).cause()
                            .isInstanceOf(ConnectTimeoutException.class)
                            .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
                }
            }
        }
    }

    // ---- the environment ----

    @Test
    void environmentProxiesAndNoProxy() {
        Map<String, String> env = Map.of(
                "HTTP_PROXY", tinyproxyAuth.urlWithCredentials(),
                "HTTPS_PROXY", tinyproxyAuth.urlWithCredentials(),
                "NO_PROXY", "localhost,.internal.test");
        Resolver names = Resolver.of(Map.of("svc.internal.test", List.of(InetAddress.getLoopbackAddress()),
                "localhost", List.of(InetAddress.getLoopbackAddress())));
        try (HttpTransport t = HttpTransport.builder().verify(TestCertificates.localhost().clientSslContext())
                .environment(env).resolver(names).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            // Direct: NO_PROXY names both hosts, so the proxy's log never shows them.
            assertThat(c.get("http://svc.internal.test:" + origin.port() + "/echo?direct").join().statusCode())
                    .isEqualTo(200);
            assertThat(c.get("http://localhost:" + origin.port() + "/echo?direct").join().statusCode()).isEqualTo(200);
            // Through the proxy, with its credentials, which the origin never sees.
            Response proxied = c.get(http("/echo?env")).join();
            assertThat(headersSeenBy(proxied).has("proxy-authorization")).isFalse();
            assertThat(tinyproxyAuth.awaitRequest(http("/echo?env"), LOG_WAIT)).isTrue();
            Response tunnelled = c.get("https://127.0.0.1:" + tlsOrigin.port() + "/echo").join();
            assertThat(headersSeenBy(tunnelled).has("proxy-authorization")).isFalse();
            assertThat(tinyproxyAuth.awaitRequest("127.0.0.1:" + tlsOrigin.port(), LOG_WAIT)).isTrue();
            assertThat(tinyproxyAuth.requests()).noneMatch(line -> line.contains("direct"));
        }
    }

    @Test
    void underCgiHttpProxyIsIgnoredAndTrustEnvOffIgnoresEverything() {
        Map<String, String> cgi = Map.of("HTTP_PROXY", tinyproxy.url(), "REQUEST_METHOD", "GET");
        try (HttpTransport t = HttpTransport.builder().environment(cgi).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThat(c.get(http("/echo?cgi")).join().statusCode()).isEqualTo(200);
        }
        Map<String, String> proxied = Map.of("http_proxy", tinyproxy.url());
        try (HttpTransport t = HttpTransport.builder().environment(proxied).trustEnv(false).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThat(c.get(http("/echo?untrusted-env")).join().statusCode()).isEqualTo(200);
        }
        try (HttpTransport t = HttpTransport.builder().environment(proxied).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThat(c.get(http("/echo?trusted-env")).join().statusCode()).isEqualTo(200);
        }
        assertThat(tinyproxy.awaitRequest(http("/echo?trusted-env"), LOG_WAIT)).isTrue();
        assertThat(tinyproxy.requests()).noneMatch(line -> line.contains("cgi") || line.contains("untrusted-env"));
    }

    @Test
    void proxyCredentialsStayWithTheirProxyAcrossARedirectToHttps() {
        // RELIABILITY §1.1 T7: http_proxy = P1 (auth), https_proxy = P2 (no auth); http -> https.
        SquidServer.assumeInstalled();
        try (SquidServer p2 = SquidServer.builder().start()) {
            Map<String, String> env = Map.of("http_proxy", tinyproxyAuth.urlWithCredentials(),
                    "https_proxy", p2.url());
            try (HttpTransport t = HttpTransport.builder().verify(TestCertificates.localhost().clientSslContext())
                    .environment(env).build();
                 AsyncClient c = AsyncClient.builder().transport(t).followRedirects(true).build()) {
                String target = https("/echo");
                Response r = c.get(http("/redirect-to?status=301&url=" + URLEncoder.encode(target,
                        StandardCharsets.UTF_8))).join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.history()).hasSize(1);
                assertThat(headersSeenBy(r).has("proxy-authorization")).isFalse();
                assertThat(p2.awaitRequest("localhost:" + tlsOrigin.port(), LOG_WAIT)).isTrue();
                // P2 asks for no credentials, so it logs the header it received, "-" for none.
                assertThat(p2.requests()).filteredOn(req -> req.method().equals("CONNECT")).isNotEmpty()
                        .allMatch(req -> req.proxyAuthorization().equals("-"));
            }
        }
    }

    @Test
    void mountsRouteSomeUrlsThroughAProxy() {
        try (HttpTransport proxied = transport().proxy(tinyproxy.url()).build();
             HttpTransport direct = transport().build();
             AsyncClient c = AsyncClient.builder().transport(direct)
                     .mount("http://127.0.0.1:" + origin.port(), proxied).build()) {
            assertThat(c.get(http("/echo?mounted")).join().statusCode()).isEqualTo(200);
            assertThat(c.get("http://localhost:" + origin.port() + "/echo?unmounted").join().statusCode())
                    .isEqualTo(200);
            assertThat(tinyproxy.awaitRequest(http("/echo?mounted"), LOG_WAIT)).isTrue();
            assertThat(tinyproxy.requests()).noneMatch(line -> line.contains("unmounted"));
        }
    }
}
