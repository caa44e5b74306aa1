package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.ResponseNotReadException;
import dev.courier.StreamClosedException;
import dev.courier.StreamConsumedException;
import dev.courier.support.ChunkPublisher;
import dev.courier.transport.MockTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** httpx's streaming access rules, through the client's stream() calls. */
class StreamingTest {
    private static AsyncClient clientServing(Supplier<ChunkPublisher> body) {
        return AsyncClient.builder()
                .transport(MockTransport.of(r -> Response.builder().header("Content-Type", "text/plain").body(body.get()).build()))
                .build();
    }

    @Test
    void nonStreamingCallsArriveRead() {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("he", "llo"))) {
            Response r = c.get("https://a.test/").join();
            assertThat(r.isRead()).isTrue();
            assertThat(r.text()).isEqualTo("hello");
            assertThat(r.bytesRead()).isEqualTo(5);
            assertThat(r.elapsed()).isPositive();
        }
    }

    @Test
    void bufferedAccessorsOnAnUnreadStreamThrowResponseNotRead() {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("x"));
             Response r = c.stream("GET", "https://a.test/").join()) {
            assertThat(r.isRead()).isFalse();
            assertThatThrownBy(r::content).isInstanceOf(ResponseNotReadException.class);
            assertThatThrownBy(r::text).isInstanceOf(ResponseNotReadException.class);
            assertThatThrownBy(r::json).isInstanceOf(ResponseNotReadException.class);
            assertThat(r.read().join()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
            assertThat(r.text()).isEqualTo("x");
            assertThat(r.read().join()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void streamingTwiceThrowsStreamConsumed() throws IOException {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("a", "b"));
             Response r = c.stream("GET", "https://a.test/").join()) {
            try (InputStream in = r.bodyStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ab");
            }
            assertThat(r.isStreamConsumed()).isTrue();
            assertThatThrownBy(r::bodyStream).isInstanceOf(StreamConsumedException.class);
            assertThatThrownBy(r::body).isInstanceOf(StreamConsumedException.class);
            assertThatThrownBy(() -> r.read().join()).hasCauseInstanceOf(StreamConsumedException.class);
        }
    }

    @Test
    void readingAfterCloseThrowsStreamClosedAndCloseAbandonsTheSource() {
        ChunkPublisher source = ChunkPublisher.of("never read");
        try (AsyncClient c = clientServing(() -> source)) {
            Response r = c.stream("GET", "https://a.test/").join();
            r.close();
            r.close();
            assertThat(r.isClosed()).isTrue();
            assertThat(source.isCancelled()).isTrue();
            assertThatThrownBy(r::bodyStream).isInstanceOf(StreamClosedException.class);
            assertThatThrownBy(() -> r.read().join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(StreamClosedException.class);
        }
    }

    @Test
    void aReadBodyCanBeStreamedAgainFromMemoryAndSurvivesClose() throws IOException {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("abc"))) {
            Response r = c.get("https://a.test/").join();
            r.close();
            assertThat(r.text()).isEqualTo("abc");
            try (InputStream in = r.bodyStream()) {
                assertThat(in.readAllBytes()).hasSize(3);
            }
        }
    }

    @Test
    void publisherAndLines() {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("one\ntw", "o\nthree"))) {
            try (Response r = c.stream("GET", "https://a.test/").join();
                 Stream<String> lines = r.lines()) {
                assertThat(lines).containsExactly("one", "two", "three");
            }
            try (Response r = c.stream("GET", "https://a.test/").join()) {
                StringBuilder got = new StringBuilder();
                r.body().subscribe(new Flow.Subscriber<>() {
                    @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
                    @Override public void onNext(ByteBuffer b) { got.append(StandardCharsets.UTF_8.decode(b)); }
                    @Override public void onError(Throwable t) { got.append("error"); }
                    @Override public void onComplete() { got.append("|done"); }
                });
                assertThat(got).hasToString("one\ntwo\nthree|done");
            }
        }
    }

    @Test
    void consumeTakesAnyTransportsBodyReadOnly() {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("he", "llo"))) {
            Response r = c.stream("GET", "https://a.test/").join();
            StringBuilder got = new StringBuilder();
            long n = r.consume(chunk -> {
                assertThat(chunk.isReadOnly()).isTrue();
                got.append(StandardCharsets.UTF_8.decode(chunk)).append('|');
            }).join();
            assertThat(got).hasToString("he|llo|");
            assertThat(n).isEqualTo(5);
            assertThat(r.isClosed()).isTrue();
        }
    }

    @Test
    void aBodyFailureFailsANonStreamingCall() {
        IllegalStateException cut = new IllegalStateException("connection cut");
        try (AsyncClient c = AsyncClient.builder()
                .transport(MockTransport.of(r -> Response.builder().body(new ChunkPublisher(cut, "partial")).build()))
                .build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join()).isInstanceOf(CompletionException.class)
                    .cause().isSameAs(cut);
        }
    }

    @Test
    void streamedResponsesKeepHeadersAndStatus() {
        try (AsyncClient c = clientServing(() -> ChunkPublisher.of("x"));
             Response r = c.stream("GET", "https://a.test/").join()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().get("content-type")).isEqualTo("text/plain");
            assertThat(List.of(r.url().toString())).containsExactly("https://a.test/");
        }
    }
}
