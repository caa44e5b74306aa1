package dev.courier.bench.peers;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.SslProvider;

/**
 * Reactor Netty's {@link HttpClient} on Netty 4.2: a {@link ConnectionProvider} of
 * {@link ClientConfig#maxConnections()} connections (the surplus acquires wait, unbounded), its
 * own event loops (one per core, native epoll when available, as Courier), HTTP/1.1,
 * {@code protocol(H2)} + {@code secure} (ALPN) or {@code protocol(H2C)} (prior knowledge).
 * Inbound buffers are released by Reactor Netty once each is seen: bodies are counted, never
 * aggregated.
 */
final class ReactorNettyClient implements BenchClient {
    private final ConnectionProvider provider;
    private final LoopResources loops;
    private final HttpClient client;

    ReactorNettyClient(ClientConfig config) {
        int connections = Math.max(1, config.maxConnections());
        this.provider = ConnectionProvider.builder("bench-reactor-netty")
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofSeconds(60))
                .build();
        this.loops = LoopResources.create("bench-reactor-netty", Runtime.getRuntime().availableProcessors(), true);
        HttpClient c = HttpClient.create(provider)
                .runOn(loops, true)
                .followRedirect(false)
                .http2Settings(s -> s.initialWindowSize(Http2Windows.STREAM));
        c = switch (config.protocol()) {
            case HTTP1 -> c.protocol(HttpProtocol.HTTP11);
            case H2_TLS -> {
                Path ca = Tls.caPem(config);
                SslProvider.GenericSslContextSpec<?> tls =
                        Http2SslContextSpec.forClient().configure(b -> b.trustManager(ca.toFile()));
                yield c.protocol(HttpProtocol.H2).secure(spec -> spec.sslContext(tls));
            }
            case H2C -> c.protocol(HttpProtocol.H2C);
        };
        this.client = c;
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return client.get().uri(url)
                .response((res, body) -> body.then(Mono.fromSupplier(() -> res.status().code())))
                .single()
                .toFuture();
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        return client.post().uri(url)
                .send((req, out) -> {
                    req.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    return out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
                })
                .response((res, content) -> content.then(Mono.fromSupplier(() -> res.status().code())))
                .single()
                .toFuture();
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return client.get().uri(url)
                .response((res, body) -> body.reduce(0L, (n, buf) -> n + buf.readableBytes()))
                .single()
                .toFuture();
    }

    @Override
    public void close() {
        provider.disposeLater().block(Duration.ofSeconds(10));
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }
}
