package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.http.BasicCredentials;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP Basic authentication (RFC 7617): every request carries
 * {@code Authorization: Basic base64(user ":" password)}, the credentials encoded as UTF-8 (the
 * {@code charset="UTF-8"} of RFC 7617 §2.1), so non-ASCII names and passwords work.
 *
 * <p>Use it for servers that accept Basic credentials, over HTTPS: the password is only encoded,
 * not encrypted. The header is sent pre-emptively, with no challenge round trip. It is added once,
 * before redirects; the client removes it on a redirect that leaves the origin, so the credentials
 * never reach another host, port or scheme. Instances are immutable and thread-safe, and
 * {@link #toString()} masks the password.
 *
 * <pre>{@code
 * AsyncClient client = AsyncClient.builder().auth(Auth.basic("alice", "s3cr\u00e9t")).build();
 * client.get("https://api.example.com/me").join();   // Authorization: Basic YWxpY2U6czNjcsOpdA==
 * }</pre>
 */
public final class BasicAuth implements Auth {
    private final String user;
    private final String header;

    /**
     * Credentials for {@code user} and {@code password}; use {@link Auth#basic(String, String)}.
     *
     * @throws IllegalArgumentException when the user name contains ':' (RFC 7617 §2 forbids it, as
     *     the server would split the credentials there)
     */
    BasicAuth(String user, String password) {
        this.user = requireUser(user);
        this.header = header(user, Objects.requireNonNull(password, "password"));
    }

    /**
     * Sends {@code request} once, with the Basic {@code Authorization} header replacing any existing one.
     *
     * <pre>{@code
     * Response r = Auth.basic("alice", "pw").authenticate(request, transport::send).join();
     * }</pre>
     */
    @Override
    public CompletableFuture<Response> authenticate(Request request, Sender next) {
        return next.send(request.withHeader("Authorization", header));
    }

    /**
     * The user name these credentials are for.
     *
     * <pre>{@code
     * Auth.basic("alice", "pw").user();   // "alice"
     * }</pre>
     */
    public String user() {
        return user;
    }

    /**
     * {@code BasicAuth[user=alice, password=***]}: the password is never shown.
     *
     * <pre>{@code
     * log.info("auth: {}", auth);   // safe to log
     * }</pre>
     */
    @Override
    public String toString() {
        return "BasicAuth[user=" + user + ", password=***]";
    }

    static String requireUser(String user) {
        Objects.requireNonNull(user, "user");
        int colon = user.indexOf(':');
        if (colon >= 0) {
            throw new IllegalArgumentException("A Basic auth user name must not contain ':' (found at index " + colon
                    + "); RFC 7617 splits the credentials at the first colon");
        }
        return user;
    }

    /** The {@code Authorization} value for these credentials, UTF-8 encoded. */
    static String header(String user, String password) {
        return BasicCredentials.header(user, password);
    }
}
