package dev.courier.internal.body;

import dev.courier.Response;
import dev.courier.ResponseNotReadException;
import dev.courier.StreamClosedException;
import dev.courier.StreamConsumedException;
import dev.courier.internal.exchange.ResponseBodyPublisher;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thread-safe holder of one response body, implementing httpx's rules for reading and streaming it.
 *
 * <p>A body is either streamed once ({@link #publisher()}, {@link #inputStream()}) or read into memory
 * ({@link #read()}), after which it can be replayed any number of times. Streaming twice fails with
 * {@link StreamConsumedException}, using a closed unread body with {@link StreamClosedException}, and asking for
 * {@link #content()} before reading with {@link ResponseNotReadException}. {@link #isClosed()} reflects calls to
 * {@link #close()} only; reaching the end of the body fires {@link #completion()} instead.
 */
public final class ResponseBodyState {
    private static final String CONSUMED = "Attempted to read or stream the response content, but the response "
            + "body was already streamed; call read() before streaming if you need it twice";
    private static final String CLOSED = "Attempted to read or stream the response content, but the response was "
            + "closed before its body was read";
    private static final String NOT_READ =
            "Attempted to access streaming response content, without having called read()";

    /**
     * How much of a server's declared length {@link #read()} allocates before the bytes arrive: a server could
     * declare gigabytes and send nothing. Beyond it the buffer doubles, up to the declared length.
     */
    private static final long DECLARED_PRESIZE_LIMIT = 64 * 1024;

    private final Object lock = new Object();
    private final AtomicLong bytesRead = new AtomicLong();
    private final Completion completion = new Completion();
    private volatile byte[] content;
    // Guarded by lock. The source stays here until someone subscribes to it (not merely until it is handed out),
    // so that close() can still subscribe-and-cancel a source whose publisher was taken but never subscribed.
    private Flow.Publisher<ByteBuffer> source;
    private TrackingSubscriber active;
    private CompletableFuture<byte[]> readResult;
    private boolean streamConsumed;
    private boolean closed;

    /** Where {@link #read(ReadCallback)} hands the body, or the failure, unwrapped. */
    public interface ReadCallback {
        /** The body ({@code failure} null), or the failure ({@code content} null). */
        void bodyRead(byte[] content, Throwable failure);
    }

    private ResponseBodyState(Flow.Publisher<ByteBuffer> source, byte[] content) {
        this.source = source;
        if (content != null) {
            this.content = content;
            this.readResult = CompletableFuture.completedFuture(content);
            this.streamConsumed = true;
            this.bytesRead.set(content.length);
            this.completion.complete(null);
        }
    }

    /** An unread body over {@code source}, a single-subscription network stream. */
    public static ResponseBodyState streaming(Flow.Publisher<ByteBuffer> source) {
        return new ResponseBodyState(Objects.requireNonNull(source, "source"), null);
    }

    /** A body already read into {@code content}, which is kept, not copied. */
    public static ResponseBodyState buffered(byte[] content) {
        return new ResponseBodyState(null, Objects.requireNonNull(content, "content"));
    }

    /**
     * The body as a publisher: a replay of the stored bytes once read, otherwise the source itself, once.
     *
     * @throws StreamConsumedException when the unread body was already streamed
     * @throws StreamClosedException when the body was closed before it was read
     */
    public Flow.Publisher<ByteBuffer> publisher() {
        synchronized (lock) {
            if (readResult != null) {
                return replayAfter(readResult);
            }
            if (streamConsumed) {
                throw new StreamConsumedException(CONSUMED);
            }
            if (closed) {
                throw new StreamClosedException(CLOSED);
            }
            streamConsumed = true;
        }
        return this::subscribeSource;
    }

    /** The body as a blocking stream with bounded read-ahead; same rules as {@link #publisher()}. */
    public InputStream inputStream() {
        SubscriberInputStream in = new SubscriberInputStream();
        publisher().subscribe(in);
        return in;
    }

    /**
     * Streams the body to {@code consumer}, lending it each chunk (see {@code Response.consume}), then closes the
     * body. A read body is replayed from memory in read-only chunks. Same rules as {@link #publisher()}, except
     * that a refusal fails the returned future instead of throwing.
     */
    public CompletableFuture<Long> consume(Response.ChunkConsumer consumer) {
        Objects.requireNonNull(consumer, "consumer");
        Flow.Publisher<ByteBuffer> source;
        try {
            source = publisher();
        } catch (StreamConsumedException | StreamClosedException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Long> result = new CompletableFuture<>();
        source.subscribe(new ChunkConsumingSubscriber(consumer, this, result));
        return result;
    }

    /**
     * Reads the whole body and keeps it; later calls complete with the same bytes.
     *
     * <p>Fails with {@link StreamConsumedException} after a streaming read, {@link StreamClosedException} after
     * {@link #close()}, or the source's own error, unwrapped.
     */
    public CompletableFuture<byte[]> read() {
        CompletableFuture<byte[]> shared;
        try {
            shared = startRead(null);
        } catch (StreamConsumedException | StreamClosedException e) {
            return CompletableFuture.failedFuture(e);
        }
        return view(shared);
    }

    /**
     * {@link #read()} for the client's own pipeline: {@code then} receives the bytes, or the failure unwrapped,
     * on the thread that would complete read()'s future, sparing the future each caller of read() gets.
     */
    public void read(ReadCallback then) {
        CompletableFuture<byte[]> shared;
        try {
            shared = startRead(then);
        } catch (StreamConsumedException | StreamClosedException e) {
            then.bodyRead(null, e);
            return;
        }
        if (shared == null) {
            return; // the read this call started hands its outcome to then
        }
        if (shared.isDone() && !shared.isCompletedExceptionally()) {
            then.bodyRead(shared.join(), null);
        } else {
            shared.whenComplete((bytes, error) -> then.bodyRead(bytes, error == null ? null : unwrap(error)));
        }
    }

    /**
     * Starts reading the source, or finds the read already started: returns that read's shared future, or null
     * when this call started the read (which then hands its outcome to {@code then}, if any).
     */
    private CompletableFuture<byte[]> startRead(ReadCallback then) {
        Reader reader;
        synchronized (lock) {
            if (readResult != null) {
                return readResult;
            }
            if (streamConsumed) {
                throw new StreamConsumedException(CONSUMED);
            }
            if (closed) {
                throw new StreamClosedException(CLOSED);
            }
            streamConsumed = true;
            readResult = new CompletableFuture<>();
            // The network's publisher lends chunks while the reader has demand, and hands over a fresh array for each
            // chunk it had to queue first (one that came with the head): such a one-chunk body is kept as it is.
            // The network's declared length (when no content coding is decoded) sizes the reader's buffer.
            reader = source instanceof ResponseBodyPublisher network
                    ? new Reader(readResult, true, network.declaredLength(), then)
                    : new Reader(readResult, false, -1, then);
        }
        subscribeSource(reader);
        return then == null ? reader.result : null;
    }

    /**
     * The stored body: the array itself, not a copy, so callers that expose it publicly copy it.
     *
     * @throws ResponseNotReadException when the body has not been read
     */
    public byte[] content() {
        byte[] stored = content;
        if (stored == null) {
            throw new ResponseNotReadException(NOT_READ);
        }
        return stored;
    }

    /** Whether the body has been read into memory. */
    public boolean isRead() {
        return content != null;
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Whether the source has been taken, by streaming or by reading (as httpx's {@code is_stream_consumed}). */
    public boolean isStreamConsumed() {
        synchronized (lock) {
            return streamConsumed;
        }
    }

    /** The bytes delivered by the source so far, as httpx's {@code num_bytes_downloaded}. */
    public long bytesRead() {
        return bytesRead.get();
    }

    /**
     * Completes (normally, in every case) once the body has been delivered in full, has failed, or was cancelled
     * or closed; the failure itself, if any, goes to whoever consumes the body.
     */
    public CompletableFuture<Void> completion() {
        return completion.copy();
    }

    /** The {@link System#nanoTime()} at which {@link #completion()} completed, or 0 while it has not. */
    public long endNanos() {
        return completion.endNanos;
    }

    /**
     * Abandons the body; idempotent. An unsubscribed source is subscribed and cancelled at once, so the transport
     * learns the body is not wanted; an active consumer receives {@link StreamClosedException}. A read body keeps
     * its content.
     */
    public void close() {
        Flow.Publisher<ByteBuffer> abandoned;
        TrackingSubscriber running;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            abandoned = source;
            source = null;
            running = active;
        }
        if (abandoned != null) {
            abandoned.subscribe(new CancellingSubscriber());
        }
        // A body that already ended (or whose consumer cancelled) has nobody left to tell: no exception to build.
        if (running != null && !completion.isDone()) {
            running.abort(new StreamClosedException(CLOSED));
        }
        completion.complete(null);
    }

    private void subscribeSource(Flow.Subscriber<? super ByteBuffer> consumer) {
        Flow.Publisher<ByteBuffer> taken;
        TrackingSubscriber tracker = null;
        boolean wasClosed;
        synchronized (lock) {
            taken = source;
            source = null;
            wasClosed = closed;
            if (taken != null) {
                tracker = new TrackingSubscriber(consumer, bytesRead, completion);
                active = tracker;
            }
        }
        if (taken == null) {
            // The handed-out publisher was subscribed a second time, or after close() abandoned the source.
            Subscriptions.reject(consumer,
                    wasClosed ? new StreamClosedException(CLOSED) : new StreamConsumedException(CONSUMED));
            return;
        }
        taken.subscribe(tracker);
    }

    // Replays once the read finishes, so a publisher taken while read() is still running gets the bytes too.
    private static Flow.Publisher<ByteBuffer> replayAfter(CompletableFuture<byte[]> read) {
        return subscriber -> read.whenComplete((bytes, error) -> {
            if (error != null) {
                Subscriptions.reject(subscriber, unwrap(error));
            } else {
                PullPublisher.of(bytes).subscribe(subscriber);
            }
        });
    }

    // A fresh future per caller: a caller cancelling or completing its future must not change anyone else's.
    private static <T> CompletableFuture<T> view(CompletableFuture<T> shared) {
        if (shared.isDone() && !shared.isCompletedExceptionally()) {
            return CompletableFuture.completedFuture(shared.join());
        }
        CompletableFuture<T> mine = new CompletableFuture<>();
        shared.whenComplete((value, error) -> {
            if (error != null) {
                mine.completeExceptionally(unwrap(error));
            } else {
                mine.complete(value);
            }
        });
        return mine;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Reads the body for {@link #read()}: stores it, then completes the shared read and tells {@code then}. */
    private final class Reader extends CollectingSubscriber {
        private final CompletableFuture<byte[]> result;
        private final ReadCallback then;

        Reader(CompletableFuture<byte[]> result, boolean adoptChunks, long declaredLength, ReadCallback then) {
            super(declaredLength, DECLARED_PRESIZE_LIMIT, adoptChunks);
            this.result = result;
            this.then = then;
        }

        @Override
        void collected(byte[] bytes, Throwable failure) {
            Throwable error = failure == null ? null : unwrap(failure);
            if (error == null) {
                content = bytes; // stored before the future completes, so content() works in its callbacks
                result.complete(bytes);
            } else {
                result.completeExceptionally(error);
            }
            if (then != null) {
                then.bodyRead(bytes, error);
            }
        }
    }

    /**
     * The completion, stamping the time the body ended before anyone waiting on it runs ({@code elapsed()}
     * counts to it).
     */
    private static final class Completion extends CompletableFuture<Void> {
        volatile long endNanos;

        @Override
        public boolean complete(Void value) {
            if (isDone()) {
                return false;
            }
            if (endNanos == 0) {
                endNanos = System.nanoTime();
            }
            return super.complete(value);
        }
    }

    /** Subscribes only to cancel: how an abandoned body tells its transport to stop. */
    private static final class CancellingSubscriber implements Flow.Subscriber<ByteBuffer> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(ByteBuffer item) {}

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
