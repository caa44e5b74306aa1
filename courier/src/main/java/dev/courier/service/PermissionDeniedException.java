package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The server answered 403 Forbidden: the credentials are fine, but they don't allow this.
 *
 * <p>Retrying with the same credentials will not help.
 *
 * <pre>{@code
 * try {
 *     api.delete("/users/7").join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof PermissionDeniedException denied) {
 *         log.warn("not allowed: {}", denied.getMessage());
 *     }
 * }
 * }</pre>
 */
public class PermissionDeniedException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}, with its parsed body (or null). */
    public PermissionDeniedException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response, body);
    }
}
