package dev.courier.internal.netty;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Locale;
import java.util.Set;

/**
 * The buffer allocator of Courier's connections: Netty's default, except where Netty runs its
 * default in low-memory mode.
 *
 * <p>Netty 4.2's default allocator enters low-memory mode when the heap is 512 MiB or smaller
 * (unless {@code io.netty.allocator.lowMemory} says otherwise). It then pools buffers only up to
 * about 16 KiB, so every 64 KiB read buffer of a download is a fresh direct buffer, zeroed and
 * freed again. With a 64 MiB heap, Netty's pooled allocator took 13 % less CPU per MiB and gave 8 %
 * more MiB/s in courier-bench's S4 at the same peak RSS (courier-bench/FINDINGS.md, item 15). So Courier's
 * channels take the shared {@link PooledByteBufAllocator#DEFAULT} in that case, as long as it has
 * direct arenas (with less than 24 MiB of direct memory it has none and pools nothing). The price:
 * once used, the pool keeps a 4 MiB chunk per arena (two on a 64 MiB heap).
 *
 * <p>A user who sets {@code io.netty.allocator.type} (to anything), or
 * {@code io.netty.allocator.lowMemory} to a value Netty understands, keeps Netty's choice. The
 * properties are read once, when the first connection is made.
 */
final class ChannelAllocator {
    static final String TYPE_PROPERTY = "io.netty.allocator.type";
    static final String LOW_MEMORY_PROPERTY = "io.netty.allocator.lowMemory";
    /** Netty's threshold: at or below this maximum heap, its adaptive allocator is in low-memory mode. */
    static final long LOW_MEMORY_MAX_HEAP = 512L << 20;
    /** The values Netty's {@code SystemPropertyUtil.getBoolean} takes; it ignores any other (with a warning). */
    private static final Set<String> BOOLEANS = Set.of("true", "yes", "1", "false", "no", "0");

    private static final ByteBufAllocator FOR_CHANNELS = choose(ByteBufAllocator.DEFAULT,
            PooledByteBufAllocator.defaultNumDirectArena() > 0, System.getProperty(TYPE_PROPERTY),
            System.getProperty(LOW_MEMORY_PROPERTY), Runtime.getRuntime().maxMemory());

    private ChannelAllocator() {
    }

    /** The allocator Courier's channels use in this JVM. */
    static ByteBufAllocator forChannels() {
        return FOR_CHANNELS;
    }

    /**
     * The pooled allocator when {@code nettyDefault} is the adaptive one in a low-memory mode that no
     * one asked for (no allocator type set, no valid low-memory setting, the heap at or below Netty's
     * threshold) and the pooled allocator has direct arenas; otherwise {@code nettyDefault}.
     */
    static ByteBufAllocator choose(ByteBufAllocator nettyDefault, boolean pooledHasDirectArenas, String typeProperty,
            String lowMemoryProperty, long maxHeapBytes) {
        boolean lowMemorySet = lowMemoryProperty != null
                && BOOLEANS.contains(lowMemoryProperty.trim().toLowerCase(Locale.ROOT));
        boolean implicitLowMemory = typeProperty == null && !lowMemorySet && maxHeapBytes <= LOW_MEMORY_MAX_HEAP;
        return nettyDefault instanceof AdaptiveByteBufAllocator && implicitLowMemory && pooledHasDirectArenas
                ? PooledByteBufAllocator.DEFAULT : nettyDefault;
    }
}
