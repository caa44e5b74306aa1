package dev.courier;

/**
 * The connection could not be established: name resolution, refusal, unreachable network, or a TLS failure.
 *
 * <p>Nothing was sent, so any request may be retried. The message names the host and the reason.
 *
 * <pre>{@code
 * catch (ConnectFailedException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public class ConnectFailedException extends NetworkException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code request}. */
    public ConnectFailedException(String message, Request request) {
        super(message, request);
    }

    /** Creates the exception for {@code request} with the failure that caused it. */
    public ConnectFailedException(String message, Request request, Throwable cause) {
        super(message, request, cause);
    }
}
