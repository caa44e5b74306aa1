package dev.courier.bench.jmh;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.transport.MockTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The HTTP/1.1 request head, as {@code Exchange.start} produces it for a request without a body:
 * Courier's {@code RequestHead} (package-private; called through {@link CourierInternals}) turns
 * the request into Netty's method, request-target and headers, and Netty's
 * {@link HttpRequestEncoder} (the pipeline's encoder) writes them as bytes. The encoder runs in an
 * {@link EmbeddedChannel}, whose own per-write bookkeeping is part of the {@code encodeHead}
 * figure; {@code requestHeadHeaders} is Courier's part alone.
 *
 * <p>The request is much like the one {@code RequestBuildBenchmark} builds: five header fields
 * (User-Agent, Authorization, X-Client-Version, Accept, X-Request-Id), so the wire head has seven
 * with Host and Accept-Encoding, and a target with a four-segment path and two query params.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestHeadEncodeBenchmark {
    /** The Accept-Encoding of HttpTransport's default decompression settings. */
    private static final String ACCEPT_ENCODING = "gzip, deflate, br, zstd";

    private Request request;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        try (AsyncClient client = AsyncClient.builder()
                .baseUrl("https://api.example.com/v1")
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl")
                .header("X-Client-Version", "4.2.0")
                .param("api_key", "k-3f9a2c")
                .transport(MockTransport.of(r -> Response.builder().status(200).build()))
                .build()) {
            request = client.buildRequest("GET", "/users/42?fields=id,name",
                    o -> o.header("Accept", "application/json").header("X-Request-Id", "5b7c1e0e-8a8f-4e1c"));
        }
        channel = new EmbeddedChannel(new HttpRequestEncoder());
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Courier's part: {@code RequestHead.headers} (Host, the caller's fields, Accept-Encoding), method and target. */
    @Benchmark
    public HttpHeaders requestHeadHeaders() throws Throwable {
        HttpHeaders headers = (HttpHeaders) CourierInternals.REQUEST_HEAD_HEADERS.invokeExact(request, ACCEPT_ENCODING);
        HttpMethod method = (HttpMethod) CourierInternals.REQUEST_HEAD_METHOD.invokeExact(request);
        String target = (String) CourierInternals.REQUEST_HEAD_TARGET.invokeExact(request);
        return method == null || target == null ? null : headers;
    }

    /** The whole head write: {@code RequestHead}, the request message, Netty's encoder; returns the bytes written. */
    @Benchmark
    public int encodeHead() throws Throwable {
        HttpHeaders headers = (HttpHeaders) CourierInternals.REQUEST_HEAD_HEADERS.invokeExact(request, ACCEPT_ENCODING);
        HttpMethod method = (HttpMethod) CourierInternals.REQUEST_HEAD_METHOD.invokeExact(request);
        String target = (String) CourierInternals.REQUEST_HEAD_TARGET.invokeExact(request);
        // What Exchange.start writes for a request whose body is empty.
        channel.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target, Unpooled.EMPTY_BUFFER,
                headers, EmptyHttpHeaders.INSTANCE));
        int written = 0;
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            written += out.readableBytes();
            out.release();
        }
        return written;
    }
}
