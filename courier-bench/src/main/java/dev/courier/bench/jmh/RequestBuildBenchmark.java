package dev.courier.bench.jmh;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.RequestOptions;
import dev.courier.Response;
import dev.courier.transport.MockTransport;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link AsyncClient#buildRequest}: a relative URL joined to the base URL, the client's default
 * headers and params merged with the call's, the request built. No I/O: the client's transport is
 * a {@link MockTransport} that is never called.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestBuildBenchmark {
    /** Per-call options as a typical call sets them: one param, one header. Non-capturing: no allocation. */
    private static final Consumer<RequestOptions> OPTIONS = o -> o.param("page", 2).header("Accept", "application/json");

    private AsyncClient client;

    @Setup
    public void setUp() {
        client = AsyncClient.builder()
                .baseUrl("https://api.example.com/v1")
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl")
                .header("X-Client-Version", "4.2.0")
                .param("api_key", "k-3f9a2c")
                .param("locale", "en-GB")
                .transport(MockTransport.of(request -> Response.builder().status(200).build()))
                .build();
    }

    @TearDown
    public void tearDown() {
        client.close();
    }

    /** {@code buildRequest("GET", "/users/42?fields=id,name", options)}. */
    @Benchmark
    public Request buildRequest() {
        return client.buildRequest("GET", "/users/42?fields=id,name", OPTIONS);
    }

    /** The same without per-call options: only the client's defaults are merged in. */
    @Benchmark
    public Request buildRequestNoOptions() {
        return client.buildRequest("GET", "/users/42?fields=id,name", null);
    }
}
