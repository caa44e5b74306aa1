package dev.courier.testing.internal.router;

import dev.courier.Request;
import dev.courier.Response;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How a route answers a request it matched: a fixed response, a function, a sequence or a failure.
 *
 * <p>A fixed {@link Response} is a template: each call gets a fresh copy (MockTransport adds its request), so
 * one template can answer any number of calls and each caller may read and close its own.
 */
public interface Responder {
    /** The answer to {@code request}; a failed stage makes the call fail with that exception. */
    CompletionStage<Response> respond(Request request);

    /** What the route answers, as it reads in failure messages, such as {@code 200 json}. */
    String describe();

    /** Forgets the calls answered so far (rewinds a sequence). */
    default void reset() {}

    /** Answers every call with a copy of {@code template}, which must have its body in memory. */
    static Responder fixed(Response template, String description) {
        Response checked = requireInMemory(template);
        return new Responder() {
            @Override
            public CompletionStage<Response> respond(Request request) {
                return CompletableFuture.completedFuture(copy(checked));
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /** Answers with whatever {@code handler} returns or completes with. */
    static Responder function(Function<Request, ? extends CompletionStage<Response>> handler, String description) {
        Objects.requireNonNull(handler, "handler");
        return new Responder() {
            @Override
            public CompletionStage<Response> respond(Request request) {
                CompletionStage<Response> stage = handler.apply(request);
                if (stage == null) {
                    throw new IllegalStateException("The " + description + " function of a MockRouter route returned"
                            + " null for " + request + "; return a Response (or a stage completing with one)");
                }
                return stage;
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }

    /**
     * Answers the first call with the first response, the second with the second, and so on; a call
     * after the last fails with an {@link IllegalStateException} that says so.
     */
    static Responder sequence(List<Response> templates) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("respondSequence needs at least one response");
        }
        List<Response> checked = templates.stream().map(Responder::requireInMemory).toList();
        String statuses = checked.stream().map(r -> String.valueOf(r.statusCode()))
                .reduce((a, b) -> a + ", " + b).orElse("");
        String description = "sequence [" + statuses + "]";
        AtomicInteger next = new AtomicInteger();
        return new Responder() {
            @Override
            public CompletionStage<Response> respond(Request request) {
                int index = next.getAndIncrement();
                if (index >= checked.size()) {
                    // Running past the end is almost always a test that sends more than it meant to;
                    // repeating the last answer would hide that.
                    throw new IllegalStateException("The MockRouter route answering " + request + " has used all "
                            + checked.size() + " responses of its " + description + " and was called again (call "
                            + (index + 1) + "); add responses to the sequence, or use respond(...) for an answer"
                            + " that repeats");
                }
                return CompletableFuture.completedFuture(copy(checked.get(index)));
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public void reset() {
                next.set(0);
            }
        };
    }

    /** Fails every call with {@code error}, which reaches the caller as the future's failure. */
    static Responder error(Throwable error) {
        Objects.requireNonNull(error, "error");
        return new Responder() {
            @Override
            public CompletionStage<Response> respond(Request request) {
                return CompletableFuture.failedFuture(error);
            }

            @Override
            public String describe() {
                return "error " + error.getClass().getSimpleName();
            }
        };
    }

    private static Response requireInMemory(Response template) {
        Objects.requireNonNull(template, "response");
        if (!template.isRead()) {
            throw new IllegalArgumentException("A MockRouter route answers each call with a copy of its response, but "
                    + template + " has a streaming body, which can be read only once; build one per call with"
                    + " respondWith(request -> ...) instead");
        }
        return template;
    }

    private static Response copy(Response template) {
        // A fresh response per call: the caller closes it and measures its own elapsed time. Not
        // toBuilder(), which would share the template's body state and clock. MockTransport attaches
        // the call's request.
        Response.Builder copy = Response.builder()
                .status(template.statusCode())
                .reason(template.reasonPhrase())
                .httpVersion(template.httpVersion())
                .headers(template.headers())
                .content(template.content());
        template.extensions().forEach(copy::extension);
        if (!template.trailers().isEmpty()) {
            var trailers = template.trailers();
            copy.trailers(() -> trailers);
        }
        return copy.build();
    }
}
