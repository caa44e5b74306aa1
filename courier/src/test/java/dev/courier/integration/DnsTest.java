package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.Response;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Names through the transport's resolver seam, against Jetty on 127.0.0.1: Happy Eyeballs moves past
 * an address nothing listens on, the name (not an address) is what TLS verifies and what Host
 * carries, and a name without an address fails as a connect failure that names it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DnsTest {
    @Test
    void happyEyeballsMovesPastAnAddressNothingListensOn() throws IOException {
        try (JettyServer server = JettyServer.start()) {
            // ::1 first, as Happy Eyeballs prefers IPv6; Jetty listens on 127.0.0.1 only.
            Resolver resolver = Resolver.of(Map.of("svc.test", List.of(InetAddress.getByName("::1"),
                    InetAddress.getByName("127.0.0.1"))));
            try (HttpTransport t = HttpTransport.builder().resolver(resolver).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                for (int i = 0; i < 3; i++) {
                    Response r = c.get("http://svc.test:" + server.port() + "/echo").join();
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.json().path("headers").path("host").get(0).asText())
                            .isEqualTo("svc.test:" + server.port());
                }
                assertThat(server.acceptedConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void deadAddressesOfBothFamiliesBeforeTheGoodOne() throws IOException {
        int dead;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            dead = probe.getLocalPort();
        }
        try (JettyServer server = JettyServer.start()) {
            Resolver resolver = Resolver.of(Map.of("svc.test", List.of(InetAddress.getByName("::1"),
                    InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"))));
            try (HttpTransport t = HttpTransport.builder().resolver(resolver).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThat(c.get("http://svc.test:" + server.port() + "/echo").join().statusCode()).isEqualTo(200);
                // Every address refuses: the failure names the host and keeps the other attempts' causes.
                assertThatThrownBy(() -> c.get("http://svc.test:" + dead + "/").join())
                        .isInstanceOf(CompletionException.class).cause()
                        .isInstanceOf(ConnectFailedException.class)
                        .hasMessageContaining("svc.test:" + dead);
            }
        }
    }

    @Test
    void tlsVerifiesTheNameNotTheAddress() {
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.localhost().server()).start()) {
            Resolver resolver = Resolver.of(Map.of("localhost", List.of(InetAddress.getLoopbackAddress())));
            try (HttpTransport ok = HttpTransport.builder().resolver(resolver)
                    .verify(TestCertificates.localhost().clientSslContext()).build();
                 AsyncClient c = AsyncClient.builder().transport(ok).build()) {
                assertThat(c.get("https://localhost:" + server.port() + "/echo").join().statusCode()).isEqualTo(200);
            }
            Resolver wrongName = Resolver.of(Map.of("other.test", List.of(InetAddress.getLoopbackAddress())));
            try (HttpTransport t = HttpTransport.builder().resolver(wrongName)
                    .verify(TestCertificates.localhost().clientSslContext()).build();
                 AsyncClient c = AsyncClient.builder().transport(t).build()) {
                assertThatThrownBy(() -> c.get("https://other.test:" + server.port() + "/echo").join())
                        .cause().isInstanceOf(ConnectFailedException.class).hasMessageContaining("other.test");
            }
        }
    }

    @Test
    void aNameWithoutAddressesIsAConnectFailureNamingIt() {
        try (HttpTransport t = HttpTransport.builder().resolver(Resolver.of(Map.of())).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            assertThatThrownBy(() -> c.get("http://nosuch.test:8080/").join())
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("nosuch.test");
        }
    }

    @Test
    void nettysAsynchronousResolverReachesLocalhost() {
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder().resolver(Resolver.async()).build();
             AsyncClient c = AsyncClient.builder().transport(t).build()) {
            JsonNode echo = c.get("http://localhost:" + server.port() + "/echo").join().json();
            assertThat(echo.path("method").asText()).isEqualTo("GET");
        }
    }
}
