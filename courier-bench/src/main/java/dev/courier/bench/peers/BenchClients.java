package dev.courier.bench.peers;

import java.util.List;
import java.util.function.Function;

/** The clients the comparison knows, by name. */
public final class BenchClients {
    private record Entry(String name, Function<ClientConfig, BenchClient> factory) {}

    private static final List<Entry> ALL = List.of(
            new Entry("courier", CourierClient::new));

    private BenchClients() {}

    /** The names, Courier first. */
    public static List<String> names() {
        return ALL.stream().map(Entry::name).toList();
    }

    /** A client named {@code name} set up for {@code config}. */
    public static BenchClient create(String name, ClientConfig config) {
        for (Entry e : ALL) {
            if (e.name().equals(name)) {
                return e.factory().apply(config);
            }
        }
        throw new IllegalArgumentException("Unknown client '" + name + "'; known: " + names());
    }
}
