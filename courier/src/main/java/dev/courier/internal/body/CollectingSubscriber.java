package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;

/**
 * Collects a whole body into one byte array and hands the outcome to {@link #collected}, once: the
 * body, or the source's error. Subclasses decide where the outcome goes, so that a reader that only
 * needs a callback pays for no future of its own.
 *
 * <p>It borrows ({@link BorrowingSubscriber}): each chunk is copied into the array within
 * {@code onNext}, so the network's chunks are copied once, straight out of Netty's buffers, instead
 * of once into a chunk of their own and again into the array.
 */
abstract class CollectingSubscriber implements BorrowingSubscriber {
    // The largest array size every JVM allocates; beyond it a body cannot be held in one byte[].
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];

    private final boolean adoptChunks;
    /** The body's length as declared, or -1: where growth stops, so that an honest length needs no final copy. */
    private final long declaredLength;
    /** The most the first chunk sizes the buffer for on the declared length's word alone. */
    private final long presizeLimit;
    private Flow.Subscription subscription;
    private boolean finished;

    /** Null until the first chunk sizes it: most bodies arrive in one chunk. */
    private byte[] buffer;
    private int size;

    /**
     * @param declaredLength the body's length if known (otherwise -1)
     * @param presizeLimit how much of {@code declaredLength} to allocate before the bytes arrive: all of it
     *     when the length is the caller's own, a little when a server declared it (a server could declare
     *     gigabytes and send nothing); beyond it the buffer doubles, up to the declared length
     * @param adoptChunks the source hands over each chunk for good (a fresh array that it never touches
     *     again), so a chunk that fills its whole array can be kept instead of copied
     */
    CollectingSubscriber(long declaredLength, long presizeLimit, boolean adoptChunks) {
        // A length too big for an array is ignored: the overflow check in onNext reports it properly.
        this.declaredLength = declaredLength > 0 && declaredLength <= MAX_SIZE ? declaredLength : -1;
        this.presizeLimit = presizeLimit;
        this.adoptChunks = adoptChunks;
    }

    /** Always: a chunk is kept only as a copy, or adopted when it is a given, writable array (never a lent view). */
    @Override
    public final boolean borrows() {
        return true;
    }

    /** The body, or the failure; called once. */
    abstract void collected(byte[] content, Throwable failure);

    /** Whether the outcome is no longer wanted, so that further chunks need not be kept. */
    boolean abandoned() {
        return false;
    }

    @Override
    public final void onSubscribe(Flow.Subscription subscription) {
        if (this.subscription != null) {
            subscription.cancel();
            return;
        }
        this.subscription = subscription;
        // The whole body ends up in memory anyway, so pacing the source would only add round trips.
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public final void onNext(ByteBuffer chunk) {
        if (finished || abandoned()) {
            return;
        }
        int n = chunk.remaining();
        if (n > MAX_SIZE - size) {
            subscription.cancel();
            finish(null, new IllegalStateException(
                    "The body is larger than the 2 GiB a byte array can hold; stream it instead of buffering it"));
            return;
        }
        if (buffer == null) {
            if (adoptChunks && isWholeArray(chunk)) {
                // The usual small body: one chunk, kept as it is rather than copied a second time.
                buffer = chunk.array();
                size = n;
                chunk.position(chunk.limit());
                return;
            }
            buffer = new byte[(int) Math.max(n, Math.min(declaredLength, presizeLimit))];
        } else if (size + n > buffer.length) {
            long needed = (long) size + n;
            long grown = Math.max((long) buffer.length * 2, needed);
            if (declaredLength >= needed) {
                grown = Math.min(grown, declaredLength);
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, MAX_SIZE));
        }
        chunk.get(buffer, size, n);
        size += n;
    }

    @Override
    public final void onError(Throwable error) {
        buffer = null;
        finish(null, error);
    }

    @Override
    public final void onComplete() {
        if (!finished && !abandoned()) {
            byte[] content = buffer == null ? EMPTY : size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
            buffer = null;
            finish(content, null);
        }
    }

    private void finish(byte[] content, Throwable failure) {
        if (!finished) {
            finished = true;
            collected(content, failure);
        }
    }

    /** The buffer's current capacity (0 before the first chunk and after the end), for tests. */
    int capacity() {
        return buffer == null ? 0 : buffer.length;
    }

    private static boolean isWholeArray(ByteBuffer chunk) {
        return chunk.hasArray() && !chunk.isReadOnly() && chunk.arrayOffset() == 0 && chunk.position() == 0
                && chunk.limit() == chunk.array().length;
    }
}
