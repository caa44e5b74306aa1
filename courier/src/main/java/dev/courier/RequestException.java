package dev.courier;

/**
 * A failure while sending a request or receiving its response; {@link #request()} says which request.
 *
 * <p>Catch it to handle every failure that happened on the way to a response (as opposed to an
 * error status, which is an {@link HttpStatusException}).
 *
 * <pre>{@code
 * try {
 *     blockingClient.get("https://example.com/");
 * } catch (RequestException e) {
 *     System.err.println(e.request().method() + " " + e.request().url() + " failed: " + e.getMessage());
 * }
 * }</pre>
 */
public class RequestException extends CourierException {
    private static final long serialVersionUID = 1L;
    private final transient Request request;

    /** Creates the exception for {@code request}, which may be null only when no request exists yet. */
    public RequestException(String message, Request request) {
        this(message, request, null);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public RequestException(String message, Request request, Throwable cause) {
        super(message, cause);
        this.request = request;
    }

    /** The request that failed. */
    public Request request() {
        return request;
    }
}
