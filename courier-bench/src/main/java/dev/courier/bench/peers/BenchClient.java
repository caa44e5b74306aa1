package dev.courier.bench.peers;

import java.util.concurrent.CompletableFuture;

/**
 * One HTTP client under test, driven the same way whatever the library: the runner starts
 * operations and waits on the futures. Each peer implements it in its best production set-up
 * (its async API where it has one; its own event-loop and pool settings for the scenario).
 *
 * <pre>{@code
 * try (BenchClient client = BenchClients.create("courier", config)) {
 *     int status = client.get(url).join();
 * }
 * }</pre>
 */
public interface BenchClient extends AutoCloseable {
    /** GETs {@code url}, reads the whole body and discards it; completes with the status code. */
    CompletableFuture<Integer> get(String url);

    /** POSTs {@code body} to {@code url}, reads and discards the response; completes with the status code. */
    CompletableFuture<Integer> post(String url, byte[] body);

    /**
     * GETs {@code url} and streams the body to nowhere, never holding it whole in memory;
     * completes with the number of body bytes read.
     */
    CompletableFuture<Long> download(String url);

    @Override
    void close() throws Exception;
}
