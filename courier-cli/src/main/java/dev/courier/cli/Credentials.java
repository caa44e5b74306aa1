package dev.courier.cli;

import dev.courier.auth.Auth;
import java.io.Console;
import java.util.Locale;

/**
 * The {@code --auth}/{@code --auth-type} pair: a scheme and the credentials for it, as typed
 * ({@code user:password}, {@code user}, or a bearer token) and as a session file keeps them.
 *
 * <pre>{@code
 * Credentials c = Credentials.of("digest", "alice:s3cret");
 * client.auth(c.toAuth());
 * Credentials.of("basic", "alice").withPrompt();   // asks for alice's password on the terminal
 * }</pre>
 *
 * @param type {@code basic}, {@code digest} or {@code bearer}
 * @param user the user name (the token, for bearer)
 * @param password the password, or null when none was given (bearer has none)
 */
record Credentials(String type, String user, String password) {

    /**
     * Reads an {@code --auth} value for {@code type} (null: basic).
     *
     * @throws UsageException for an unknown type
     */
    static Credentials of(String type, String raw) {
        String scheme = type == null ? "basic" : type.toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "bearer" -> {
                return new Credentials(scheme, raw, null);
            }
            case "basic", "digest" -> {
                int colon = raw.indexOf(':');
                return colon < 0 ? new Credentials(scheme, raw, null)
                        : new Credentials(scheme, raw.substring(0, colon), raw.substring(colon + 1));
            }
            default -> throw new UsageException("--auth-type takes basic, digest or bearer, not '" + type + "'");
        }
    }

    /** Whether a password has to be asked for: a user name was given without one. */
    boolean needsPassword() {
        return !type.equals("bearer") && password == null;
    }

    /**
     * These credentials with the password read from the terminal (without echo), as httpie asks
     * for it.
     *
     * @throws UsageException when there is no terminal to ask on
     */
    Credentials withPrompt() {
        Console console = System.console();
        if (console == null) {
            throw new UsageException("--auth " + user + " has no password, and there is no terminal to ask for it: "
                    + "use --auth " + user + ":PASSWORD");
        }
        char[] typed = console.readPassword("courier: password for %s: ", user);
        if (typed == null) {
            throw new UsageException("no password given for " + user);
        }
        return new Credentials(type, user, new String(typed));
    }

    /** The library's auth for these credentials. */
    Auth toAuth() {
        return switch (type) {
            case "bearer" -> Auth.bearer(user);
            case "digest" -> Auth.digest(user, password == null ? "" : password);
            default -> Auth.basic(user, password == null ? "" : password);
        };
    }

    /** The {@code --auth} value these credentials were read from ({@code user:password}, or the token). */
    String raw() {
        return password == null ? user : user + ":" + password;
    }

    /** Never the password or token. */
    @Override
    public String toString() {
        return "Credentials[" + type + (type.equals("bearer") ? "" : " " + user) + "]";
    }
}
