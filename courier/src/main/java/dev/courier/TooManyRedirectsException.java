package dev.courier;

import java.util.List;

/**
 * Redirects were followed more than {@code maxRedirects} times; {@link #history()} holds the chain.
 *
 * <pre>{@code
 * AsyncClient.builder().followRedirects(true).maxRedirects(5);
 * // ... a redirect loop fails with this; e.history() lists the hops
 * }</pre>
 */
public class TooManyRedirectsException extends RequestException {
    private static final long serialVersionUID = 1L;
    private final transient List<Response> history;

    /** Creates the exception for the request that would have been the next hop, with the hops so far. */
    public TooManyRedirectsException(String message, Request request, List<Response> history) {
        super(message, request);
        this.history = List.copyOf(history);
    }

    /** The responses of the hops followed, oldest first. */
    public List<Response> history() {
        return history;
    }
}
