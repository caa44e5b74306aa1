package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The server answered 409 Conflict: the request conflicts with the resource's current state (a duplicate, or a stale version).
 *
 * <p>Read the resource again, then decide whether to resend.
 *
 * <pre>{@code
 * try {
 *     api.put("/users/7", user).join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof ConflictException conflict) {
 *         reloadAndMerge();
 *     }
 * }
 * }</pre>
 */
public class ConflictException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}, with its parsed body (or null). */
    public ConflictException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response, body);
    }
}
