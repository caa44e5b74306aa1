package dev.courier.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.TooManyRedirectsException;
import dev.courier.internal.body.ManualSource;
import dev.courier.support.ChunkPublisher;
import dev.courier.transport.MockTransport;
import dev.courier.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client with no auth, retries, hooks or executor runs its calls as a {@link DirectCall}; with a
 * hook that changes nothing it runs them through the stages. Both must behave alike: the same
 * outcome, the same exception, the same listener events in the same order.
 */
class DirectCallTest {
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void followsRedirectsWithHistoryAndCookies(boolean direct) {
        List<Request> seen = new CopyOnWriteArrayList<>();
        Transport transport = MockTransport.of(r -> {
            seen.add(r);
            return r.url().path().equals("/a")
                    ? Response.builder().status(302).header("Location", "/b").header("Set-Cookie", "sid=1")
                            .content("moved").build()
                    : Response.builder().content("done").build();
        });
        Outcome o = run(direct, transport, b -> b.followRedirects(true), c -> c.get("https://x.test/a"));
        assertThat(o.response.text()).isEqualTo("done");
        assertThat(o.response.url().path()).isEqualTo("/b");
        assertThat(o.response.history()).hasSize(1);
        assertThat(o.response.history().get(0).statusCode()).isEqualTo(302);
        assertThat(o.response.history().get(0).isClosed()).isTrue();
        assertThat(seen.get(1).headers().get("Cookie")).isEqualTo("sid=1");
        assertThat(o.response.elapsed()).isPositive();
        assertThat(o.events).containsExactly("callStart /a", "sendStart /a", "sendEnd /a 302",
                "followUpDecision 302 -> /b", "sendStart /b", "sendEnd /b 200", "responseBodyEnd /b 4",
                "callEnd /b 200");
        assertThat(o.events).isEqualTo(run(!direct, transport, b -> b.followRedirects(true),
                c -> c.get("https://x.test/a")).events);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRedirectNotFollowedNamesTheNextRequest(boolean direct) {
        Transport transport = MockTransport.of(r -> Response.builder().status(307).header("Location", "/b")
                .content("moved").build());
        Outcome o = run(direct, transport, b -> {}, c -> c.get("https://x.test/a"));
        assertThat(o.response.statusCode()).isEqualTo(307);
        assertThat(o.response.nextRequest().url().path()).isEqualTo("/b");
        assertThat(o.response.text()).isEqualTo("moved");
        assertThat(o.events).containsExactly("callStart /a", "sendStart /a", "sendEnd /a 307",
                "followUpDecision 307 -> null", "responseBodyEnd /a 5", "callEnd /a 307");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void tooManyRedirectsFailsWithTheHistory(boolean direct) {
        Transport transport = MockTransport.of(r -> Response.builder().status(302)
                .header("Location", "/n" + r.url().path().length()).build());
        Outcome o = run(direct, transport, b -> b.followRedirects(true).maxRedirects(2), c -> c.get("https://x.test/a"));
        assertThat(o.failure).isInstanceOf(TooManyRedirectsException.class)
                .hasMessage("Exceeded the maximum of 2 redirects; the last pointed to https://x.test/n3");
        assertThat(((TooManyRedirectsException) o.failure).history()).hasSize(3).allMatch(Response::isClosed);
        assertThat(o.events).endsWith("callFailed TooManyRedirectsException");
        assertThat(o.events).isEqualTo(run(!direct, transport, b -> b.followRedirects(true).maxRedirects(2),
                c -> c.get("https://x.test/a")).events);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anUnusableRedirectClosesTheResponseAndFails(boolean direct) {
        List<Response> answered = new CopyOnWriteArrayList<>();
        Transport transport = MockTransport.of(r -> {
            Response redirect = Response.builder().status(302).header("Location", "ftp://x.test/").build();
            answered.add(redirect);
            return redirect;
        });
        Outcome o = run(direct, transport, b -> b.followRedirects(true), c -> c.get("https://x.test/a"));
        assertThat(o.failure).isInstanceOf(dev.courier.UnsupportedProtocolException.class)
                .hasMessageContaining("unsupported scheme 'ftp'");
        assertThat(answered).allMatch(Response::isClosed);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void transportFailuresReachTheCallerUnwrapped(boolean direct) {
        IllegalStateException boom = new IllegalStateException("boom");
        Outcome failed = run(direct, r -> CompletableFuture.failedFuture(new CompletionException(boom)), b -> {},
                c -> c.get("https://x.test/a"));
        assertThat(failed.failure).isSameAs(boom);
        assertThat(failed.events).containsExactly("callStart /a", "sendStart /a", "sendFailed /a IllegalStateException",
                "callFailed IllegalStateException");

        Outcome thrown = run(direct, r -> {
            throw boom;
        }, b -> {}, c -> c.get("https://x.test/a"));
        assertThat(thrown.failure).isSameAs(boom);
        assertThat(thrown.events).isEqualTo(failed.events);

        Outcome nothing = run(direct, r -> null, b -> {}, c -> c.get("https://x.test/a"));
        assertThat(nothing.failure).isInstanceOf(IllegalStateException.class)
                .hasMessage("Transport.send returned null");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aBodyThatFailsClosesTheResponseAndFailsTheCall(boolean direct) {
        IllegalStateException broken = new IllegalStateException("broken body");
        List<Response> answered = new CopyOnWriteArrayList<>();
        Transport transport = MockTransport.of(r -> {
            Response response = Response.builder().body(new ChunkPublisher(broken, "par", "tial")).build();
            answered.add(response);
            return response;
        });
        Outcome o = run(direct, transport, b -> {}, c -> c.get("https://x.test/a"));
        assertThat(o.failure).isSameAs(broken);
        assertThat(answered).allMatch(Response::isClosed);
        assertThat(o.events).containsExactly("callStart /a", "sendStart /a", "sendEnd /a 200",
                "callFailed IllegalStateException");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStreamedCallLeavesTheBodyUnread(boolean direct) {
        ChunkPublisher body = ChunkPublisher.of("a", "b");
        Outcome o = run(direct, MockTransport.of(r -> Response.builder().body(body).build()), b -> {},
                c -> c.stream("GET", "https://x.test/a"));
        assertThat(o.response.isRead()).isFalse();
        assertThat(body.isSubscribed()).isFalse();
        assertThat(o.response.read().join()).asString().isEqualTo("ab");
        assertThat(o.events).containsExactly("callStart /a", "sendStart /a", "sendEnd /a 200", "callEnd /a 200");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void cancellingTheCallCancelsTheSendAndClosesALateResponse(boolean direct) {
        CompletableFuture<Response> sending = new CompletableFuture<>();
        List<String> events = new CopyOnWriteArrayList<>();
        try (AsyncClient client = client(direct, r -> sending, b -> {}, events)) {
            CompletableFuture<Response> call = client.get("https://x.test/a");
            assertThat(call.cancel(true)).isTrue();
            assertThat(sending).isCancelled();
            assertThat(events).containsExactly("callStart /a", "sendStart /a", "sendFailed /a CancellationException",
                    "canceled /a");
        }

        // Cancelled while the body is read: the response that arrives after is closed, never handed out.
        ManualSource body = ManualSource.manual();
        List<String> later = new CopyOnWriteArrayList<>();
        List<Response> answered = new CopyOnWriteArrayList<>();
        try (AsyncClient client = client(direct, MockTransport.of(r -> {
            Response response = Response.builder().body(body).build();
            answered.add(response);
            return response;
        }), b -> {}, later)) {
            CompletableFuture<Response> call = client.get("https://x.test/a");
            assertThat(body.subscribeCount()).isEqualTo(1);
            call.cancel(true);
            body.emit(ByteBuffer.wrap("late".getBytes(StandardCharsets.UTF_8)));
            body.complete();
            assertThat(answered).hasSize(1).allMatch(Response::isClosed);
            assertThat(later).containsExactly("callStart /a", "sendStart /a", "sendEnd /a 200", "canceled /a",
                    "responseBodyEnd /a 4");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aResponseReadTwiceKeepsItsBytesAndStreamsFromMemory(boolean direct) {
        Outcome o = run(direct, MockTransport.of(r -> Response.builder().body(ChunkPublisher.of("he", "llo")).build()),
                b -> {}, c -> c.get("https://x.test/a"));
        assertThat(o.response.read().join()).asString().isEqualTo("hello");
        assertThat(o.response.bytesRead()).isEqualTo(5);
        o.response.close();
        assertThat(o.response.text()).isEqualTo("hello");
        assertThat(o.response.read().join()).asString().isEqualTo("hello");
        assertThat(o.response.elapsed()).isLessThan(Duration.ofMinutes(1));
    }

    private record Outcome(Response response, Throwable failure, List<String> events) {}

    private static Outcome run(boolean direct, Transport transport, Consumer<AsyncClient.Builder> settings,
            Function<AsyncClient, CompletableFuture<Response>> call) {
        List<String> events = new CopyOnWriteArrayList<>();
        try (AsyncClient client = client(direct, transport, settings, events)) {
            try {
                return new Outcome(call.apply(client).join(), null, events);
            } catch (CompletionException e) {
                return new Outcome(null, e.getCause(), events);
            }
        }
    }

    private static AsyncClient client(boolean direct, Transport transport, Consumer<AsyncClient.Builder> settings,
            List<String> events) {
        AsyncClient.Builder builder = AsyncClient.builder().transport(transport).eventListener(new EventListener() {
            @Override
            public void callStart(Request request) {
                events.add("callStart " + request.url().path());
            }

            @Override
            public void callEnd(Request request, Response response) {
                events.add("callEnd " + response.url().path() + " " + response.statusCode());
            }

            @Override
            public void callFailed(Request request, Throwable failure) {
                events.add("callFailed " + failure.getClass().getSimpleName());
            }

            @Override
            public void canceled(Request request) {
                events.add("canceled " + request.url().path());
            }

            @Override
            public void sendStart(Request request) {
                events.add("sendStart " + request.url().path());
                // Both runs must take the path they are named for, or the comparison proves nothing.
                boolean onDirectPath = StackWalker.getInstance().walk(frames -> frames.anyMatch(
                        f -> f.getClassName().equals(DirectCall.class.getName())));
                if (onDirectPath != direct) {
                    events.add("wrong path: direct=" + onDirectPath);
                }
            }

            @Override
            public void sendEnd(Request request, Response response) {
                events.add("sendEnd " + request.url().path() + " " + response.statusCode());
            }

            @Override
            public void sendFailed(Request request, Throwable failure) {
                events.add("sendFailed " + request.url().path() + " " + failure.getClass().getSimpleName());
            }

            @Override
            public void followUpDecision(Response response, Request nextRequest) {
                events.add("followUpDecision " + response.statusCode() + " -> "
                        + (nextRequest == null ? null : nextRequest.url().path()));
            }

            @Override
            public void responseBodyEnd(Request request, long bytes) {
                events.add("responseBodyEnd " + request.url().path() + " " + bytes);
            }
        });
        if (!direct) {
            // A hook that changes nothing: the call goes through the stages.
            builder.onRequest(r -> r);
        }
        settings.accept(builder);
        return builder.build();
    }
}
