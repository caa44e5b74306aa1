package dev.courier.bench.peers;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * OkHttp 5 ({@code enqueue}): HTTP/1.1; HTTP/2 over TLS by ALPN ({@code protocols(HTTP_2,
 * HTTP_1_1)}); h2c by {@link Protocol#H2_PRIOR_KNOWLEDGE}.
 *
 * <p>The dispatcher lets {@link ClientConfig#concurrency()} calls run at once. OkHttp has no
 * connection cap of its own (each HTTP/1.1 call in flight holds a connection), so for HTTP/1.1 the
 * per-host limit is {@link ClientConfig#maxConnections()}, which queues the surplus calls in the
 * dispatcher as the other peers' pools queue them; for HTTP/2 all calls multiplex on one
 * connection and the per-host limit is the concurrency. The pool keeps maxConnections idle
 * connections. Bodies are read on the dispatcher's thread (OkHttp's model) and dropped.
 */
final class OkHttpBenchClient implements BenchClient {
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final long CHUNK = 64 * 1024;

    private final OkHttpClient client;

    OkHttpBenchClient(ClientConfig config) {
        int concurrency = Math.max(1, config.concurrency());
        int connections = Math.max(1, config.maxConnections());
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Math.max(concurrency, connections));
        dispatcher.setMaxRequestsPerHost(config.protocol() == ClientConfig.Protocol.HTTP1
                ? Math.min(concurrency, connections) : concurrency);
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(connections, 5, TimeUnit.MINUTES))
                .followRedirects(false)
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .writeTimeout(60, TimeUnit.SECONDS);
        switch (config.protocol()) {
            case HTTP1 -> b.protocols(List.of(Protocol.HTTP_1_1));
            case H2_TLS -> {
                X509TrustManager tm = Tls.trustManager(Tls.caPem(config));
                b.protocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1))
                        .sslSocketFactory(Tls.sslContext(Tls.caPem(config)).getSocketFactory(), tm);
            }
            case H2C -> b.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        }
        this.client = b.build();
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return call(new Request.Builder().url(url).get().build()).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        Request request = new Request.Builder().url(url).post(RequestBody.create(body, OCTETS)).build();
        return call(request).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return call(new Request.Builder().url(url).get().build()).thenApply(r -> r.bytes);
    }

    private record Result(int status, long bytes) {}

    private CompletableFuture<Result> call(Request request) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                done.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response; ResponseBody body = response.body()) {
                    BufferedSource source = body.source();
                    Buffer sink = new Buffer();
                    long bytes = 0;
                    long n;
                    while ((n = source.read(sink, CHUNK)) != -1) {
                        bytes += n;
                        sink.clear();
                    }
                    done.complete(new Result(response.code(), bytes));
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        });
        return done;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
