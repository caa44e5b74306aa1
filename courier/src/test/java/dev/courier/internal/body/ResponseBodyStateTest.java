package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.ReadException;
import dev.courier.ResponseNotReadException;
import dev.courier.StreamClosedException;
import dev.courier.StreamConsumedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResponseBodyStateTest {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ManualSource threeChunks() {
        String[] parts = {"ab", "cde", "f"};
        return ManualSource.auto(parts.length, i -> text(parts[(int) i]));
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        return future.handle((v, e) -> e).join();
    }

    @Test
    void readAggregatesStoresAndIsIdempotent() {
        ManualSource source = threeChunks();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        assertThat(state.isRead()).isFalse();

        byte[] first = state.read().join();
        byte[] second = state.read().join();

        assertThat(first).isEqualTo("abcdef".getBytes(StandardCharsets.UTF_8));
        assertThat(second).isEqualTo(first);
        assertThat(state.content()).isEqualTo(first);
        assertThat(state.isRead()).isTrue();
        assertThat(state.isStreamConsumed()).isTrue();
        assertThat(state.bytesRead()).isEqualTo(6);
        assertThat(state.completion()).isCompleted();
        assertThat(source.subscribeCount()).isEqualTo(1);
    }

    @Test
    void contentBeforeReadThrowsResponseNotRead() {
        ResponseBodyState state = ResponseBodyState.streaming(ManualSource.manual());
        assertThatThrownBy(state::content).isInstanceOf(ResponseNotReadException.class)
                .hasMessage("Attempted to access streaming response content, without having called read()");
    }

    @Test
    void readBodyReplaysAnyNumberOfTimes() throws IOException {
        ResponseBodyState state = ResponseBodyState.streaming(threeChunks());
        state.read().join();
        for (int i = 0; i < 3; i++) {
            RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
            state.publisher().subscribe(s);
            assertThat(s.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
            assertThat(s.items()).allMatch(ByteBuffer::isReadOnly);
            try (InputStream in = state.inputStream()) {
                assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
            }
        }
    }

    @Test
    void streamingTwiceThrowsStreamConsumed() {
        ResponseBodyState state = ResponseBodyState.streaming(threeChunks());
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        state.publisher().subscribe(s);
        assertThat(s.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
        assertThat(state.isStreamConsumed()).isTrue();
        assertThat(state.isRead()).isFalse();

        assertThatThrownBy(state::publisher).isInstanceOf(StreamConsumedException.class)
                .hasMessageContaining("already streamed; call read() before streaming if you need it twice");
        assertThatThrownBy(state::inputStream).isInstanceOf(StreamConsumedException.class);
        assertThat(failure(state.read())).isInstanceOf(StreamConsumedException.class);
    }

    @Test
    void handedOutPublisherAcceptsOneSubscriber() {
        ManualSource source = threeChunks();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        Flow.Publisher<ByteBuffer> publisher = state.publisher();
        publisher.subscribe(new RecordingSubscriber(Long.MAX_VALUE));
        RecordingSubscriber second = new RecordingSubscriber(1);
        publisher.subscribe(second);
        assertThat(second.signals()).containsExactly("onSubscribe", "onError");
        assertThat(second.error()).isInstanceOf(StreamConsumedException.class);
        assertThat(source.subscribeCount()).isEqualTo(1);
    }

    @Test
    void closedBeforeReadRejectsEveryAccess() {
        ResponseBodyState state = ResponseBodyState.streaming(ManualSource.manual());
        state.close();
        assertThat(state.isClosed()).isTrue();
        assertThatThrownBy(state::publisher).isInstanceOf(StreamClosedException.class);
        assertThatThrownBy(state::inputStream).isInstanceOf(StreamClosedException.class);
        assertThat(failure(state.read())).isInstanceOf(StreamClosedException.class);
        assertThatThrownBy(state::content).isInstanceOf(ResponseNotReadException.class);
    }

    @Test
    void closeSubscribesAndCancelsAnUnsubscribedSourceOnce() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        CompletableFuture<Void> completion = state.completion();
        assertThat(completion).isNotDone();

        state.close();
        state.close();

        assertThat(source.subscribeCount()).isEqualTo(1);
        assertThat(source.isCancelled()).isTrue();
        assertThat(source.requested()).isZero();
        assertThat(completion).isCompleted();
    }

    @Test
    void closeCancelsAPublisherTakenButNeverSubscribed() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        Flow.Publisher<ByteBuffer> publisher = state.publisher();
        state.close();
        assertThat(source.isCancelled()).isTrue();

        RecordingSubscriber late = new RecordingSubscriber(1);
        publisher.subscribe(late);
        assertThat(late.signals()).containsExactly("onSubscribe", "onError");
        assertThat(late.error()).isInstanceOf(StreamClosedException.class);
    }

    @Test
    void closeKeepsTheContentOfAReadBody() {
        ResponseBodyState state = ResponseBodyState.streaming(threeChunks());
        state.read().join();
        state.close();
        assertThat(state.isClosed()).isTrue();
        assertThat(state.content()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
        assertThat(state.read().join()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        state.publisher().subscribe(s);
        assertThat(s.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("abcdef");
    }

    @Test
    void closeWhileStreamingCancelsTheSourceAndTellsTheConsumer() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        RecordingSubscriber s = new RecordingSubscriber(5);
        state.publisher().subscribe(s);
        source.emit(text("xy"));

        state.close();

        assertThat(source.isCancelled()).isTrue();
        assertThat(s.signals()).containsExactly("onSubscribe", "onNext", "onError");
        assertThat(s.error()).isInstanceOf(StreamClosedException.class);
        assertThat(state.completion()).isCompleted();
    }

    @Test
    void closeWhileReadingFailsTheRead() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        CompletableFuture<byte[]> read = state.read();
        source.emit(text("partial"));
        assertThat(read).isNotDone();

        state.close();

        assertThat(failure(read)).isInstanceOf(StreamClosedException.class);
        assertThat(source.isCancelled()).isTrue();
        assertThat(state.isRead()).isFalse();
    }

    @Test
    void sourceErrorFailsTheReadUnwrapped() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        CompletableFuture<byte[]> read = state.read();
        ReadException boom = new ReadException("connection reset", null);
        source.error(boom);
        assertThat(failure(read)).isSameAs(boom);
        assertThat(failure(state.read())).isSameAs(boom);
        assertThat(state.completion()).isCompleted();
    }

    @Test
    void publisherTakenDuringAReadReplaysWhenTheReadEnds() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        CompletableFuture<byte[]> read = state.read();
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        state.publisher().subscribe(s);
        assertThat(s.signals()).isEmpty();

        source.emit(text("done"));
        source.complete();

        assertThat(read.join()).asString(StandardCharsets.UTF_8).isEqualTo("done");
        assertThat(s.bytes()).asString(StandardCharsets.UTF_8).isEqualTo("done");
        assertThat(s.isCompleted()).isTrue();
    }

    @Test
    void bytesReadCountsWhatTheSourceDelivered() {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        RecordingSubscriber s = new RecordingSubscriber(10);
        state.publisher().subscribe(s);
        assertThat(state.bytesRead()).isZero();
        source.emit(text("abc"));
        assertThat(state.bytesRead()).isEqualTo(3);
        source.emit(text("defgh"));
        assertThat(state.bytesRead()).isEqualTo(8);
    }

    @Test
    void completionFiresOnEndErrorAndCancelButNotBefore() {
        ManualSource ended = ManualSource.manual();
        ResponseBodyState a = ResponseBodyState.streaming(ended);
        a.publisher().subscribe(new RecordingSubscriber(1));
        assertThat(a.completion()).isNotDone();
        ended.complete();
        assertThat(a.completion()).isCompleted();

        ManualSource failed = ManualSource.manual();
        ResponseBodyState b = ResponseBodyState.streaming(failed);
        b.publisher().subscribe(new RecordingSubscriber(1));
        failed.error(new IllegalStateException("x"));
        assertThat(b.completion()).isCompleted();

        ManualSource cancelled = ManualSource.manual();
        ResponseBodyState c = ResponseBodyState.streaming(cancelled);
        RecordingSubscriber s = new RecordingSubscriber(1);
        c.publisher().subscribe(s);
        s.cancel();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(c.completion()).isCompleted();
    }

    @Test
    void bufferedBodyIsAlreadyRead() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        ResponseBodyState state = ResponseBodyState.buffered(content);
        assertThat(state.isRead()).isTrue();
        assertThat(state.isStreamConsumed()).isTrue();
        assertThat(state.content()).isEqualTo(content);
        assertThat(state.read().join()).isEqualTo(content);
        assertThat(state.completion()).isCompleted();
        assertThat(state.bytesRead()).isEqualTo(5);
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        state.publisher().subscribe(s);
        assertThat(s.bytes()).isEqualTo(content);
    }

    @Test
    void readFutureIsPrivateToItsCaller() {
        ResponseBodyState state = ResponseBodyState.streaming(ManualSource.manual());
        state.read().cancel(true);
        assertThat(state.read()).isNotDone();
    }

    @Test
    void inputStreamKeepsABoundedNumberOfRequestsOutstanding() throws IOException {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        try (InputStream in = state.inputStream()) {
            assertThat(source.requested()).isEqualTo(SubscriberInputStream.PREFETCH);
            for (int i = 0; i < SubscriberInputStream.PREFETCH; i++) {
                source.emit(text("0123456789"));
            }
            assertThat(source.requested()).isEqualTo(SubscriberInputStream.PREFETCH);

            byte[] chunk = new byte[10];
            assertThat(in.read(chunk)).isEqualTo(10);
            assertThat(source.requested()).isEqualTo(SubscriberInputStream.PREFETCH + 1);
            assertThat(source.requested() - source.delivered()).isLessThanOrEqualTo(SubscriberInputStream.PREFETCH);
        }
    }

    @Test
    void inputStreamReadsALargeBodyWithBoundedDemand() throws IOException {
        ManualSource source = ManualSource.auto(1_000, i -> ByteBuffer.wrap(new byte[100]));
        ResponseBodyState state = ResponseBodyState.streaming(source);
        try (InputStream in = state.inputStream()) {
            assertThat(in.readAllBytes()).hasSize(100_000);
        }
        assertThat(source.maxOutstanding()).isLessThanOrEqualTo(SubscriberInputStream.PREFETCH);
        assertThat(state.bytesRead()).isEqualTo(100_000);
        assertThat(state.completion()).isCompleted();
    }

    @Test
    void inputStreamSurfacesSourceErrorsAsIoExceptionsWithTheOriginalCause() throws IOException {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        InputStream in = state.inputStream();
        source.emit(text("ok"));
        ReadException boom = new ReadException("connection reset", null);
        source.error(boom);

        assertThat(in.readNBytes(2)).asString(StandardCharsets.UTF_8).isEqualTo("ok");
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(boom);

        ManualSource ioSource = ManualSource.manual();
        InputStream in2 = ResponseBodyState.streaming(ioSource).inputStream();
        IOException io = new IOException("io");
        ioSource.error(io);
        assertThatThrownBy(in2::read).isInstanceOf(IOException.class).hasCause(io);
    }

    @Test
    void inputStreamCloseCancelsTheSource() throws IOException {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        InputStream in = state.inputStream();
        source.emit(text("abc"));
        assertThat(in.read()).isEqualTo('a');
        in.close();
        assertThat(source.isCancelled()).isTrue();
        assertThat(state.completion()).isCompleted();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    }

    @Test
    void closingTheResponseUnblocksAReaderOnAnotherThread() throws Exception {
        ManualSource source = ManualSource.manual();
        ResponseBodyState state = ResponseBodyState.streaming(source);
        InputStream in = state.inputStream();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<Throwable> outcome = reader.submit(() -> {
                try {
                    in.read();
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            state.close();
            // The bound only keeps a broken build from hanging; the outcome does not depend on timing.
            Throwable thrown = outcome.get(30, TimeUnit.SECONDS);
            assertThat(thrown).isInstanceOf(IOException.class).hasCauseInstanceOf(StreamClosedException.class);
        } finally {
            reader.shutdownNow();
        }
    }
}
