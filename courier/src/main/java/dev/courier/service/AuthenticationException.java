package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;

/**
 * The server answered 401 Unauthorized: the credentials are missing, wrong or expired.
 *
 * <p>authToken(...) sends a Bearer token with every call.
 *
 * <pre>{@code
 * try {
 *     api.get("/me").join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof AuthenticationException authentication) {
 *         refreshToken(); // then try again
 *     }
 * }
 * }</pre>
 */
public class AuthenticationException extends ApiException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code response} to {@code request}, with its parsed body (or null). */
    public AuthenticationException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response, body);
    }
}
