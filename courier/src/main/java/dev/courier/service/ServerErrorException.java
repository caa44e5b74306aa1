package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The server answered with a 5xx status: it failed, or a gateway in front of it did.
 *
 * <p>The client's retries already resent 502, 503 and 504 for idempotent requests (with backoff,
 * honouring {@code Retry-After}); this exception is the last answer. A 500 is not retried: it
 * usually fails the same way again.
 *
 * <pre>{@code
 * try {
 *     api.get("/status").join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof ServerErrorException down) {
 *         metrics.increment("upstream." + down.statusCode());
 *     }
 * }
 * }</pre>
 */
public class ServerErrorException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}, with its parsed body (or null). */
    public ServerErrorException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response, body);
    }
}
