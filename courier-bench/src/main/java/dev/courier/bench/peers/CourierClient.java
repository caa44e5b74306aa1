package dev.courier.bench.peers;

import dev.courier.AsyncClient;
import dev.courier.Limits;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.transport.HttpTransport;
import java.util.concurrent.CompletableFuture;

/** Courier: AsyncClient on its own HttpTransport (native epoll, pool sized for the scenario). */
final class CourierClient implements BenchClient {
    private final HttpTransport transport;
    private final AsyncClient client;

    CourierClient(ClientConfig config) {
        HttpTransport.Builder b = HttpTransport.builder()
                .limits(Limits.of(config.maxConnections(), config.maxConnections()));
        switch (config.protocol()) {
            case HTTP1 -> b.http2(false);
            case H2C -> b.http1(false);
            case H2_TLS -> b.verify(config.caPem());
        }
        this.transport = b.build();
        this.client = AsyncClient.builder().transport(transport).build();
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return client.get(url).thenApply(Response::statusCode);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        // The array is the harness's own and never changes: no defensive copy (as the peers send it).
        return client.post(url, o -> o.body(RequestBody.wrap(body, null))).thenApply(Response::statusCode);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        // Chunks are lent, not copied, as the peers' transient-buffer callbacks are; nothing is kept.
        return client.stream("GET", url).thenCompose(response -> response.consume(chunk -> {}));
    }

    @Override
    public void close() {
        client.close();
        transport.close();
    }
}
