package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.Environment;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Authentication for requests: a flow that may send a request, look at the answer, and send again.
 *
 * <p>Auth is the outermost stage of a client: it sees the request once, before redirects, and its
 * {@link Sender} runs everything else. The simple case, adding a header, is
 * {@link #of(Function)}. A challenge-response scheme calls {@code next.send} again after reading a
 * 401; it must close every response it does not return. Responses it saw along the way appear in the
 * final response's {@code history()}.
 *
 * <p>When {@link #requiresRequestBody()} is true, the client buffers a streaming request body before
 * calling {@link #authenticate}, so the auth can read it with {@code request.content()} (to sign it,
 * say). When {@link #requiresResponseBody()} is true, responses given to the auth have their bodies
 * read.
 *
 * <p>Built-ins: {@link #basic} ({@link BasicAuth}), {@link #bearer(String)} ({@link BearerAuth}),
 * {@link #digest} ({@link DigestAuth}) and {@link #netrc()} ({@link NetrcAuth}). Each is thread-safe,
 * closes every response it does not return, never sends credentials meant for one origin to
 * another, and masks secrets in {@code toString}.
 *
 * <pre>{@code
 * Auth apiKey = Auth.of(request -> request.withHeader("X-Api-Key", key));
 * AsyncClient client = AsyncClient.builder().auth(apiKey).transport(transport).build();
 * }</pre>
 *
 * <p>A signing auth that needs the request body: it computes an HMAC over the bytes and sends it in
 * a header. Because {@code requiresRequestBody()} is true, a one-shot body is buffered first, so
 * {@code request.content()} works for it.
 *
 * <pre>{@code
 * final class HmacAuth implements Auth {
 *     private final SecretKeySpec key;
 *
 *     HmacAuth(byte[] secret) {
 *         this.key = new SecretKeySpec(secret, "HmacSHA256");
 *     }
 *
 *     public CompletableFuture<Response> authenticate(Request request, Sender next) {
 *         try {
 *             Mac mac = Mac.getInstance("HmacSHA256");
 *             mac.init(key);
 *             String signature = HexFormat.of().formatHex(mac.doFinal(request.content()));
 *             return next.send(request.withHeader("X-Signature", "sha256=" + signature));
 *         } catch (GeneralSecurityException e) {
 *             return CompletableFuture.failedFuture(e);
 *         }
 *     }
 *
 *     public boolean requiresRequestBody() {
 *         return true;
 *     }
 * }
 * }</pre>
 *
 * <p>A token-refresh auth: it sends the current token and, on a 401, closes that response, renews
 * the token once (unless another request renewed it meanwhile) and sends again. The answer to the
 * second try is returned whatever it is, so a bad login cannot loop. {@code login} is called on the
 * thread that completes the 401, so it should not block for long (or set the client's
 * {@code executor}).
 *
 * <pre>{@code
 * final class RefreshingTokenAuth implements Auth {
 *     private final Supplier<String> login;   // fetches a new access token
 *     private String token;
 *
 *     RefreshingTokenAuth(Supplier<String> login) {
 *         this.login = login;
 *     }
 *
 *     public CompletableFuture<Response> authenticate(Request request, Sender next) {
 *         String used = current();
 *         return next.send(request.withHeader("Authorization", "Bearer " + used)).thenCompose(response -> {
 *             if (response.statusCode() != 401) {
 *                 return CompletableFuture.completedFuture(response);
 *             }
 *             response.close();
 *             return next.send(request.withHeader("Authorization", "Bearer " + renew(used)));
 *         });
 *     }
 *
 *     private synchronized String current() {
 *         if (token == null) {
 *             token = login.get();
 *         }
 *         return token;
 *     }
 *
 *     private synchronized String renew(String rejected) {
 *         if (rejected.equals(token)) {
 *             token = login.get();
 *         }
 *         return token;
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Auth {
    /** Runs the authentication flow for {@code request}, sending through {@code next}. */
    CompletableFuture<Response> authenticate(Request request, Sender next);

    /** True when the flow reads the request body, which must then be buffered first. */
    default boolean requiresRequestBody() {
        return false;
    }

    /** True when the flow reads response bodies, which are then read before it sees them. */
    default boolean requiresResponseBody() {
        return false;
    }

    /** An auth that rewrites each request once (adding a header, a query parameter, a signature). */
    static Auth of(Function<Request, Request> transform) {
        Objects.requireNonNull(transform, "transform");
        return (request, next) -> next.send(transform.apply(request));
    }

    /**
     * HTTP Basic credentials (RFC 7617), UTF-8 encoded, sent with every request.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().auth(Auth.basic("alice", "s3cret")).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code user} contains ':'
     */
    static BasicAuth basic(String user, String password) {
        return new BasicAuth(user, password);
    }

    /**
     * A fixed bearer token (RFC 6750), sent with every request as {@code Authorization: Bearer <token>}.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().auth(Auth.bearer(System.getenv("API_TOKEN"))).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when the token is not an RFC 6750 b64token (the message does not show it)
     */
    static BearerAuth bearer(String token) {
        return new BearerAuth(token);
    }

    /**
     * A bearer token asked from {@code tokenSource} for every request, for tokens that rotate. The
     * source must be thread-safe and quick; an invalid token fails that request's future.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().auth(Auth.bearer(tokenCache::current)).build();
     * }</pre>
     */
    static BearerAuth bearer(Supplier<String> tokenSource) {
        return new BearerAuth(tokenSource);
    }

    /**
     * HTTP Digest credentials (RFC 7616, RFC 2617): answers a server's Digest challenge, then reuses
     * its nonce for later requests to the same origin. Share one instance per set of credentials.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().auth(Auth.digest("Mufasa", "Circle of Life")).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code user} contains control characters
     */
    static DigestAuth digest(String user, String password) {
        return new DigestAuth(user, password);
    }

    /**
     * Basic credentials per host from the netrc file named by the {@code NETRC} environment variable,
     * else {@code ~/.netrc}; the file is read now.
     *
     * <pre>{@code
     * AsyncClient client = AsyncClient.builder().auth(Auth.netrc()).build();
     * }</pre>
     *
     * @throws IllegalArgumentException when the file is missing or unreadable (the message names it)
     */
    static NetrcAuth netrc() {
        return new NetrcAuth(Environment.system());
    }

    /**
     * Basic credentials per host from the netrc file {@code file}, read now.
     *
     * <pre>{@code
     * Auth auth = Auth.netrc(Path.of("/etc/courier/netrc"));
     * }</pre>
     *
     * @throws IllegalArgumentException when the file is missing or unreadable (the message names it)
     */
    static NetrcAuth netrc(Path file) {
        return new NetrcAuth(file);
    }
}
