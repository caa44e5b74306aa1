package dev.courier.internal.client;

import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.RequestException;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.Timeout;
import dev.courier.auth.Sender;
import dev.courier.internal.ApiAccess;
import dev.courier.internal.Futures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * The retry policy around one hop: sends it, and while the outcome is a retryable failure or status
 * (see {@link RetryRules}), waits and sends it again, up to the policy's retries and deadline.
 *
 * <p>It sits outside the hooks and the cookie jar, so each attempt runs the request hooks again
 * (a signature or a trace id is made afresh), carries the cookies the previous attempt set, and
 * shows its response to the response hooks. The response of an attempt that is retried is closed;
 * the one handed back carries {@link Response#attempts()}, and a failure handed back carries
 * {@link RequestException#attempts()}. Unless the caller streams, the answer's body is read here,
 * so that a read failure in the middle of an idempotent request's body is retried too, and the
 * deadline covers the body.
 *
 * <p>Waits hold no thread: a timer completes them and the next attempt starts on the client's
 * executor, or on CompletableFuture's default one. The wait is tracked by the {@link Call}, so
 * cancelling the call's future during a wait ends the retries.
 */
final class RetryStage {
    private static final Executor DEFAULT_EXECUTOR = new CompletableFuture<Void>().defaultExecutor();

    private final Retry policy;
    private final RetryRules rules;
    private final EventListener listener;
    private final Executor continueOn;

    private RetryStage(Retry policy, EventListener listener, Executor executor) {
        this.policy = policy;
        this.rules = new RetryRules(policy);
        this.listener = listener;
        this.continueOn = executor != null ? executor : DEFAULT_EXECUTOR;
    }

    /**
     * The stage for {@code policy}, or null when the policy can neither retry nor time out (the
     * default, {@link Retry#none()}): the pipeline then leaves the stage out and pays nothing for it.
     */
    static RetryStage of(Retry policy, EventListener listener, Executor executor) {
        return policy.maxRetries() == 0 && policy.deadline() == null ? null : new RetryStage(policy, listener, executor);
    }

    CompletableFuture<Response> send(Request request, Sender next, Call call) {
        return new Attempts(request, next, call).start();
    }

    /** The attempts of one hop; they run one after another, never two at once. */
    private final class Attempts {
        private final Request request;
        private final Sender next;
        private final Call call;
        private final CompletableFuture<Response> result = new CompletableFuture<>();
        private volatile int attempts;

        Attempts(Request request, Sender next, Call call) {
            this.request = request;
            this.next = next;
            this.call = call;
        }

        CompletableFuture<Response> start() {
            if (policy.deadline() != null) {
                ScheduledFuture<?> timer = Delays.schedule(this::expire, Duration.ofNanos(Math.max(0, nanosLeft())));
                result.whenComplete((r, e) -> timer.cancel(false));
            }
            attempt();
            return result;
        }

        /** The answer whose body is being read, so that the deadline can stop the read. */
        private volatile Response reading;

        private void attempt() {
            int attempt = ++attempts;
            CompletableFuture<Response> answered = Futures.call(() -> next.send(request), "send");
            if (!call.isStream()) {
                answered = answered.thenCompose(this::readBody);
            }
            answered.whenComplete((response, failure) -> {
                if (result.isDone()) {
                    // The deadline passed while this attempt ran; nobody will see its answer.
                    if (response != null) {
                        response.close();
                    }
                } else if (failure != null) {
                    afterFailure(Futures.unwrap(failure), attempt);
                } else {
                    afterResponse(response, attempt);
                }
            });
        }

        /** Reads the body of a response that is the answer (not one to retry or redirect), closing it if that fails. */
        private CompletableFuture<Response> readBody(Response response) {
            if (response.isRedirect() || rules.isRetryableStatus(request, response)) {
                return CompletableFuture.completedFuture(response);
            }
            reading = response;
            return response.read().handle((bytes, failure) -> {
                if (failure != null) {
                    response.close();
                    throw Propagation.asUnchecked(Futures.unwrap(failure));
                }
                return response;
            });
        }

        private void afterFailure(Throwable failure, int attempt) {
            if (failure instanceof CancellationException) {
                fail(failure, attempt);
                return;
            }
            Duration delay = withinDeadline(rules.afterFailure(request, failure, attempt - 1));
            listener.retryDecision(request, attempt, delay);
            if (delay == null) {
                fail(failure, attempt);
            } else {
                waitThenAttempt(delay);
            }
        }

        private void afterResponse(Response response, int attempt) {
            if (!rules.isRetryableStatus(request, response)) {
                finish(response, attempt);
                return;
            }
            Duration delay = withinDeadline(rules.afterResponse(request, response, attempt - 1, Instant.now()));
            listener.retryDecision(request, attempt, delay);
            if (delay == null) {
                finish(response, attempt);
            } else {
                response.close();
                waitThenAttempt(delay);
            }
        }

        /**
         * {@code delay}, or null when waiting it would end past the retry deadline or the request's
         * total timeout (both counted from the call's start): the last outcome stands.
         */
        private Duration withinDeadline(Duration delay) {
            if (delay == null) {
                return null;
            }
            long nanos = Delays.nanos(delay);
            if (policy.deadline() != null && nanos >= nanosLeft()) {
                return null;
            }
            Timeout timeout = RequestTimeouts.of(request);
            return timeout != null && timeout.total() != null && nanos >= call.nanosLeft(timeout.total()) ? null : delay;
        }

        /** The time left until the deadline (negative once past); only with a deadline. */
        private long nanosLeft() {
            return call.nanosLeft(policy.deadline());
        }

        private void waitThenAttempt(Duration delay) {
            CompletableFuture<Void> wait = Delays.after(delay);
            call.track(wait);
            wait.handleAsync((v, cancelled) -> {
                if (cancelled != null) {
                    fail(Futures.unwrap(cancelled), attempts);
                } else if (!result.isDone()) {
                    call.checkNotCancelled();
                    attempt();
                }
                return null;
            }, continueOn).whenComplete((v, failure) -> {
                if (failure != null) {
                    // The executor refused the task, or the call was cancelled just before the attempt.
                    fail(Futures.unwrap(failure), attempts);
                }
            });
        }

        private void finish(Response response, int attempt) {
            Response answer = attempt > 1 ? response.toBuilder().attempts(attempt).build() : response;
            if (!result.complete(answer)) {
                answer.close();
            }
        }

        private void fail(Throwable failure, int attempt) {
            if (attempt > 1 && failure instanceof RequestException re && !result.isDone()) {
                ApiAccess.setAttempts(re, attempt);
            }
            result.completeExceptionally(failure);
        }

        /** The deadline passed: the attempt in flight is abandoned and the hop fails with a timeout. */
        private void expire() {
            if (result.isDone()) {
                return;
            }
            RequestTimeoutException late = new RequestTimeoutException(request.method() + " "
                    + request.url().withoutUserInfo() + " did not complete within the retry deadline of "
                    + policy.deadline().toMillis() + " ms (Retry.withDeadline); the last attempt was still running",
                    request);
            fail(late, attempts);
            call.abortInFlight();
            // The send may be over and the body still arriving: closing the response stops that read too.
            Response body = reading;
            if (body != null) {
                body.close();
            }
        }
    }
}
