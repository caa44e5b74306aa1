package dev.courier;

/**
 * A cookie name matched several cookies (different domains or paths), so a single value cannot be chosen.
 *
 * <p>Ask again naming the domain and path, as httpx's {@code CookieConflict} asks.
 *
 * <pre>{@code
 * cookies.get("session");                       // may throw this
 * cookies.get("session", "example.com", "/");   // unambiguous
 * }</pre>
 */
public class CookieConflictException extends CourierException {
    private static final long serialVersionUID = 1L;
    private final String name;

    /** Creates the exception for the ambiguous cookie {@code name}. */
    public CookieConflictException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The ambiguous cookie name. */
    public String name() {
        return name;
    }
}
