package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HooksTest {
    @Test
    void requestHooksMayChangeTheRequestInOrder() {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(transport)
                .onRequest(r -> r.withHeader("X-Step", "1"))
                .onRequestAsync(r -> CompletableFuture.supplyAsync(() -> r.withHeader("X-Step", r.headers().get("X-Step") + "2")))
                .onRequest(r -> null)
                .build()) {
            c.get("https://a.test/").join();
            assertThat(transport.last().headers().get("X-Step")).isEqualTo("12");
        }
    }

    @Test
    void responseHooksSeeTheResponseBeforeItsBodyIsRead() {
        ChunkPublisher body = ChunkPublisher.of("hello");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (AsyncClient c = AsyncClient.builder()
                .transport(r -> CompletableFuture.completedFuture(Response.builder().body(body).build()))
                .onResponse(r -> seen.add("sync read=" + r.isRead() + " status=" + r.statusCode()))
                .onResponseAsync(r -> CompletableFuture.runAsync(() -> seen.add("async")))
                .build()) {
            Response r = c.get("https://a.test/").join();
            assertThat(seen).containsExactly("sync read=false status=200", "async");
            assertThat(r.text()).isEqualTo("hello");
        }
    }

    @Test
    void aFailingResponseHookFailsTheCallAndClosesTheResponse() {
        ChunkPublisher body = ChunkPublisher.of("unread");
        try (AsyncClient c = AsyncClient.builder()
                .transport(r -> CompletableFuture.completedFuture(Response.builder().body(body).build()))
                .onResponse(r -> r.raiseForStatus())
                .onResponse(r -> {
                    throw new IllegalStateException("hook says no");
                })
                .build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join())
                    .isInstanceOf(CompletionException.class).hasRootCauseMessage("hook says no");
            assertThat(body.isCancelled()).isTrue();
        }
    }

    @Test
    void raiseForStatusAsAResponseHook() {
        try (AsyncClient c = AsyncClient.builder()
                .transport(r -> CompletableFuture.completedFuture(Response.builder().status(500).build()))
                .onResponse(Response::raiseForStatus)
                .build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join())
                    .hasCauseInstanceOf(dev.courier.HttpStatusException.class);
        }
    }
}
