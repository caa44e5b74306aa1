package dev.courier.bench.peers;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.asynchttpclient.AsyncHandler;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.HttpResponseBodyPart;
import org.asynchttpclient.HttpResponseStatus;
import org.asynchttpclient.netty.ssl.DefaultSslEngineFactory;

/**
 * AsyncHttpClient 3 on Netty 4.2: native epoll, one I/O thread per core. HTTP/1.1; HTTP/2 over
 * TLS by ALPN ({@code http2Enabled}, AHC's own TLS set-up with the CA as the only trust); h2c by
 * prior knowledge ({@code http2CleartextEnabled}). HTTP/2 arrived in AHC 3.0.x (3.0.13 here).
 *
 * <p>HTTP/1.1 pool: AHC's own cap ({@code maxConnections}) does not queue: past it a request fails
 * ({@code TooManyConnectionsException}) or, with {@code acquireFreeChannelTimeout}, blocks the
 * calling thread on a semaphore that idle pooled connections keep holding. So the cap is kept here
 * instead: at most {@link ClientConfig#maxConnections()} requests in flight, the rest queued
 * without blocking ({@link InFlightLimit}); AHC returns a connection to its pool before it
 * completes the request's future, so the next request always finds it idle and no more than
 * maxConnections connections are opened. Bodies are counted by an {@link AsyncHandler}, never
 * aggregated.
 */
final class AhcClient implements BenchClient {
    private final AsyncHttpClient client;
    private final InFlightLimit limit;

    AhcClient(ClientConfig config) {
        DefaultAsyncHttpClientConfig.Builder b = new DefaultAsyncHttpClientConfig.Builder()
                .setKeepAlive(true)
                .setUseNativeTransport(true)
                .setIoThreadsCount(Runtime.getRuntime().availableProcessors())
                .setFollowRedirect(false)
                .setConnectTimeout(Duration.ofSeconds(10))
                .setRequestTimeout(Duration.ofSeconds(60));
        switch (config.protocol()) {
            case HTTP1 -> b.setHttp2Enabled(false);
            case H2_TLS -> {
                File ca = Tls.caPem(config).toFile();
                b.setHttp2Enabled(true).setSslEngineFactory(new DefaultSslEngineFactory() {
                    @Override
                    protected SslContextBuilder configureSslContextBuilder(SslContextBuilder builder) {
                        return builder.trustManager(ca);
                    }
                });
            }
            case H2C -> b.setHttp2Enabled(true).setHttp2CleartextEnabled(true);
        }
        this.client = Dsl.asyncHttpClient(b.build());
        this.limit = config.protocol() == ClientConfig.Protocol.HTTP1
                ? new InFlightLimit(Math.max(1, config.maxConnections()))
                : null;
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return run(() -> client.prepareGet(url).execute(new Counting()).toCompletableFuture()).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        return run(() -> client.preparePost(url)
                        .setHeader("Content-Type", "application/octet-stream")
                        .setBody(body)
                        .execute(new Counting())
                        .toCompletableFuture())
                .thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return run(() -> client.prepareGet(url).execute(new Counting()).toCompletableFuture()).thenApply(r -> r.bytes);
    }

    private CompletableFuture<Outcome> run(Supplier<CompletableFuture<Outcome>> request) {
        return limit == null ? request.get() : limit.submit(request);
    }

    private record Outcome(int status, long bytes) {}

    /** Keeps the status, counts the body parts' bytes and drops them. */
    private static final class Counting implements AsyncHandler<Outcome> {
        private int status;
        private long bytes;

        @Override
        public State onStatusReceived(HttpResponseStatus responseStatus) {
            status = responseStatus.getStatusCode();
            return State.CONTINUE;
        }

        @Override
        public State onHeadersReceived(HttpHeaders headers) {
            return State.CONTINUE;
        }

        @Override
        public State onBodyPartReceived(HttpResponseBodyPart bodyPart) {
            bytes += bodyPart.length();
            return State.CONTINUE;
        }

        @Override
        public void onThrowable(Throwable t) {
            // The future completes exceptionally with t.
        }

        @Override
        public Outcome onCompleted() {
            return new Outcome(status, bytes);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
