package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The server answered 404 Not Found: nothing exists at the endpoint.
 *
 * <p>A missing resource is often an answer rather than a failure; catch this to treat it as one.
 *
 * <pre>{@code
 * try {
 *     api.get("/users/7", null, User.class).join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof NotFoundException missing) {
 *         return Optional.empty();
 *     }
 * }
 * }</pre>
 */
public class NotFoundException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}, with its parsed body (or null). */
    public NotFoundException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response, body);
    }
}
