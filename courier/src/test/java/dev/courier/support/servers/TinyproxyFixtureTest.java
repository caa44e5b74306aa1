package dev.courier.support.servers;

import static dev.courier.support.servers.ProxyTestOrigin.exchange;
import static dev.courier.support.servers.ProxyTestOrigin.request;
import static dev.courier.support.servers.ProxyTestOrigin.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** {@link TinyproxyServer}: plain http and CONNECT through it, Basic auth, its log, a clean stop. */
class TinyproxyFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void forwardsPlainHttpAndLogsIt() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             TinyproxyServer proxy = TinyproxyServer.builder().start()) {
            assertThat(proxy.url()).isEqualTo("http://127.0.0.1:" + proxy.port());
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(proxy.address()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(origin.url("/hello"))).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).startsWith(ProxyTestOrigin.HELLO).contains("via=1.1 ").contains("(tinyproxy/");
            assertThat(origin.seen()).containsExactly("GET /hello");
            assertThat(proxy.awaitRequest(origin.url("/hello"), TIMEOUT)).isTrue();
            assertThat(proxy.requests()).containsExactly("GET " + origin.url("/hello") + " HTTP/1.1");
            assertThat(proxy.sawRequest(origin.url("/other"))).isFalse();
        }
    }

    @Test
    void basicAuthAnswers407WithoutCredentialsAnd401ForWrongOnes() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             TinyproxyServer proxy = TinyproxyServer.builder().basicAuth("alice", "s3cret.Pass-1").start()) {
            assertThat(proxy.urlWithCredentials()).isEqualTo("http://alice:s3cret.Pass-1@127.0.0.1:" + proxy.port());
            String host = origin.authority();

            String denied = send(proxy, request("GET", origin.url("/hello"), host));
            assertThat(status(denied)).isEqualTo(407);
            assertThat(denied).containsIgnoringCase("Proxy-Authenticate: Basic");

            // tinyproxy 1.11's quirk: wrong credentials get 401 with WWW-Authenticate, not 407
            String wrong = send(proxy, request("GET", origin.url("/hello"), host,
                    "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8))));
            assertThat(status(wrong)).isEqualTo(401);
            assertThat(wrong).containsIgnoringCase("WWW-Authenticate: Basic");

            String allowed = send(proxy, request("GET", origin.url("/hello"), host, "Proxy-Authorization: " + proxy.proxyAuthorization()));
            assertThat(status(allowed)).isEqualTo(200);
            assertThat(allowed).contains(ProxyTestOrigin.HELLO);

            String connectDenied = sendForHead(proxy, request("CONNECT", host, host));
            assertThat(status(connectDenied)).isEqualTo(407);
            assertThat(status(sendForHead(proxy, request("CONNECT", host, host, "Proxy-Authorization: Basic "
                    + Base64.getEncoder().encodeToString("bob:s3cret.Pass-1".getBytes(StandardCharsets.UTF_8)))))).isEqualTo(401);
            assertThat(origin.seen()).containsExactly("GET /hello");
        }
    }

    @Test
    void connectTunnelsToAnyPort() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             TinyproxyServer proxy = TinyproxyServer.builder().basicAuth("alice", "s3cret").start();
             Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            String host = origin.authority(); // an ephemeral port: no ConnectPort restriction
            String head = exchange(socket, request("CONNECT", host, host, "Proxy-Authorization: " + proxy.proxyAuthorization()), true);
            assertThat(status(head)).isEqualTo(200);
            String tunnelled = exchange(socket, request("GET", "/hello", host), false);
            assertThat(status(tunnelled)).isEqualTo(200);
            assertThat(tunnelled).contains(ProxyTestOrigin.HELLO, "via=-");
            assertThat(proxy.sawRequest(host)).isTrue();
            assertThat(proxy.requests()).containsExactly("CONNECT " + host + " HTTP/1.1");
        }
    }

    @Test
    void stopsCleanly() throws Exception {
        TinyproxyServer proxy = TinyproxyServer.builder().start();
        int port;
        Path dir;
        ProcessHandle process;
        try (proxy) {
            port = proxy.port();
            dir = proxy.directory();
            process = proxy.process();
            assertThat(Files.isRegularFile(dir.resolve("tinyproxy.conf"))).isTrue();
            assertThat(process.isAlive()).isTrue();
            // the port accepts a moment before tinyproxy writes the start-up lines it held back
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!proxy.log().contains("Accepting connections") && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertThat(proxy.log()).contains("Accepting connections");
        }
        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void credentialsOutsideTinyproxysGrammarAreRefused() {
        assertThatThrownBy(() -> TinyproxyServer.builder().basicAuth("alice", "pa$$ word"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> TinyproxyServer.builder().basicAuth("al:ice", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBadConfigFailsWithTheLog() {
        assertThatThrownBy(() -> TinyproxyServer.builder().directive("NoSuchDirective on").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tinyproxy did not start")
                .hasMessageContaining("Syntax error");
    }

    @Test
    void aMissingTinyproxySkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/tinyproxy");
        assertThatThrownBy(() -> TinyproxyServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tinyproxy is not installed: .ci/run installs it (apt-get install -y tinyproxy)");
        assertThatThrownBy(() -> TinyproxyServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y tinyproxy");
    }

    private static String send(TinyproxyServer proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return exchange(socket, request, false);
        }
    }

    /** For a CONNECT the proxy refuses: it may keep the connection open after the 407. */
    private static String sendForHead(TinyproxyServer proxy, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return exchange(socket, request, true);
        }
    }
}
