package dev.courier.bench.peers;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 async. HTTP/1.1: {@code HttpAsyncClients.custom()} with a
 * {@code PoolingAsyncClientConnectionManager} of {@link ClientConfig#maxConnections()}
 * connections (per route and in total; the surplus requests wait for a lease),
 * {@code FORCE_HTTP_1}. HTTP/2 (TLS by ALPN with a TLS strategy trusting the CA, or h2c by prior
 * knowledge on http): the dedicated multiplexing client {@code HttpAsyncClients.customHttp2()}
 * ({@code H2AsyncClientBuilder}: one connection per origin, every request a stream on it).
 * One I/O reactor thread per core (its default). Response bodies go through a byte-counting
 * consumer (no {@code SimpleHttpResponse} aggregation). No native transport (Java NIO).
 */
final class ApacheHc5Client implements BenchClient {
    private final CloseableHttpAsyncClient client;

    ApacheHc5Client(ClientConfig config) {
        IOReactorConfig reactor = IOReactorConfig.custom()
                .setIoThreadCount(Runtime.getRuntime().availableProcessors())
                .setSoTimeout(Timeout.ofSeconds(60))
                .setTcpNoDelay(true)
                .build();
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofSeconds(10))
                .setSocketTimeout(Timeout.ofSeconds(60))
                .build();
        int connections = Math.max(1, config.maxConnections());
        this.client = switch (config.protocol()) {
            case HTTP1 -> HttpAsyncClients.custom()
                    .setIOReactorConfig(reactor)
                    .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(connections)
                            .setMaxConnPerRoute(connections)
                            .setDefaultConnectionConfig(connection)
                            .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                            .build())
                    .disableRedirectHandling()
                    .disableCookieManagement()
                    .disableAutomaticRetries()
                    .build();
            case H2_TLS, H2C -> {
                var b = HttpAsyncClients.customHttp2()
                        .setIOReactorConfig(reactor)
                        .setDefaultConnectionConfig(connection)
                        .setH2Config(H2Config.custom()
                                .setPushEnabled(false)
                                .setInitialWindowSize(Http2Windows.STREAM)
                                .build())
                        .disableRedirectHandling()
                        .disableCookieManagement()
                        .disableAutomaticRetries();
                if (config.protocol() == ClientConfig.Protocol.H2_TLS) {
                    b.setTlsStrategy(ClientTlsStrategyBuilder.create()
                            .setSslContext(Tls.sslContext(Tls.caPem(config)))
                            .buildAsync());
                }
                yield b.build();
            }
        };
        client.start();
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return execute(AsyncRequestBuilder.get(url).build()).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        AsyncRequestProducer request = AsyncRequestBuilder.post(url)
                .setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_OCTET_STREAM))
                .build();
        return execute(request).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return execute(AsyncRequestBuilder.get(url).build()).thenApply(r -> r.bytes);
    }

    private record Outcome(int status, long bytes) {}

    private CompletableFuture<Outcome> execute(AsyncRequestProducer request) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        client.execute(request, new CountingConsumer(), new FutureCallback<>() {
            @Override
            public void completed(Outcome result) {
                done.complete(result);
            }

            @Override
            public void failed(Exception ex) {
                done.completeExceptionally(ex);
            }

            @Override
            public void cancelled() {
                done.cancel(false);
            }
        });
        return done;
    }

    /** Reads the status, counts the body's bytes and drops them. */
    private static final class CountingConsumer extends AbstractBinResponseConsumer<Outcome> {
        private int status;
        private long bytes;

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
        }

        @Override
        protected Outcome buildResult() {
            return new Outcome(status, bytes);
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            bytes += src.remaining();
            src.position(src.limit());
        }

        @Override
        public void releaseResources() {}
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
        try {
            client.awaitShutdown(TimeValue.of(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
