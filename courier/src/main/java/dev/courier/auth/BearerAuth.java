package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Bearer token authentication (RFC 6750 §2.1): every request carries
 * {@code Authorization: Bearer <token>}.
 *
 * <p>Use it for OAuth 2 access tokens and API tokens. With a fixed token the header is the same
 * for every request; with a token source ({@link Auth#bearer(Supplier)}) the source is asked once
 * per request, so a rotating or cached token is picked up as it changes. Tokens must be
 * {@code b64token}s (letters, digits, {@code -._~+/}, then optional {@code =} padding); anything
 * else is rejected with an {@link IllegalArgumentException} whose message never contains the token.
 * The header is added once, before redirects; the client removes it on a redirect that leaves the
 * origin. Instances are thread-safe (a token source must be too) and {@link #toString()} masks the
 * token.
 *
 * <pre>{@code
 * AsyncClient client = AsyncClient.builder().auth(Auth.bearer("mF_9.B5f-4.1JqM")).build();
 * Auth rotating = Auth.bearer(tokenCache::current);   // asked on every request
 * }</pre>
 */
public final class BearerAuth implements Auth {
    private final Supplier<String> tokens;
    private final boolean fixed;

    /** A fixed token, checked now; use {@link Auth#bearer(String)}. */
    BearerAuth(String token) {
        String checked = requireToken(Objects.requireNonNull(token, "token"));
        this.tokens = () -> checked;
        this.fixed = true;
    }

    /** A token source asked on every request; use {@link Auth#bearer(Supplier)}. */
    BearerAuth(Supplier<String> tokenSource) {
        this.tokens = Objects.requireNonNull(tokenSource, "tokenSource");
        this.fixed = false;
    }

    /**
     * Sends {@code request} once with {@code Authorization: Bearer <token>}, replacing any existing
     * one. A token source that throws, returns null or returns an invalid token fails the returned
     * future and nothing is sent.
     *
     * <pre>{@code
     * Response r = Auth.bearer(token).authenticate(request, transport::send).join();
     * }</pre>
     */
    @Override
    public CompletableFuture<Response> authenticate(Request request, Sender next) {
        String token;
        try {
            token = tokens.get();
            if (token == null) {
                throw new IllegalStateException("The bearer token source returned null");
            }
            requireToken(token);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return next.send(request.withHeader("Authorization", "Bearer " + token));
    }

    /**
     * {@code BearerAuth[token=***]}, or {@code BearerAuth[token source]} for a token source: the
     * token is never shown.
     *
     * <pre>{@code
     * log.info("auth: {}", auth);   // safe to log
     * }</pre>
     */
    @Override
    public String toString() {
        return fixed ? "BearerAuth[token=***]" : "BearerAuth[token source]";
    }

    /**
     * Checks the RFC 6750 {@code b64token} syntax: {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~"
     * / "+" / "/" ) *"="}. The message names the position only, never the token.
     */
    static String requireToken(String token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("A bearer token must not be empty");
        }
        int i = 0;
        int n = token.length();
        while (i < n && isTokenChar(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw invalid(0, n);
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        if (i < n) {
            throw invalid(i, n);
        }
        return token;
    }

    private static IllegalArgumentException invalid(int index, int length) {
        return new IllegalArgumentException("A bearer token must be an RFC 6750 b64token (letters, digits, "
                + "\"-._~+/\", then optional '=' padding); the token (" + length + " characters) has a character "
                + "not allowed there at index " + index);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
