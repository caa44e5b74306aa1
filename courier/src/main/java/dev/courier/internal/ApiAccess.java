package dev.courier.internal;

import dev.courier.EventListener;
import dev.courier.Headers;
import dev.courier.Request;
import dev.courier.RequestException;
import dev.courier.Response;
import dev.courier.internal.body.ResponseBodyState;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * Lets the internal stages set the few values of API objects that the API itself never lets users
 * set (the JDK's SharedSecrets idea): the API class registers a setter from its static initializer,
 * which has run by the time any instance exists.
 */
public final class ApiAccess {
    private static volatile ObjIntConsumer<RequestException> attemptsSetter;
    private static volatile RequestAccess requestAccess;
    private static volatile Function<Response, ResponseBodyState> responseBody;
    private static volatile Function<String[], Headers> validatedHeaders;

    /** What {@link Request} lets the internals see and set. */
    public interface RequestAccess {
        /** The listener attached to {@code request}, or null. */
        EventListener eventListener(Request request);

        /**
         * {@code request} with {@code listener} attached ({@link EventListener#NONE}: none), or
         * {@code request} itself when that one is already attached.
         */
        Request withEventListener(Request request, EventListener listener);
    }

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

    /** Called once, by {@link Request}'s static initializer. */
    public static void setRequestAccess(RequestAccess access) {
        if (requestAccess != null) {
            throw new IllegalStateException("The request access is registered by Request alone");
        }
        requestAccess = Objects.requireNonNull(access, "access");
    }

    /** Called once, by {@link Response}'s static initializer. */
    public static void setResponseBodyAccess(Function<Response, ResponseBodyState> access) {
        if (responseBody != null) {
            throw new IllegalStateException("The response body access is registered by Response alone");
        }
        responseBody = Objects.requireNonNull(access, "access");
    }

    /** The body of {@code response}, for the client's own pipeline, which reads it without a future of its own. */
    public static ResponseBodyState body(Response response) {
        return responseBody.apply(response);
    }

    /**
     * The client's listener that {@code request} carries to the network transport, or null. The
     * client attaches its composite listener, which never throws.
     */
    public static EventListener eventListener(Request request) {
        return requestAccess.eventListener(request);
    }

    /**
     * {@code request} carrying {@code listener} to the network transport ({@link EventListener#NONE}
     * carries none). Returns {@code request} itself, allocating nothing, when it already carries it:
     * always so for a client without listeners and a request it built.
     */
    public static Request withEventListener(Request request, EventListener listener) {
        return requestAccess.withEventListener(request, listener);
    }

    /** Called once, by {@link Headers}'s static initializer. */
    public static void setValidatedHeaders(Function<String[], Headers> factory) {
        if (validatedHeaders != null) {
            throw new IllegalStateException("The validated-headers factory is registered by Headers alone");
        }
        validatedHeaders = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Headers over {@code namesAndValues} (alternating, taken as they are, not copied) whose every
     * field Netty's decoder has already checked by the same rules as {@link Headers#of}: the
     * response head, decoded once, is not validated a second time.
     */
    public static Headers validatedHeaders(String[] namesAndValues) {
        if (validatedHeaders == null) {
            Headers.empty(); // runs Headers' static initializer, which registers the factory
        }
        return validatedHeaders.apply(namesAndValues);
    }
}
