package dev.courier.bench.peers;

import dev.courier.bench.peers.ClientConfig.Protocol;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The clients the comparison knows, by name, and the protocols each can speak. A peer asked for
 * a protocol it does not support throws {@link UnsupportedOperationException} from
 * {@link #create}: check {@link #supports} first to skip that combination.
 */
public final class BenchClients {
    private record Entry(String name, Function<ClientConfig, BenchClient> factory, Set<Protocol> protocols) {}

    private static final Set<Protocol> ALL_PROTOCOLS = EnumSet.allOf(Protocol.class);

    private static final List<Entry> ALL = List.of(
            new Entry("courier", CourierClient::new, ALL_PROTOCOLS),
            // java.net.http: no h2c by prior knowledge (only the HTTP/1.1 Upgrade).
            new Entry("jdk", JdkClient::new, EnumSet.of(Protocol.HTTP1, Protocol.H2_TLS)),
            new Entry("okhttp", OkHttpBenchClient::new, ALL_PROTOCOLS),
            new Entry("jetty", JettyClient::new, ALL_PROTOCOLS),
            new Entry("reactor-netty", ReactorNettyClient::new, ALL_PROTOCOLS),
            new Entry("apache-hc5", ApacheHc5Client::new, ALL_PROTOCOLS),
            new Entry("vertx", VertxClient::new, ALL_PROTOCOLS),
            // AsyncHttpClient: HTTP/2 (TLS and h2c) since 3.0.x.
            new Entry("ahc", AhcClient::new, ALL_PROTOCOLS));

    private BenchClients() {}

    /** The names, Courier first. */
    public static List<String> names() {
        return ALL.stream().map(Entry::name).toList();
    }

    /** Whether the client named {@code name} can speak {@code protocol}. */
    public static boolean supports(String name, Protocol protocol) {
        return entry(name).protocols().contains(protocol);
    }

    /** The protocols the client named {@code name} can speak. */
    public static Set<Protocol> protocols(String name) {
        return Set.copyOf(entry(name).protocols());
    }

    /**
     * A client named {@code name} set up for {@code config}.
     *
     * @throws UnsupportedOperationException if that client cannot speak {@code config.protocol()}
     */
    public static BenchClient create(String name, ClientConfig config) {
        Entry e = entry(name);
        if (!e.protocols().contains(config.protocol())) {
            throw new UnsupportedOperationException(name + " does not support " + config.protocol()
                    + " (supports " + e.protocols() + ")");
        }
        return e.factory().apply(config);
    }

    private static Entry entry(String name) {
        for (Entry e : ALL) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown client '" + name + "'; known: " + names());
    }
}
