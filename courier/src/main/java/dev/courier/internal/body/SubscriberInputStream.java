package dev.courier.internal.body;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A blocking {@link InputStream} fed by a {@link Flow.Publisher}, with backpressure: at most {@link #PREFETCH}
 * buffers are ever requested and not yet read, so memory stays bounded however fast the source is.
 *
 * <p>{@code read} blocks until data arrives; {@code close} cancels the subscription. A source error surfaces as an
 * {@link IOException} whose cause is the original error.
 */
public final class SubscriberInputStream extends InputStream implements Flow.Subscriber<ByteBuffer> {
    /** Buffers requested ahead of the reader: enough to overlap network and reader, few enough to bound memory. */
    public static final int PREFETCH = 4;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(PREFETCH);
    private Flow.Subscription subscription;
    private ByteBuffer current;
    private Throwable error;
    private boolean completed;
    private boolean closed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        lock.lock();
        try {
            cancel = closed || subscription != null;
            if (!cancel) {
                subscription = s;
            }
        } finally {
            lock.unlock();
        }
        // Calls into the publisher happen outside the lock: a synchronous publisher answers request() by calling
        // onNext on this thread, and a publisher's own locks must never nest inside ours.
        if (cancel) {
            s.cancel();
        } else {
            s.request(PREFETCH);
        }
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        lock.lock();
        try {
            if (!closed) {
                queue.add(chunk);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable failure) {
        lock.lock();
        try {
            error = failure;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            completed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int taken = 0;
        lock.lock();
        try {
            while (current == null || !current.hasRemaining()) {
                if (closed) {
                    throw new IOException("Stream closed");
                }
                ByteBuffer next = queue.poll();
                if (next != null) {
                    current = next;
                    taken++;
                } else if (error != null) {
                    throw new IOException(String.valueOf(error.getMessage()), error);
                } else if (completed) {
                    return -1;
                } else {
                    awaitChange();
                }
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        } finally {
            lock.unlock();
            // Each buffer taken off the queue frees one slot, whatever way this read ends; outside the lock
            // because a synchronous source delivers into onNext from inside request().
            if (taken > 0) {
                subscription.request(taken);
            }
        }
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting for body data");
        }
    }

    @Override
    public int available() throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("Stream closed");
            }
            long total = current == null ? 0 : current.remaining();
            for (ByteBuffer queued : queue) {
                total += queued.remaining();
            }
            return (int) Math.min(total, Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Flow.Subscription toCancel;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            current = null;
            toCancel = completed || error != null ? null : subscription;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }
}
