package dev.courier.bench.peers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The JDK's {@link HttpClient} ({@code sendAsync}), HTTP/1.1 or HTTP/2 over TLS (ALPN).
 *
 * <p>It cannot speak h2c by prior knowledge (only the HTTP/1.1 Upgrade dance), so {@code H2C} is
 * refused. It has no connection cap of its own (for HTTP/1.1 it opens a connection per request in
 * flight), so the cap is kept here: at most {@link ClientConfig#maxConnections()} HTTP/1.1
 * requests in flight, the others queued without blocking ({@link InFlightLimit}). For HTTP/2 it
 * multiplexes every request on one connection per origin.
 */
final class JdkClient implements BenchClient {
    private final HttpClient client;
    private final InFlightLimit limit;

    JdkClient(ClientConfig config) {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
        switch (config.protocol()) {
            case HTTP1 -> b.version(HttpClient.Version.HTTP_1_1);
            case H2_TLS -> b.version(HttpClient.Version.HTTP_2).sslContext(Tls.sslContext(Tls.caPem(config)));
            case H2C -> throw new UnsupportedOperationException(
                    "jdk: java.net.http.HttpClient cannot do HTTP/2 prior knowledge over cleartext (h2c); "
                            + "it only upgrades from HTTP/1.1");
        }
        this.client = b.build();
        this.limit = config.protocol() == ClientConfig.Protocol.HTTP1
                ? new InFlightLimit(Math.max(1, config.maxConnections()))
                : null;
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        return send(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        return send(request, info -> new CountingSubscriber()).thenApply(HttpResponse::body);
    }

    private <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return limit == null ? client.sendAsync(request, handler) : limit.submit(() -> client.sendAsync(request, handler));
    }

    @Override
    public void close() {
        // HttpClient is AutoCloseable only from Java 21; on 17 its threads end once it is unreachable.
        if (client instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Counts the body's bytes as they arrive and drops them. */
    private static final class CountingSubscriber implements BodySubscriber<Long> {
        private final CompletableFuture<Long> result = new CompletableFuture<>();
        private long bytes;

        @Override
        public CompletionStage<Long> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                bytes += b.remaining();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes);
        }
    }
}
