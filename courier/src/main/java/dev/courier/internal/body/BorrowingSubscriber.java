package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * A body subscriber that takes each chunk only for the length of its {@code onNext} call, so the network's
 * publisher may hand it a read-only view of Netty's buffer instead of a copy, and release the buffer as soon as
 * {@code onNext} returns. A subscriber that keeps a chunk past that call copies it first.
 *
 * <p>Anything that sits between such a subscriber and the publisher and may hold on to a chunk (a queue, a
 * thread hand-off) either copies what it keeps or does not claim to borrow: {@link #borrows()} is asked once,
 * when the publisher is subscribed.
 */
public interface BorrowingSubscriber extends Flow.Subscriber<ByteBuffer> {
    /** Whether chunks may be lent rather than given; a wrapper answers for the subscriber it wraps. */
    boolean borrows();
}
