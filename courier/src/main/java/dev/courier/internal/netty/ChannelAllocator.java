package dev.courier.internal.netty;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The buffer allocator of Courier's connections: Netty's default, except where Netty runs its
 * default in low-memory mode.
 *
 * <p>Netty 4.2's default allocator enters low-memory mode when the heap is 512 MiB or smaller
 * (unless {@code io.netty.allocator.lowMemory} says otherwise). It then pools buffers only up to
 * 16 KiB, so every 64 KiB read buffer of a download is a fresh direct buffer, zeroed and freed
 * again. With a 64 MiB heap, Netty's pooled allocator instead took 14 % less CPU per MiB and gave
 * 7 % more throughput in courier-bench's S4, at the same peak RSS (FINDINGS, item 15). So Courier's
 * channels take the shared {@link PooledByteBufAllocator#DEFAULT} in that case. A user who sets
 * {@code io.netty.allocator.lowMemory} or {@code io.netty.allocator.type} keeps Netty's choice.
 */
final class ChannelAllocator {
    static final String LOW_MEMORY_PROPERTY = "io.netty.allocator.lowMemory";
    /** Netty's threshold: at or below this maximum heap, its adaptive allocator is in low-memory mode. */
    static final long LOW_MEMORY_MAX_HEAP = 512L << 20;

    private static final ByteBufAllocator FOR_CHANNELS = choose(ByteBufAllocator.DEFAULT,
            System.getProperty(LOW_MEMORY_PROPERTY), Runtime.getRuntime().maxMemory());

    private ChannelAllocator() {
    }

    /** The allocator Courier's channels use in this JVM. */
    static ByteBufAllocator forChannels() {
        return FOR_CHANNELS;
    }

    /**
     * The pooled allocator when {@code nettyDefault} is the adaptive one in low-memory mode that no
     * one asked for (the property unset, the heap at or below Netty's threshold); otherwise
     * {@code nettyDefault}.
     */
    static ByteBufAllocator choose(ByteBufAllocator nettyDefault, String lowMemoryProperty, long maxHeapBytes) {
        boolean implicitLowMemory = lowMemoryProperty == null && maxHeapBytes <= LOW_MEMORY_MAX_HEAP;
        return nettyDefault instanceof AdaptiveByteBufAllocator && implicitLowMemory
                ? PooledByteBufAllocator.DEFAULT : nettyDefault;
    }
}
