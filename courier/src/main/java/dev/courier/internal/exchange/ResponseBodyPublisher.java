package dev.courier.internal.exchange;

import dev.courier.internal.body.BorrowingSubscriber;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;

/**
 * A response body as a {@code Flow.Publisher<ByteBuffer>} over a channel whose autoRead is off:
 * the subscriber's demand becomes {@code channel.read()} calls, so memory stays bounded by what one
 * read brings in. All state lives on the channel's event loop; subscriber callbacks run there.
 *
 * <p>Bytes are copied out of Netty's buffers at this boundary and the buffers released at once, so
 * no reference-counted memory ever escapes to user code. The exception is a {@link BorrowingSubscriber} with
 * demand and nothing queued: it is lent a read-only view of the buffer for the length of {@code onNext}, and the
 * buffer is released when that call returns.
 */
public final class ResponseBodyPublisher implements Flow.Publisher<ByteBuffer> {
    private final EventLoop loop;
    private final BodySource source;
    private final long declaredLength;
    private final ArrayDeque<ByteBuffer> buffered = new ArrayDeque<>();
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private boolean borrows;
    private long demand;
    private boolean complete;
    private Throwable failure;
    private boolean terminated;
    private boolean cancelled;
    private boolean draining;
    private boolean missed;

    /**
     * @param declaredLength the body's length as the server declared it, when it is also the length delivered
     *     (no content coding decoded on the way), otherwise -1: a hint for sizing a reader's buffer, never a limit
     */
    public ResponseBodyPublisher(EventLoop loop, BodySource source, long declaredLength) {
        this.loop = loop;
        this.source = source;
        this.declaredLength = declaredLength;
    }

    /** The declared length given at construction, or -1. */
    public long declaredLength() {
        return declaredLength;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        onLoop(() -> {
            if (subscriber != null) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override public void request(long n) {}
                    @Override public void cancel() {}
                });
                s.onError(new IllegalStateException("A response body can be subscribed to once"));
                return;
            }
            subscriber = s;
            borrows = s instanceof BorrowingSubscriber b && b.borrows();
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    onLoop(() -> requested(n));
                }

                @Override
                public void cancel() {
                    onLoop(ResponseBodyPublisher.this::cancelled);
                }
            });
            drain();
        });
    }

    /** A chunk of body arrived: lent to a borrowing subscriber, or copied and queued; released. Event loop only. */
    public void onChunk(ByteBuf chunk) {
        try {
            if (cancelled || terminated || !chunk.isReadable()) {
                return;
            }
            if (borrows && demand > 0 && buffered.isEmpty() && !draining) {
                lend(chunk);
            } else {
                ByteBuffer copy = ByteBuffer.allocate(chunk.readableBytes());
                chunk.readBytes(copy);
                buffered.add(copy.flip());
            }
        } finally {
            chunk.release();
        }
        drain();
    }

    private void lend(ByteBuf chunk) {
        demand--;
        // Marked as draining, so that a request() or cancel() made inside onNext only notes itself for the drain
        // that follows, instead of delivering more while this chunk is still lent.
        draining = true;
        try {
            subscriber.onNext(chunk.nioBuffer().asReadOnlyBuffer());
        } finally {
            draining = false;
        }
    }

    /** The body ended. Event loop only. */
    public void onComplete() {
        complete = true;
        drain();
    }

    /** The body failed. Event loop only. */
    public void onError(Throwable t) {
        if (failure == null && !complete) {
            failure = t;
        }
        drain();
    }

    /** True when the subscriber wants data and none is buffered. Event loop only. */
    public boolean wantsData() {
        return subscriber != null && !cancelled && !terminated && demand > 0 && buffered.isEmpty() && !complete
                && failure == null;
    }

    private void requested(long n) {
        if (terminated || cancelled) {
            return;
        }
        if (n <= 0) {
            cancelled = true;
            buffered.clear();
            source.abandon();
            terminate(new IllegalArgumentException("Flow.Subscription.request(n) needs n > 0 (rule 3.9): " + n));
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        drain();
    }

    private void cancelled() {
        if (terminated || cancelled) {
            return;
        }
        cancelled = true;
        buffered.clear();
        if (!complete && failure == null) {
            source.abandon();
        }
    }

    private void drain() {
        if (subscriber == null) {
            return;
        }
        if (draining) {
            // Re-entered (from onNext, or a read that delivered at once): the running loop goes round again.
            missed = true;
            return;
        }
        draining = true;
        try {
            do {
                missed = false;
                while (!terminated && !cancelled) {
                    if (demand > 0 && !buffered.isEmpty()) {
                        demand--;
                        subscriber.onNext(buffered.poll());
                    } else if (buffered.isEmpty() && failure != null) {
                        terminate(failure);
                    } else if (buffered.isEmpty() && complete) {
                        terminated = true;
                        subscriber.onComplete();
                    } else {
                        break;
                    }
                }
                if (wantsData()) {
                    source.readMore();
                }
            } while (missed);
        } finally {
            draining = false;
        }
    }

    private void terminate(Throwable t) {
        terminated = true;
        subscriber.onError(t);
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
