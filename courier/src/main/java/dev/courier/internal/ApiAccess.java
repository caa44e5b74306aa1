package dev.courier.internal;

import dev.courier.RequestException;
import java.util.Objects;
import java.util.function.ObjIntConsumer;

/**
 * Lets the internal stages set the few values of API objects that the API itself never lets users
 * set (the JDK's SharedSecrets idea): the API class registers a setter from its static initializer,
 * which has run by the time any instance exists.
 */
public final class ApiAccess {
    private static volatile ObjIntConsumer<RequestException> attemptsSetter;

    private ApiAccess() {}

    /** Called once, by {@link RequestException}'s static initializer. */
    public static void setAttemptsSetter(ObjIntConsumer<RequestException> setter) {
        if (attemptsSetter != null) {
            throw new IllegalStateException("The attempts setter is registered by RequestException alone");
        }
        attemptsSetter = Objects.requireNonNull(setter, "setter");
    }

    /** Records on {@code failure} that its request was sent {@code attempts} times. */
    public static void setAttempts(RequestException failure, int attempts) {
        attemptsSetter.accept(failure, attempts);
    }
}
