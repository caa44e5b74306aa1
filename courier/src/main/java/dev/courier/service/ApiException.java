package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.HttpStatusException;
import dev.courier.Request;
import dev.courier.Response;

/**
 * A {@link ServiceClient} call was answered with an error status; the subclasses name the common
 * ones, and the rest (other 4xx, or a 1xx/3xx left as the final answer) are this class.
 *
 * <pre>
 * ApiException (statusCode(), body(), request(), response())
 * ├─ ValidationException        400, 422   fieldErrors()
 * ├─ AuthenticationException    401
 * ├─ PermissionDeniedException  403
 * ├─ NotFoundException          404
 * ├─ ConflictException          409
 * ├─ RateLimitException         429        retryAfter()
 * └─ ServerErrorException       5xx
 * </pre>
 *
 * <p>The message names the status, the request and what the server said (its {@code detail},
 * {@code message} or {@code error} field, shortened). Transport failures are not API errors: they
 * arrive as Courier's {@link dev.courier.RequestException}s (connect, timeout, ...).
 *
 * <pre>{@code
 * try {
 *     client.get("/users/42").join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof NotFoundException missing) {
 *         System.out.println(missing.getMessage());     // 404 Not Found for GET https://.../users/42: no such user
 *     } else if (e.getCause() instanceof ApiException api) {
 *         System.out.println(api.statusCode() + " " + api.body());
 *     }
 * }
 * }</pre>
 */
public class ApiException extends HttpStatusException {
    private static final long serialVersionUID = 1L;
    private final transient JsonNode body;

    /**
     * Creates the exception for {@code response} to {@code request}; {@code body} is the error body
     * parsed as JSON (a text node when it is not JSON), or null when it is empty.
     */
    public ApiException(String message, Request request, Response response, JsonNode body) {
        super(message, request, response);
        this.body = body;
    }

    /** The status of the error response. */
    public int statusCode() {
        return response().statusCode();
    }

    /** The error body parsed as JSON, a text node when the server sent something else, or null when empty. */
    public JsonNode body() {
        return body;
    }
}
