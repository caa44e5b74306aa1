package dev.courier.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/**
 * The rule. The surefire execution "pooled-allocator-on-a-small-heap" runs this and a set of loopback
 * tests with a 256 MiB heap; LargeDownloadTest shows a 64 MiB-heap JVM's reads coming from the pool.
 */
class ChannelAllocatorTest {
    private static final long MIB = 1L << 20;
    private final ByteBufAllocator adaptive = new AdaptiveByteBufAllocator();

    @Test
    void aSmallHeapTakesThePooledAllocatorInsteadOfLowMemoryMode() {
        assertThat(ChannelAllocator.choose(adaptive, true, null, null, 64 * MIB)).isSameAs(PooledByteBufAllocator.DEFAULT);
        assertThat(ChannelAllocator.choose(adaptive, true, null, null, 512 * MIB)).isSameAs(PooledByteBufAllocator.DEFAULT);
    }

    @Test
    void aLargerHeapKeepsNettysDefault() {
        assertThat(ChannelAllocator.choose(adaptive, true, null, null, 512 * MIB + 1)).isSameAs(adaptive);
        assertThat(ChannelAllocator.choose(adaptive, true, null, null, 4096 * MIB)).isSameAs(adaptive);
    }

    @Test
    void anExplicitLowMemorySettingIsKept() {
        for (String value : new String[] {"true", "false", "yes", "no", "1", "0", " TRUE "}) {
            assertThat(ChannelAllocator.choose(adaptive, true, null, value, 64 * MIB)).as(value).isSameAs(adaptive);
        }
    }

    @Test
    void aLowMemorySettingNettyIgnoresIsIgnoredToo() {
        // Netty warns and applies its heap rule for these, so its default is still in low-memory mode.
        for (String value : new String[] {"", " ", "on", "maybe"}) {
            assertThat(ChannelAllocator.choose(adaptive, true, null, value, 64 * MIB)).as("'%s'", value)
                    .isSameAs(PooledByteBufAllocator.DEFAULT);
        }
    }

    @Test
    void anAllocatorTypeChosenForTheJvmIsKept() {
        assertThat(ChannelAllocator.choose(PooledByteBufAllocator.DEFAULT, true, "pooled", null, 64 * MIB))
                .isSameAs(PooledByteBufAllocator.DEFAULT);
        assertThat(ChannelAllocator.choose(UnpooledByteBufAllocator.DEFAULT, true, "unpooled", null, 64 * MIB))
                .isSameAs(UnpooledByteBufAllocator.DEFAULT);
        assertThat(ChannelAllocator.choose(adaptive, true, "adaptive", null, 64 * MIB)).isSameAs(adaptive);
    }

    @Test
    void aPooledAllocatorWithoutDirectArenasIsNotTaken() {
        // Under 24 MiB of direct memory Netty's pooled allocator has no direct arenas and pools nothing.
        assertThat(ChannelAllocator.choose(adaptive, false, null, null, 16 * MIB)).isSameAs(adaptive);
    }

    @Test
    void thisSmallHeapJvmTakesThePooledAllocator() {
        assumeTrue(Runtime.getRuntime().maxMemory() <= ChannelAllocator.LOW_MEMORY_MAX_HEAP,
                "runs in the small-heap surefire execution");
        assertThat(ChannelAllocator.forChannels()).isSameAs(PooledByteBufAllocator.DEFAULT);
    }
}
