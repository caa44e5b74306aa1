package dev.courier.bench;

import dev.courier.bench.peers.ClientConfig.Protocol;
import java.util.List;

/**
 * The scenarios of the peer comparison: what each client process does against the server, and
 * the JVM heap it gets. {@link PeerComparison} runs them; {@link ClientProcess} carries one out.
 */
enum Scenario {
    S1("HTTP/1.1, sequential small GETs (one in flight)", Protocol.HTTP1, Kind.GET, "/small", 1, 1),
    S2("HTTP/1.1, small GETs, 64 concurrent", Protocol.HTTP1, Kind.GET, "/small", 64, 64),
    S3("HTTP/2 over TLS, small GETs, 64 streams on one connection", Protocol.H2_TLS, Kind.GET, "/small", 1, 64),
    S3c("HTTP/2 cleartext (h2c, prior knowledge), small GETs, 64 streams on one connection",
            Protocol.H2C, Kind.GET, "/small", 1, 64),
    S4("HTTP/1.1, 100 MiB download streamed to nowhere, client heap capped at 64 MiB",
            Protocol.HTTP1, Kind.DOWNLOAD, "/big", 1, 1),
    S5("HTTP/1.1, 1 MiB POST uploads, 16 concurrent", Protocol.HTTP1, Kind.UPLOAD, "/upload", 16, 16),
    S6("HTTP/1.1, 1,000 idle keep-alive connections held in the pool", Protocol.HTTP1, Kind.IDLE, "/slow", 1000, 1000);

    /** What the client process does in a scenario. */
    enum Kind {
        /** GETs of {@link #path}, body read and discarded; metric: req/s, latency, CPU per request. */
        GET,
        /** Whole downloads of {@link #path}, streamed to nowhere; metric: MiB/s, CPU per MiB. */
        DOWNLOAD,
        /** POSTs of {@link #UPLOAD_BYTES} to {@link #path}; metric: req/s, CPU per request. */
        UPLOAD,
        /** A burst that opens {@link #IDLE_CONNECTIONS} connections, then idles; metric: memory per connection. */
        IDLE
    }

    /** The small body's size (nginx answers /small with exactly this many bytes). */
    static final int SMALL_BYTES = 100;
    /** The download's size. */
    static final long BIG_BYTES = 100L << 20;
    /** The upload body's size. */
    static final int UPLOAD_BYTES = 1 << 20;
    /** The idle connections of S6. */
    static final int IDLE_CONNECTIONS = 1000;
    /** S6's slow response: nginx sends it at 512 B/s, so each request holds its connection 4-5 s. */
    static final int SLOW_BYTES = 2048;

    final String title;
    final Protocol protocol;
    final Kind kind;
    final String path;
    final int maxConnections;
    final int concurrency;

    Scenario(String title, Protocol protocol, Kind kind, String path, int maxConnections, int concurrency) {
        this.title = title;
        this.protocol = protocol;
        this.kind = kind;
        this.path = path;
        this.maxConnections = maxConnections;
        this.concurrency = concurrency;
    }

    /** The client JVM's heap flags: the same for every client; S4 caps the heap at 64 MiB. */
    List<String> heapFlags() {
        return this == S4 ? List.of("-Xms64m", "-Xmx64m") : List.of("-Xms1g", "-Xmx1g");
    }

    /** Parses a scenario name, case-insensitively ("s3c" is S3c). */
    static Scenario parse(String name) {
        for (Scenario s : values()) {
            if (s.name().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown scenario '" + name + "'; known: " + List.of(values()));
    }
}
