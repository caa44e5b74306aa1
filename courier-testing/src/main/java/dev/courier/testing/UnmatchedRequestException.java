package dev.courier.testing;

import dev.courier.Request;
import dev.courier.TransportException;

/**
 * The failure of a request that no route of a {@link MockRouter} matches. Its message names the
 * request and lists every route, in the order they are tried, each with the first condition the
 * request did not meet.
 *
 * <p>It reaches the caller as the failure of the request's future (the cause of the
 * {@code CompletionException} from {@code join()}), like any transport failure.
 *
 * <pre>{@code
 * UnmatchedRequestException e = (UnmatchedRequestException) assertThrows(CompletionException.class,
 *         () -> client.get("https://api.example.com/nope").join()).getCause();
 * // MockRouter has no route for GET https://api.example.com/nope; routes, tried in order:
 * //   #1 GET, url https://api.example.com/users/1 -> 200 json  [not: url https://api.example.com/users/1]
 * }</pre>
 */
public final class UnmatchedRequestException extends TransportException {
    private static final long serialVersionUID = 1L;

    UnmatchedRequestException(String message, Request request) {
        super(message, request);
    }
}
