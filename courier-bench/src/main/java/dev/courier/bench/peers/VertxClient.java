package dev.courier.bench.peers;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Vert.x 5's core HTTP client (no WebClient) on its own {@link Vertx}: one event loop per core,
 * native epoll preferred ({@link #nativeTransport()} tells if it took), a pool of
 * {@link ClientConfig#maxConnections()} connections spread over the event loops (unbounded wait
 * queue), HTTP/1.1, HTTP/2 by ALPN over TLS, or h2c by prior knowledge
 * ({@code setHttp2ClearTextUpgrade(false)}). Bodies are counted by a data handler, never aggregated.
 *
 * <p>Each request is started on one of this client's Vert.x contexts (one per event loop, taken in
 * turn), as code in a verticle would (one verticle instance per event loop): there the response's handlers are set in the same event-loop
 * task that delivers the response head. Started from a foreign thread, a response that ends
 * quickly can be over before the caller's thread gets to set its data handler ("Response already
 * ended").
 */
final class VertxClient implements BenchClient {
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Context[] contexts;
    private final AtomicInteger nextContext = new AtomicInteger();

    VertxClient(ClientConfig config) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.vertx = Vertx.builder()
                .with(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores))
                .build();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setConnectTimeout(10_000)
                .setDecompressionSupported(false);
        switch (config.protocol()) {
            case HTTP1 -> options.setProtocolVersion(HttpVersion.HTTP_1_1);
            case H2_TLS -> options.setProtocolVersion(HttpVersion.HTTP_2)
                    .setSsl(true)
                    .setUseAlpn(true)
                    .setVerifyHost(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(Tls.caPem(config).toString()));
            case H2C -> options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
        }
        options.setInitialSettings(new Http2Settings().setInitialWindowSize(Http2Windows.STREAM))
                .setHttp2ConnectionWindowSize(Http2Windows.CONNECTION);
        int connections = Math.max(1, config.maxConnections());
        PoolOptions pool = new PoolOptions()
                .setHttp1MaxSize(connections)
                .setHttp2MaxSize(connections)
                .setMaxWaitQueueSize(-1)
                .setEventLoopSize(cores);
        this.client = vertx.createHttpClient(options, pool);
        this.contexts = eventLoopContexts(vertx, cores);
    }

    /**
     * One context on each of {@code count} event loops: those of as many instances of an empty
     * verticle (deployments take the event loops in turn, where {@code getOrCreateContext()} from one
     * foreign thread keeps giving contexts on the same event loop).
     */
    private static Context[] eventLoopContexts(Vertx vertx, int count) {
        ConcurrentLinkedQueue<Context> found = new ConcurrentLinkedQueue<>();
        try {
            vertx.deployVerticle(() -> new VerticleBase() {
                        @Override
                        public Future<?> start() {
                            found.add(context);
                            return Future.succeededFuture();
                        }
                    }, new DeploymentOptions().setInstances(count))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("vertx: cannot set up the event-loop contexts", e);
        }
        return found.toArray(new Context[0]);
    }

    /** Whether this client's Vert.x runs on the native (epoll) transport. */
    boolean nativeTransport() {
        return vertx.isNativeTransportEnabled();
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return onContext(() -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                .compose(req -> req.send())
                .compose(VertxClient::discard));
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        return onContext(() -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url))
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(VertxClient::discard));
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return onContext(() -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url))
                .compose(req -> req.send())
                .compose(res -> {
                    long[] bytes = {0};
                    res.handler(buf -> bytes[0] += buf.length());
                    return res.end().map(v -> bytes[0]);
                }));
    }

    /** Runs {@code request} on the next context and hands its outcome to the caller. */
    private <T> CompletableFuture<T> onContext(Supplier<Future<T>> request) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Context context = contexts[Math.floorMod(nextContext.getAndIncrement(), contexts.length)];
        context.runOnContext(v -> {
            try {
                request.get().onComplete(result::complete, result::completeExceptionally);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Drops the body (a no-op data handler) and completes with the status once it has ended. */
    private static Future<Integer> discard(HttpClientResponse res) {
        res.handler(buf -> {});
        return res.end().map(v -> res.statusCode());
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Close Vert.x (and so the client) regardless.
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
