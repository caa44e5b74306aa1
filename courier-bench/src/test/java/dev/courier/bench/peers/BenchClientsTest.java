package dev.courier.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.courier.bench.peers.ClientConfig.Protocol;
import io.netty.channel.epoll.Epoll;
import io.netty.util.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry and the peers' set-up, without a server (PeersSmokeTest drives them against nginx). */
class BenchClientsTest {
    @Test
    void namesAndProtocols() {
        assertEquals(List.of("courier", "jdk", "okhttp", "jetty", "reactor-netty", "apache-hc5", "vertx", "ahc"),
                BenchClients.names());
        for (String name : BenchClients.names()) {
            assertTrue(BenchClients.supports(name, Protocol.HTTP1), name);
            assertTrue(BenchClients.supports(name, Protocol.H2_TLS), name);
            assertEquals(!name.equals("jdk"), BenchClients.supports(name, Protocol.H2C), name);
        }
        assertThrows(IllegalArgumentException.class, () -> BenchClients.supports("nope", Protocol.HTTP1));
    }

    @Test
    void unsupportedCombinationsAreRefused() {
        assertFalse(BenchClients.supports("jdk", Protocol.H2C));
        ClientConfig h2c = new ClientConfig(Protocol.H2C, 1, 1, null);
        UnsupportedOperationException e =
                assertThrows(UnsupportedOperationException.class, () -> BenchClients.create("jdk", h2c));
        assertTrue(e.getMessage().contains("H2C"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new JdkClient(h2c));
    }

    @Test
    void httpsWithoutCaIsAClearError() {
        ClientConfig noCa = new ClientConfig(Protocol.H2_TLS, 1, 1, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchClients.create("okhttp", noCa));
        assertTrue(e.getMessage().contains("caPem"), e.getMessage());
    }

    @Test
    void nettyPeersRunOnNativeEpoll() {
        assertTrue(Epoll.isAvailable(), () -> "native epoll unavailable: " + Epoll.unavailabilityCause());
        try (VertxClient vertx = new VertxClient(new ClientConfig(Protocol.HTTP1, 1, 1, null))) {
            assertTrue(vertx.nativeTransport(), "Vert.x did not take the native transport");
        }
    }

    @Test
    void everyNettyJarIsCouriersNettyVersion() {
        String expected = Version.identify().get("netty-common").artifactVersion();
        assertTrue(expected.startsWith("4.2."), expected);
        Map<String, String> others = new TreeMap<>();
        Version.identify().forEach((artifact, version) -> {
            // netty-tcnative is versioned on its own (2.0.x).
            if (!artifact.startsWith("netty-tcnative") && !version.artifactVersion().equals(expected)) {
                others.put(artifact, version.artifactVersion());
            }
        });
        assertEquals(Map.of(), others, "Netty jars not at " + expected);
    }

    @Test
    void inFlightLimitQueuesWithoutBlocking() {
        InFlightLimit limit = new InFlightLimit(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<CompletableFuture<Integer>> started = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            results.add(limit.submit(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                CompletableFuture<Integer> f = new CompletableFuture<>();
                started.add(f);
                return f.thenApply(v -> {
                    running.decrementAndGet();
                    return v + n;
                });
            }));
        }
        assertEquals(2, started.size(), "only two start at once");
        for (int i = 0; i < 5; i++) {
            started.get(i).complete(100);
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(100 + i, results.get(i).join());
        }
        assertEquals(2, maxRunning.get());
    }
}
