package dev.courier;

/**
 * A response had an error status (4xx or 5xx), thrown by {@link Response#raiseForStatus()}.
 *
 * <p>It carries both the request and the response, so the caller can read the body of the error.
 *
 * <pre>{@code
 * try {
 *     client.get("/users/42").join().raiseForStatus();
 * } catch (HttpStatusException e) {
 *     if (e.response().statusCode() == 404) { ... }
 * }
 * }</pre>
 */
public class HttpStatusException extends CourierException {
    private static final long serialVersionUID = 1L;
    private final transient Request request;
    private final transient Response response;

    /** Creates the exception for {@code response} to {@code request}. */
    public HttpStatusException(String message, Request request, Response response) {
        super(message);
        this.request = request;
        this.response = response;
    }

    /** The request that was answered with an error. */
    public Request request() {
        return request;
    }

    /** The error response; its body is available if it was read. */
    public Response response() {
        return response;
    }
}
