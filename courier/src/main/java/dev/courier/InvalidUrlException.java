package dev.courier;

import dev.courier.internal.SafeText;

/**
 * A URL could not be parsed: no scheme, a bad port or host, or characters a URL may not hold.
 *
 * <p>The message names the input and what is wrong with it.
 *
 * <pre>{@code
 * Url.parse("http://exa mple.com/");   // InvalidUrlException: Invalid URL "http://exa mple.com/": ...
 * }</pre>
 */
public class InvalidUrlException extends CourierException {
    private static final long serialVersionUID = 1L;
    private final String input;
    private final String reason;

    /** Creates the exception for {@code input}, explaining in {@code reason} what is wrong. */
    public InvalidUrlException(String input, String reason) {
        super("Invalid URL " + SafeText.quote(input, 200) + ": " + reason);
        this.input = input;
        this.reason = reason;
    }

    /** The text that failed to parse. */
    public String input() {
        return input;
    }

    /** What is wrong with the input, for example "no scheme" or "port out of range". */
    public String reason() {
        return reason;
    }
}
