package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.NginxServer;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.PoolStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP over a unix domain socket, the Docker engine API style: nginx listens on a socket file (and
 * on loopback TCP, which the tests never use), and the client names {@code localhost} in its URLs.
 * Both I/O engines are tried: epoll's domain socket channel and the JDK's (NIO).
 */
class UnixSocketTest {
    private static final byte[] INFO = "{\"ServerVersion\":\"courier-test\"}".getBytes(StandardCharsets.UTF_8);
    private static Path dir;
    private static Path socket;
    private static NginxServer nginx;

    @BeforeAll
    static void start() throws IOException {
        NginxServer.assumeInstalled();
        // A short path: unix socket names are limited to about 108 bytes.
        dir = Files.createTempDirectory(Path.of("/tmp"), "cuds");
        socket = dir.resolve("engine.sock");
        nginx = NginxServer.builder().file("/v1.43/info", INFO)
                .serverDirectives("listen unix:" + socket + ";")
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (nginx != null) {
            nginx.close();
        }
        if (dir != null) {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void requestsGoOverTheSocketAndShareOneConnection(boolean nativeTransport) {
        try (HttpTransport t = HttpTransport.builder().unixSocket(socket).nativeTransport(nativeTransport).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            for (int i = 0; i < 20; i++) {
                Response r = c.get("http://localhost/v1.43/info").join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.content()).isEqualTo(INFO);
            }
            String echoed = c.get("http://localhost/echo-headers").join().text();
            assertThat(echoed).contains("host=localhost");
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.open()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void concurrentRequestsArePooled(boolean nativeTransport) {
        try (HttpTransport t = HttpTransport.builder().unixSocket(socket).nativeTransport(nativeTransport).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            List<CompletableFuture<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(c.get("http://localhost/v1.43/info"));
            }
            for (CompletableFuture<Response> call : calls) {
                assertThat(call.join().content()).isEqualTo(INFO);
            }
            PoolStats stats = Pools.awaitQuiet(t);
            assertThat(stats.open()).isBetween(1, 16);
            assertThat(stats.idle()).isEqualTo(stats.open());
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aMissingSocketIsAConnectFailureNamingIt(boolean nativeTransport) {
        Path missing = dir.resolve("nobody-listens.sock");
        try (HttpTransport t = HttpTransport.builder().unixSocket(missing).nativeTransport(nativeTransport).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get("http://localhost/v1.43/info").join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("localhost:80");
        }
    }
}
