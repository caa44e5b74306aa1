package dev.courier.internal.url;

import dev.courier.InvalidUrlException;

/**
 * Base-URL merging as httpx's client does it: a relative reference is appended below the base URL's
 * path, never resolved against it.
 *
 * <p>Use it for a client's {@code baseUrl}; use {@link UrlParser#parse(String, UrlRecord)} with a base
 * for redirects, where RFC 3986 resolution is what servers expect. The difference: resolving
 * {@code "/users"} against {@code https://h/v1} gives {@code /users}, joining gives {@code /v1/users}.
 * A reference without a scheme is split at its first {@code ?} and {@code #} only, so even
 * {@code "//other.test/x"} stays on the base host, as the path {@code other.test/x}. The base path
 * always acts as a directory, as httpx enforces a trailing slash on a base URL: even an empty
 * reference or a bare query gives {@code https://h/v1/}.
 *
 * <pre>{@code
 * UrlRecord base = UrlParser.parse("https://h/v1", null);
 * UrlJoin.join(base, "/users?x=1").href();   // "https://h/v1/users?x=1"
 * UrlJoin.join(base, "?page=2").href();      // "https://h/v1/?page=2"
 * }</pre>
 */
public final class UrlJoin {
    private UrlJoin() {}

    /**
     * Joins {@code reference} onto {@code base}: an absolute reference replaces it; otherwise the
     * reference's path goes below the base path, and its query and fragment are taken.
     *
     * @throws InvalidUrlException when the reference holds a forbidden character or is an invalid
     *     absolute URL, or when the base has an opaque path
     */
    public static UrlRecord join(UrlRecord base, String reference) {
        String trimmed = UrlInput.trimAndCheck(reference);
        if (UrlInput.isAbsolute(trimmed)) {
            return UrlParser.parse(trimmed, null);
        }
        if (base.hasOpaquePath()) {
            throw new InvalidUrlException(reference, "cannot join a path onto a URL with an opaque path");
        }
        String rest = trimmed;
        String fragment = null;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = rest.substring(hash + 1);
            rest = rest.substring(0, hash);
        }
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int start = 0;
        while (start < rest.length() && (rest.charAt(start) == '/' || (rest.charAt(start) == '\\' && base.isSpecial()))) {
            start++;
        }
        String directory = base.path().endsWith("/") ? base.path() : base.path() + "/";
        return base.withPath(directory + rest.substring(start)).withQuery(query).withFragment(fragment);
    }
}
