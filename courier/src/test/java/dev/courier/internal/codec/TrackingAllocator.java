package dev.courier.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A test allocator that remembers every buffer it hands out, so a test can assert that each one was
 * released exactly once (refCnt 0), including the buffers the handler allocated and dropped itself.
 *
 * <p>Buffers still go through Netty's leak detector (set to PARANOID by the tests).
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final List<ByteBuf> allocated = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A buffer holding a copy of {@code bytes[from, to)}, tracked like every other. */
    ByteBuf copyOf(byte[] bytes, int from, int to) {
        return heapBuffer(to - from).writeBytes(bytes, from, to - from);
    }

    int count() {
        return allocated.size();
    }

    /** Asserts that every buffer handed out so far has been released (and none more than once: Netty throws then). */
    void assertAllReleased() {
        for (int i = 0; i < allocated.size(); i++) {
            assertThat(allocated.get(i).refCnt()).as("refCnt of buffer #%d of %d", i, allocated.size()).isZero();
        }
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }
}
