package dev.courier.service;

import dev.courier.Headers;
import java.util.Objects;

/**
 * A successful (2xx) answer from a {@link ServiceClient}: the body parsed as JSON, the status and the
 * headers.
 *
 * <p>{@code data} is a {@code JsonNode} from the untyped calls and a {@code T} from the typed ones;
 * it is null when the body is empty (204 No Content, or a 200 with nothing in it). Error statuses
 * never arrive as an {@code ApiResponse}: they fail the call with an {@link ApiException}.
 *
 * <pre>{@code
 * ApiResponse<User> r = client.get("/users/1", null, User.class).join();
 * User user = r.data();
 * int status = r.statusCode();                          // 200
 * String etag = r.headers().get("ETag");
 * }</pre>
 *
 * @param data the parsed body, or null for an empty body
 * @param statusCode the status, from 200 to 299
 * @param headers the response headers, in wire order
 * @param <T> the type the body was parsed into
 */
public record ApiResponse<T>(T data, int statusCode, Headers headers) {
    /** Checks that the headers are given. */
    public ApiResponse {
        Objects.requireNonNull(headers, "headers");
    }
}
