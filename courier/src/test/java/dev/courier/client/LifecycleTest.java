package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.EventListener;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import dev.courier.transport.MockTransport;
import dev.courier.transport.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void everyVerbIncludingTrace() {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport).baseUrl("https://a.test").build()) {
            c.get("/").join();
            c.post("/").join();
            c.put("/").join();
            c.patch("/").join();
            c.delete("/").join();
            c.head("/").join();
            c.options("/").join();
            c.trace("/").join();
            c.request("PROPFIND", "/").join();
            c.get("/", o -> {}).join();
            assertThat(transport.requests()).extracting(Request::method).containsExactly(
                    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "GET");
        }
    }

    @Test
    void aClosedClientRefusesWorkAndClosesItsTransportsOnce() {
        RecordingTransport main = RecordingTransport.ok();
        RecordingTransport mounted = RecordingTransport.ok();
        AsyncClient c = AsyncClient.builder().transport(main).mount("https://", mounted).mount("http://x.test", main).build();
        assertThat(c.isClosed()).isFalse();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(main.isClosed()).isTrue();
        assertThat(mounted.isClosed()).isTrue();
        assertThatThrownBy(() -> c.get("https://a.test/").join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(main.requests()).isEmpty();
        assertThat(c.closeAsync()).isCompleted();
    }

    @Test
    void aWrappingTransportIsMiddleware() {
        final class CountingTransport implements Transport {
            private final Transport next;
            final AtomicInteger count = new AtomicInteger();

            CountingTransport(Transport next) {
                this.next = next;
            }

            @Override
            public CompletableFuture<Response> send(Request request) {
                count.incrementAndGet();
                return next.send(request.withHeader("X-Via", "counter"))
                        .thenApply(r -> r.toBuilder().header("X-Counted", "yes").build());
            }

            @Override
            public void close() {
                next.close();
            }
        }
        RecordingTransport inner = RecordingTransport.ok();
        CountingTransport counting = new CountingTransport(inner);
        try (AsyncClient c = AsyncClient.builder().transport(counting).build()) {
            Response r = c.get("https://a.test/").join();
            assertThat(r.headers().get("X-Counted")).isEqualTo("yes");
            assertThat(inner.last().headers().get("X-Via")).isEqualTo("counter");
            assertThat(counting.count).hasValue(1);
        }
        assertThat(inner.isClosed()).isTrue();
    }

    @Test
    void transportFailuresReachTheCallerAsThemselves() {
        IllegalStateException boom = new IllegalStateException("boom");
        try (AsyncClient c = AsyncClient.builder().transport(MockTransport.of(r -> {
            throw boom;
        })).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join()).isInstanceOf(CompletionException.class)
                    .cause().isSameAs(boom);
        }
        try (AsyncClient c = AsyncClient.builder().transport(r -> null).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join()).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void cancellingTheCallCancelsTheSendAndClosesALateResponse() {
        CompletableFuture<Response> pending = new CompletableFuture<>();
        ChunkPublisher body = ChunkPublisher.of("late");
        List<String> events = new CopyOnWriteArrayList<>();
        try (AsyncClient c = AsyncClient.builder()
                .transport(MockTransport.ofAsync(r -> pending))
                .eventListener(new EventListener() {
                    @Override
                    public void canceled(Request request) {
                        events.add("canceled");
                    }
                })
                .build()) {
            CompletableFuture<Response> call = c.get("https://a.test/");
            assertThat(call.cancel(true)).isTrue();
            pending.complete(Response.builder().body(body).build());
            assertThat(body.isCancelled()).isTrue();
            assertThat(events).containsExactly("canceled");
        }
    }

    @Test
    void eventListenerSeesPairedEventsAndCannotBreakTheCall() {
        List<String> events = new CopyOnWriteArrayList<>();
        EventListener recorder = new EventListener() {
            @Override public void callStart(Request r) { events.add("callStart"); }
            @Override public void sendStart(Request r) { events.add("sendStart " + r.url().path()); }
            @Override public void sendEnd(Request r, Response s) { events.add("sendEnd " + s.statusCode()); }
            @Override public void followUpDecision(Response s, Request next) {
                events.add("followUp " + (next == null ? "none" : next.url().path()));
            }
            @Override public void responseBodyEnd(Request r, long bytes) { events.add("bodyEnd " + bytes); }
            @Override public void callEnd(Request r, Response s) { events.add("callEnd"); }
            @Override public void callFailed(Request r, Throwable t) { events.add("callFailed"); }
        };
        EventListener broken = new EventListener() {
            @Override public void callStart(Request r) { throw new IllegalStateException("listener bug"); }
        };
        Transport transport = MockTransport.of(r -> r.url().path().equals("/old")
                ? Response.builder().status(302).header("Location", "/new").build()
                : Response.builder().content("ok").build());
        try (AsyncClient c = AsyncClient.builder().transport(transport).followRedirects(true)
                .eventListener(broken).eventListener(recorder).build()) {
            c.get("https://a.test/old").join();
        }
        assertThat(events).containsExactly("callStart", "sendStart /old", "sendEnd 302", "followUp /new",
                "sendStart /new", "sendEnd 200", "bodyEnd 2", "callEnd");
    }

    @Test
    void withAnExecutorFuturesCompleteOnIt() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "courier-test-executor"));
        CompletableFuture<Response> pending = new CompletableFuture<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        try (AsyncClient c = AsyncClient.builder().executor(executor)
                .transport(r -> pending)
                .onResponse(r -> threads.add(Thread.currentThread().getName()))
                .build()) {
            // Attach before the transport answers, so the callback runs where the future completes.
            CompletableFuture<String> completedOn = c.get("https://a.test/").thenApply(r -> Thread.currentThread().getName());
            pending.complete(Response.builder().content("x").build());
            assertThat(completedOn.get(10, TimeUnit.SECONDS)).isEqualTo("courier-test-executor");
            assertThat(threads).containsExactly("courier-test-executor");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void sendAndBuildRequest() {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport).header("X-Default", "1").build()) {
            Request built = c.buildRequest("POST", "https://a.test/x", o -> o.content("body"));
            Response r = c.send(built).join();
            assertThat(transport.last().headers().get("X-Default")).isEqualTo("1");
            assertThat(r.request().url()).isEqualTo(built.url());
            assertThat(c.buildRequest("GET", "https://a.test/").method()).isEqualTo("GET");
        }
    }
}
