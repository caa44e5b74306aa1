package dev.courier.internal.exchange;

import dev.courier.internal.BlockingTasks;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Streams a request body from its publisher to the connection one buffer at a time: the next
 * buffer is requested only when the previous one was written and the channel is writable, so a
 * large upload never piles up in memory. Demand is signalled from a blocking-task thread, because
 * file and stream bodies read on the thread that asks for data, and that must not be an I/O thread.
 */
final class RequestBodyWriter implements Flow.Subscriber<ByteBuffer> {
    private final Exchange exchange;
    private final long declaredLength;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private long sent;
    /** Event loop only: a buffer was written and the next waits for writability. */
    private boolean waitingForWritability;

    RequestBodyWriter(Exchange exchange, long declaredLength) {
        this.exchange = exchange;
        this.declaredLength = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        requestNext();
    }

    @Override
    public void onNext(ByteBuffer buffer) {
        if (cancelled) {
            return;
        }
        int n = buffer.remaining();
        sent += n;
        if (declaredLength >= 0 && sent > declaredLength) {
            cancel();
            exchange.onBodyFailure(new IllegalStateException("The request body produced more than its declared "
                    + declaredLength + " bytes"), true);
            return;
        }
        // Copied: the publisher may reuse its buffer once onNext returns, and the write is asynchronous.
        ByteBuf chunk = exchange.alloc().buffer(n);
        chunk.writeBytes(buffer);
        exchange.onBodyChunk(chunk);
    }

    @Override
    public void onError(Throwable failure) {
        if (!cancelled) {
            exchange.onBodyFailure(failure, false);
        }
    }

    @Override
    public void onComplete() {
        if (cancelled) {
            return;
        }
        if (declaredLength >= 0 && sent != declaredLength) {
            exchange.onBodyFailure(new IllegalStateException("The request body ended after " + sent
                    + " bytes, but its Content-Length is " + declaredLength), true);
            return;
        }
        exchange.onBodyEnd();
    }

    /** The last chunk was written: ask for the next, or wait until the channel drains. Event loop only. */
    void chunkWritten(boolean writable) {
        if (writable) {
            requestNext();
        } else {
            waitingForWritability = true;
        }
    }

    /** The channel became writable again. Event loop only. */
    void writabilityChanged(boolean writable) {
        if (writable && waitingForWritability) {
            waitingForWritability = false;
            requestNext();
        }
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void requestNext() {
        if (!cancelled) {
            BlockingTasks.executor().execute(() -> subscription.request(1));
        }
    }
}
