package dev.courier.bench.peers;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12's {@link HttpClient}: the HTTP/1.1 transport, or the HTTP/2 transport
 * ({@link HttpClientTransportOverHTTP2}: ALPN h2 over TLS, prior knowledge over cleartext). Up to
 * {@link ClientConfig#maxConnections()} connections per destination, the surplus requests queued.
 * Response content is dropped by a {@link Response.Listener} as it arrives (no buffering listener).
 * Jetty has no native transport (NIO selectors).
 */
final class JettyClient implements BenchClient {
    private final HttpClient client;

    JettyClient(ClientConfig config) {
        ClientConnector connector = new ClientConnector();
        if (config.protocol() == ClientConfig.Protocol.H2_TLS) {
            SslContextFactory.Client ssl = new SslContextFactory.Client();
            ssl.setTrustStore(Tls.trustStore(Tls.caPem(config)));
            ssl.setEndpointIdentificationAlgorithm("HTTPS");
            connector.setSslContextFactory(ssl);
        }
        HttpClientTransport transport = switch (config.protocol()) {
            case HTTP1 -> new HttpClientTransportOverHTTP(connector);
            case H2_TLS, H2C -> new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
        };
        HttpClient c = new HttpClient(transport);
        c.setMaxConnectionsPerDestination(Math.max(1, config.maxConnections()));
        c.setMaxRequestsQueuedPerDestination(Math.max(1024, 2 * config.concurrency()));
        c.setFollowRedirects(false);
        c.setConnectTimeout(10_000);
        try {
            c.start();
        } catch (Exception e) {
            throw new IllegalStateException("jetty: cannot start HttpClient", e);
        }
        this.client = c;
    }

    @Override
    public CompletableFuture<Integer> get(String url) {
        return send(client.newRequest(url).method(HttpMethod.GET)).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Integer> post(String url, byte[] body) {
        Request request = client.newRequest(url)
                .method(HttpMethod.POST)
                .body(new BytesRequestContent("application/octet-stream", body));
        return send(request).thenApply(r -> r.status);
    }

    @Override
    public CompletableFuture<Long> download(String url) {
        return send(client.newRequest(url).method(HttpMethod.GET)).thenApply(r -> r.bytes);
    }

    private record Outcome(int status, long bytes) {}

    private static CompletableFuture<Outcome> send(Request request) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        request.timeout(60, TimeUnit.SECONDS).send(new Response.Listener() {
            private long bytes;

            @Override
            public void onContent(Response response, ByteBuffer content) {
                bytes += content.remaining();
            }

            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    done.completeExceptionally(result.getFailure());
                } else {
                    done.complete(new Outcome(result.getResponse().getStatus(), bytes));
                }
            }
        });
        return done;
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("jetty: cannot stop HttpClient", e);
        }
    }
}
