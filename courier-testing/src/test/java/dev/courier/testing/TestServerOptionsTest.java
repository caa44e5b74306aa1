package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The builder's ports and HTTP/2-only mode. */
class TestServerOptionsTest {
    @Test
    void bindsTheChosenPorts() throws IOException {
        int[] free = freePorts();
        try (TestServer server = TestServer.builder().port(free[0]).tlsPort(free[1]).start()) {
            assertThat(server.port()).isEqualTo(free[0]);
            assertThat(server.tlsPort()).isEqualTo(free[1]);
            assertThat(server.client().get("/get").join().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortInUseIsAClearFailure() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestServer.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ports " + taken.getLocalPort());
        }
        assertThatThrownBy(() -> TestServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void http2OnlyServesH2AndRefusesHttp1() {
        try (TestServer server = TestServer.builder().http1(false).start()) {
            try (AsyncClient h2 = server.clientBuilder().http1(false).http2(true).build()) {
                assertThat(h2.get(server.httpsUrl("/get")).join().httpVersion()).isEqualTo("HTTP/2");
                assertThat(h2.get(server.url("/get")).join().httpVersion()).isEqualTo("HTTP/2");
            }
            Response refused = server.client().get("/get").join();
            assertThat(refused.statusCode()).isEqualTo(505);
            assertThat(refused.text()).contains("HTTP/2 only");
        }
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
