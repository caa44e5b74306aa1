package dev.courier.internal.app;

import dev.courier.internal.body.Subscriptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A pipe from an {@link OutputStream} written by a handler's thread to a {@link Flow.Publisher} read
 * by the client: the in-memory stand-in for a socket.
 *
 * <p>Writes block while {@link #LIMIT} bytes are waiting for demand, so a handler that writes a large
 * body streams it rather than filling memory; the reader side never blocks, because the subscriber
 * may be running on the writer's own thread. Signals go out from a drain loop, one thread at a
 * time, as Flow requires. Single subscription; a cancelled subscription makes later writes fail
 * with an {@link IOException}, as a closed connection would.
 */
public final class BodyPipe extends OutputStream implements Flow.Publisher<ByteBuffer> {
    /** Bytes buffered ahead of the reader before writes block. */
    static final int LIMIT = 64 * 1024;

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long buffered;
    private long demand;
    private boolean writerClosed;
    private Throwable failure;
    private boolean cancelled;
    private boolean terminated;
    private boolean draining;
    private boolean missed;
    private Flow.Subscriber<? super ByteBuffer> subscriber;

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
        Objects.requireNonNull(s, "subscriber");
        boolean first;
        synchronized (this) {
            first = subscriber == null;
            if (first) {
                subscriber = s;
            }
        }
        if (!first) {
            Subscriptions.reject(s, new IllegalStateException("An in-process response body can be read only once"));
            return;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (BodyPipe.this) {
                    if (n <= 0) {
                        failure = new IllegalArgumentException("Flow §3.9: request(" + n + ") must be positive");
                        queue.clear();
                        buffered = 0;
                        BodyPipe.this.notifyAll(); // a writer waiting for room must see the failure
                    } else {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    }
                }
                drain();
            }

            @Override
            public void cancel() {
                synchronized (BodyPipe.this) {
                    cancelled = true;
                    queue.clear();
                    buffered = 0;
                    BodyPipe.this.notifyAll();
                }
            }
        });
        drain();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, bytes.length);
        if (len == 0) {
            return;
        }
        synchronized (this) {
            while (buffered >= LIMIT && !cancelled && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("Interrupted while waiting for the client to read the response");
                }
            }
            if (cancelled) {
                throw new IOException("The client stopped reading the response body");
            }
            if (writerClosed || failure != null) {
                throw new IOException("The response body was already closed");
            }
            queue.add(ByteBuffer.wrap(Arrays.copyOfRange(bytes, off, off + len)));
            buffered += len;
        }
        drain();
    }

    /** Ends the body normally. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            writerClosed = true;
        }
        drain();
    }

    /** Ends the body with {@code error} (bytes already buffered are dropped); ignored once it has ended. */
    public void fail(Throwable error) {
        synchronized (this) {
            if (writerClosed || failure != null) {
                return;
            }
            failure = error;
            queue.clear();
            buffered = 0;
            notifyAll();
        }
        drain();
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                missed = true;
                return;
            }
            draining = true;
        }
        while (true) {
            ByteBuffer next = null;
            Throwable error = null;
            boolean complete = false;
            Flow.Subscriber<? super ByteBuffer> s;
            synchronized (this) {
                s = subscriber;
                if (s == null || cancelled || terminated) {
                    draining = false;
                    return;
                }
                if (failure != null) {
                    terminated = true;
                    error = failure;
                } else if (demand > 0 && !queue.isEmpty()) {
                    next = queue.poll();
                    demand--;
                    buffered -= next.remaining();
                    notifyAll();
                } else if (queue.isEmpty() && writerClosed) {
                    terminated = true;
                    complete = true;
                } else if (!missed) {
                    draining = false;
                    return;
                }
                missed = false;
            }
            if (error != null) {
                s.onError(error);
            } else if (complete) {
                s.onComplete();
            } else if (next != null) {
                s.onNext(next);
            }
        }
    }
}
