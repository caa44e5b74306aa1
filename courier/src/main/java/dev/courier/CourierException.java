package dev.courier;

/**
 * The root of every exception Courier throws: catch it to handle any Courier failure.
 *
 * <p>All Courier exceptions are unchecked. An asynchronous call fails its future with one of them
 * (wrapped in a {@link java.util.concurrent.CompletionException} when you {@code join()}); the
 * blocking {@link Client} throws them directly. The tree follows httpx's:
 *
 * <pre>
 * CourierException
 * ├─ RequestException (request())
 * │  ├─ TransportException
 * │  │  ├─ RequestTimeoutException: ConnectTimeoutException, ReadTimeoutException,
 * │  │  │                           WriteTimeoutException, PoolTimeoutException
 * │  │  ├─ NetworkException: ConnectFailedException, ReadException, WriteException,
 * │  │  │                    CloseException
 * │  │  ├─ HttpProtocolException: LocalProtocolException, RemoteProtocolException
 * │  │  ├─ ProxyException
 * │  │  └─ UnsupportedProtocolException
 * │  ├─ DecodingException
 * │  └─ TooManyRedirectsException
 * ├─ HttpStatusException (request(), response())
 * ├─ InvalidUrlException, CookieConflictException
 * └─ StreamException: StreamConsumedException, StreamClosedException, ResponseNotReadException
 * </pre>
 *
 * <pre>{@code
 * try {
 *     client.get("https://example.com/").join().raiseForStatus();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof RequestTimeoutException t) {
 *         log.warn("timed out: {}", t.request().url());
 *     }
 * }
 * }</pre>
 */
public class CourierException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message a person can act on. */
    public CourierException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the failure that caused it. */
    public CourierException(String message, Throwable cause) {
        super(message, cause);
    }
}
