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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** {@link SquidServer}: plain http and CONNECT through it, Basic auth, its access log, a clean stop. */
class SquidFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Exercises basic_ncsa_auth's decoding: a space, a colon, non-ASCII. */
    private static final String PASSWORD = "s3cret pa:ss wörd";

    @Test
    void forwardsPlainHttpAndLogsIt() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             SquidServer squid = SquidServer.builder().start()) {
            assertThat(squid.url()).isEqualTo("http://127.0.0.1:" + squid.port());
            HttpClient client = HttpClient.newBuilder()
                    .proxy(ProxySelector.of(squid.address()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            for (int i = 0; i < 2; i++) { // twice: nothing is cached
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(origin.url("/hello"))).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).startsWith(ProxyTestOrigin.HELLO).contains("(squid/");
            }
            assertThat(origin.seen()).containsExactly("GET /hello", "GET /hello");
            assertThat(squid.awaitRequest(origin.url("/hello"), TIMEOUT)).isTrue();
            assertThat(awaitCount(squid, 2)).extracting(SquidServer.Request::status).containsExactly(200, 200);
            assertThat(squid.requests().get(0))
                    .isEqualTo(new SquidServer.Request("TCP_MISS", 200, "GET", origin.url("/hello"), "-", "-"));
            assertThat(squid.sawRequest(origin.url("/other"))).isFalse();
        }
    }

    @Test
    void basicAuthAnswers407WithoutTheRightCredentials() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             SquidServer squid = SquidServer.builder().basicAuth("alice", PASSWORD).start()) {
            assertThat(squid.urlWithCredentials())
                    .isEqualTo("http://alice:s3cret%20pa%3Ass%20w%C3%B6rd@127.0.0.1:" + squid.port());
            String host = origin.authority();

            String denied = send(squid, request("GET", origin.url("/hello"), host));
            assertThat(status(denied)).isEqualTo(407);
            assertThat(denied).contains("Proxy-Authenticate: Basic realm=\"courier-squid\"");

            String wrong = send(squid, request("GET", origin.url("/hello"), host, "Proxy-Authorization: " + basic("alice", "nope")));
            assertThat(status(wrong)).isEqualTo(407);

            String allowed = send(squid, request("GET", origin.url("/hello"), host, "Proxy-Authorization: " + squid.proxyAuthorization()));
            assertThat(status(allowed)).isEqualTo(200);
            assertThat(allowed).contains(ProxyTestOrigin.HELLO);

            assertThat(status(sendForHead(squid, request("CONNECT", host, host)))).isEqualTo(407);
            assertThat(origin.seen()).containsExactly("GET /hello");

            assertThat(awaitCount(squid, 4)).containsExactly(
                    new SquidServer.Request("TCP_DENIED", 407, "GET", origin.url("/hello"), "-", "-"),
                    new SquidServer.Request("TCP_DENIED", 407, "GET", origin.url("/hello"), "alice",
                            basic("alice", "nope")),
                    new SquidServer.Request("TCP_MISS", 200, "GET", origin.url("/hello"), "alice",
                            squid.proxyAuthorization()),
                    new SquidServer.Request("TCP_DENIED", 407, "CONNECT", host, "-", "-"));
        }
    }

    @Test
    void connectTunnelsToAnyPort() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             SquidServer squid = SquidServer.builder().basicAuth("alice", PASSWORD).start()) {
            String host = origin.authority(); // an ephemeral port: no SSL_ports restriction
            try (Socket socket = new Socket("127.0.0.1", squid.port())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                String head = exchange(socket, request("CONNECT", host, host, "Proxy-Authorization: " + squid.proxyAuthorization()), true);
                assertThat(status(head)).isEqualTo(200);
                String tunnelled = exchange(socket, request("GET", "/hello", host), false);
                assertThat(status(tunnelled)).isEqualTo(200);
                assertThat(tunnelled).contains(ProxyTestOrigin.HELLO, "via=-");
            }
            assertThat(squid.awaitRequest(host, TIMEOUT)).isTrue();
            assertThat(squid.requests()).containsExactly(
                    new SquidServer.Request("TCP_TUNNEL", 200, "CONNECT", host, "alice", squid.proxyAuthorization()));
        }
    }

    @Test
    void aProxyWithoutAuthStillLogsCredentialsItWasSent() throws Exception {
        // What ProxyTest relies on to see a client leak credentials to a proxy that never asked for them.
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             SquidServer squid = SquidServer.builder().start()) {
            String host = origin.authority();
            String leaked = basic("leak", "leak");
            try (Socket socket = new Socket("127.0.0.1", squid.port())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                String head = exchange(socket, request("CONNECT", host, host, "Proxy-Authorization: " + leaked), true);
                assertThat(status(head)).isEqualTo(200);
            }
            try (Socket socket = new Socket("127.0.0.1", squid.port())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                assertThat(status(exchange(socket, request("CONNECT", host, host), true))).isEqualTo(200);
            }
            assertThat(ChildProcesses.poll(() -> squid.requests().size() == 2, TIMEOUT)).isTrue();
            assertThat(squid.requests()).extracting(SquidServer.Request::user).containsExactly("-", "-");
            assertThat(squid.requests()).extracting(SquidServer.Request::proxyAuthorization)
                    .containsExactlyInAnyOrder(leaked, "-");
        }
    }

    @Test
    void extraDirectivesComeBeforeTheFixturesAccessRules() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             SquidServer squid = SquidServer.builder()
                     .directive("acl courier_forbidden urlpath_regex ^/forbidden")
                     .directive("http_access deny courier_forbidden")
                     .start()) {
            String host = origin.authority();
            assertThat(status(send(squid, request("GET", origin.url("/forbidden"), host)))).isEqualTo(403);
            assertThat(status(send(squid, request("GET", origin.url("/hello"), host)))).isEqualTo(200);
            assertThat(origin.seen()).containsExactly("GET /hello");
        }
    }

    @Test
    void stopsCleanlyAndLeavesNoSharedMemory() throws Exception {
        SquidServer squid = SquidServer.builder().basicAuth("alice", PASSWORD).start();
        int port;
        Path dir;
        ProcessHandle process;
        List<ProcessHandle> helpers;
        String service;
        try (squid) {
            port = squid.port();
            dir = squid.directory();
            process = squid.process();
            helpers = process.descendants().toList();
            service = squid.serviceName();
            assertThat(Files.isRegularFile(dir.resolve("squid.conf"))).isTrue();
            assertThat(Files.readString(dir.resolve("htpasswd"))).startsWith("alice:$apr1$");
            assertThat(process.isAlive()).isTrue();
            assertThat(helpers).as("basic_ncsa_auth").isNotEmpty();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!squid.cacheLog().contains("Accepting HTTP Socket connections") && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertThat(squid.cacheLog()).contains("Accepting HTTP Socket connections");
            if (Files.isDirectory(Path.of("/dev/shm"))) {
                assertThat(segments(service)).isNotEmpty();
            }
        }
        assertThat(process.isAlive()).isFalse();
        for (ProcessHandle helper : helpers) {
            assertThat(helper.onExit()).succeedsWithin(Duration.ofSeconds(10));
        }
        assertThat(Files.exists(dir)).isFalse();
        assertThat(segments(service)).isEmpty();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @Test
    void apr1HashesMatchOpenssl() {
        // openssl passwd -apr1 -salt SALT PASSWORD
        assertThat(Md5Crypt.hash("s3cret pass", "$apr1$", "abcdefgh")).isEqualTo("$apr1$abcdefgh$iVGZR3x9hiALS2gN0Pd2a.");
        assertThat(Md5Crypt.hash("", "$apr1$", "Q")).isEqualTo("$apr1$Q$wuKtwrhv3pxXUj0lSK9W10");
        assertThat(Md5Crypt.hash("päss", "$apr1$", "sAlT1234")).isEqualTo("$apr1$sAlT1234$pHS0SF6Pp9hOdyetETzLE1");
        assertThat(Md5Crypt.apr1("x")).matches("\\$apr1\\$[./0-9A-Za-z]{8}\\$[./0-9A-Za-z]{22}");
    }

    @Test
    void aBadConfigFailsWithTheLog() {
        assertThatThrownBy(() -> SquidServer.builder().directive("no_such_directive on").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("squid did not start")
                .hasMessageContaining("no_such_directive");
    }

    @Test
    void aMissingSquidSkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/squid");
        assertThatThrownBy(() -> SquidServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("squid is not installed: .ci/run installs it (apt-get install -y squid)");
        assertThatThrownBy(() -> SquidServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y squid");
    }

    private static List<SquidServer.Request> awaitCount(SquidServer squid, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (squid.requests().size() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return squid.requests();
    }

    private static List<Path> segments(String service) throws IOException {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(Path.of("/dev/shm"))) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(Path.of("/dev/shm"), service + "-*")) {
                stream.forEach(found::add);
            }
        }
        return found;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String send(SquidServer squid, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", squid.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return exchange(socket, request, false);
        }
    }

    /** For a CONNECT the proxy refuses: it may keep the connection open after the 407. */
    private static String sendForHead(SquidServer squid, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", squid.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return exchange(socket, request, true);
        }
    }
}
