package dev.courier.internal;

import java.util.Map;
import java.util.Objects;

/**
 * The one place Courier reads environment variables from (SSL_CERT_FILE, SSL_CERT_DIR, the proxy
 * variables), so that tests can feed a map instead of the process environment.
 */
@FunctionalInterface
public interface Environment {
    /** The value of {@code name}, or null when it is not set. */
    String get(String name);

    /** The process environment, read on every call (as {@link System#getenv(String)}). */
    static Environment system() {
        return System::getenv;
    }

    /** A fixed environment holding a copy of {@code variables}. */
    static Environment of(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(variables, "variables"));
        return copy::get;
    }
}
