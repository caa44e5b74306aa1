package dev.courier.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class ChannelAllocatorTest {
    private static final long MIB = 1L << 20;
    private final ByteBufAllocator adaptive = new AdaptiveByteBufAllocator();

    @Test
    void aSmallHeapTakesThePooledAllocatorInsteadOfLowMemoryMode() {
        assertThat(ChannelAllocator.choose(adaptive, null, 64 * MIB)).isSameAs(PooledByteBufAllocator.DEFAULT);
        assertThat(ChannelAllocator.choose(adaptive, null, 512 * MIB)).isSameAs(PooledByteBufAllocator.DEFAULT);
    }

    @Test
    void aLargerHeapKeepsNettysDefault() {
        assertThat(ChannelAllocator.choose(adaptive, null, 512 * MIB + 1)).isSameAs(adaptive);
        assertThat(ChannelAllocator.choose(adaptive, null, 4096 * MIB)).isSameAs(adaptive);
    }

    @Test
    void anExplicitLowMemorySettingIsKept() {
        assertThat(ChannelAllocator.choose(adaptive, "true", 64 * MIB)).isSameAs(adaptive);
        assertThat(ChannelAllocator.choose(adaptive, "false", 64 * MIB)).isSameAs(adaptive);
    }

    @Test
    void anAllocatorTypeChosenForTheJvmIsKept() {
        // io.netty.allocator.type=pooled or =unpooled makes ByteBufAllocator.DEFAULT something other than adaptive.
        assertThat(ChannelAllocator.choose(PooledByteBufAllocator.DEFAULT, null, 64 * MIB))
                .isSameAs(PooledByteBufAllocator.DEFAULT);
        assertThat(ChannelAllocator.choose(UnpooledByteBufAllocator.DEFAULT, null, 64 * MIB))
                .isSameAs(UnpooledByteBufAllocator.DEFAULT);
    }

    @Test
    void thisJvmFollowsTheRule() {
        assertThat(ChannelAllocator.forChannels()).isSameAs(ChannelAllocator.choose(ByteBufAllocator.DEFAULT,
                System.getProperty(ChannelAllocator.LOW_MEMORY_PROPERTY), Runtime.getRuntime().maxMemory()));
    }
}
