package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.courier.Client;
import dev.courier.HttpStatusException;
import dev.courier.InvalidUrlException;
import dev.courier.Response;
import dev.courier.internal.IoThreads;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import dev.courier.transport.MockTransport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BlockingClientTest {
    @Test
    void returnsResponsesAndThrowsFailuresUnwrapped() throws Exception {
        RecordingTransport t = new RecordingTransport(r -> Response.builder()
                .status(r.url().path().equals("/missing") ? 404 : 200).content("hi").build());
        try (Client c = Client.builder().baseUrl("https://a.test").transport(t).header("X", "1").build()) {
            assertThat(c.get("/").text()).isEqualTo("hi");
            assertThat(c.trace("/").request().method()).isEqualTo("TRACE");
            assertThat(t.last().headers().get("X")).isEqualTo("1");
            assertThatThrownBy(() -> c.get("/missing").raiseForStatus()).isInstanceOf(HttpStatusException.class);
            assertThatThrownBy(() -> c.get("http://exa mple.com/")).isInstanceOf(InvalidUrlException.class);
            try (Response s = c.stream("GET", "/"); InputStream in = s.bodyStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
            }
        }
    }

    @Test
    void streamingWithABlockingInputStream() throws Exception {
        try (Client c = Client.builder()
                .transport(MockTransport.of(r -> Response.builder().body(ChunkPublisher.of("a", "b", "c")).build()))
                .build();
             Response r = c.stream("GET", "https://a.test/");
             InputStream in = r.bodyStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        }
    }

    @Test
    void refusesToBlockAnIoThread() throws Exception {
        ExecutorService io = Executors.newSingleThreadExecutor();
        try (Client c = Client.builder().transport(RecordingTransport.ok()).build()) {
            Future<Throwable> outcome = io.submit(() -> {
                IoThreads.markCurrentThread();
                try {
                    c.get("https://a.test/");
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertThat(outcome.get(10, TimeUnit.SECONDS)).hasMessageContaining("I/O thread");
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void anInterruptCancelsTheRequest() throws Exception {
        CompletableFuture<Response> never = new CompletableFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (Client c = Client.builder().transport(r -> never).build()) {
            Thread caller = new Thread(() -> {
                try {
                    c.get("https://a.test/");
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            caller.start();
            // The request is in flight once the transport has it; interrupting then must cancel it.
            for (int i = 0; i < 1000 && caller.getState() != Thread.State.WAITING; i++) {
                Thread.sleep(5);
            }
            caller.interrupt();
            caller.join(10_000);
            assertThat(thrown.get()).isInstanceOf(CancellationException.class);
            assertThat(never).isCancelled();
        }
    }

    /** On a JVM with virtual threads (21+), many blocking calls park their virtual threads and all finish. */
    @Test
    void virtualThreadsCanShareOneClient() throws Exception {
        ExecutorService virtual;
        try {
            virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "this JVM has no virtual threads; the jdk25 build profile runs this test on one");
            return;
        }
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (Client c = Client.builder().transport(MockTransport.ofAsync(r -> {
            CompletableFuture<Response> f = new CompletableFuture<>();
            later.schedule(() -> f.complete(Response.builder().content(r.url().path()).build()), 1, TimeUnit.MILLISECONDS);
            return f;
        })).build()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String path = "/" + i;
                results.add(virtual.submit(() -> c.get("https://a.test" + path).text()));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("/" + i);
            }
        } finally {
            virtual.shutdownNow();
            later.shutdownNow();
        }
    }
}
