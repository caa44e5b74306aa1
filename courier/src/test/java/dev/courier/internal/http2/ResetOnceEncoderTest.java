package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link ResetOnceEncoder} lets through, driven as Netty's connection handler drives it. */
class ResetOnceEncoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final DefaultHttp2Connection connection = new DefaultHttp2Connection(false);
    private final List<Integer> written = new ArrayList<>();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private ResetOnceEncoder encoder(int maxStreams) {
        DefaultHttp2FrameWriter recording = new DefaultHttp2FrameWriter() {
            @Override
            public ChannelFuture writeRstStream(ChannelHandlerContext ctx, int streamId, long errorCode,
                    ChannelPromise promise) {
                written.add(streamId);
                return promise.setSuccess();
            }
        };
        return new ResetOnceEncoder(new DefaultHttp2ConnectionEncoder(connection, recording), maxStreams);
    }

    /** Opens stream {@code id}, resets it while it exists, then forgets it as Netty does once the reset is written. */
    private void resetAndForget(ResetOnceEncoder encoder, int id) throws Http2Exception {
        Http2Stream stream = connection.local().createStream(id, false);
        reset(encoder, id, Http2Error.CANCEL);
        stream.close();
    }

    private ChannelFuture reset(ResetOnceEncoder encoder, int id, Http2Error error) {
        return encoder.frameWriter().writeRstStream(null, id, error.code(), channel.newPromise());
    }

    @Test
    void aLateFrameOnAStreamResetHereGetsNoSecondReset() throws Http2Exception {
        ResetOnceEncoder encoder = encoder(100);
        resetAndForget(encoder, 1);
        ChannelFuture late = reset(encoder, 1, Http2Error.STREAM_CLOSED);

        assertThat(written).containsExactly(1);
        assertThat(late.isSuccess()).as("the withheld write completes").isTrue();
    }

    @Test
    void aStreamNeverResetHereStillGetsItsReset() throws Http2Exception {
        ResetOnceEncoder encoder = encoder(100);
        resetAndForget(encoder, 1);
        connection.local().createStream(3, false).close(); // ended normally, no reset
        reset(encoder, 3, Http2Error.STREAM_CLOSED);

        assertThat(written).containsExactly(1, 3);
    }

    @Test
    void twiceTheStreamLimitIsRemembered() throws Http2Exception {
        int maxStreams = 1000; // the transport's default
        ResetOnceEncoder encoder = encoder(maxStreams);
        int streams = 2 * maxStreams + 1;
        for (int i = 0; i < streams; i++) {
            resetAndForget(encoder, 2 * i + 1);
        }
        written.clear();
        for (int i = 0; i < streams; i++) {
            reset(encoder, 2 * i + 1, Http2Error.STREAM_CLOSED);
        }
        // Only the oldest, one past the memory, is answered again.
        assertThat(written).containsExactly(1);
    }

    @Test
    void theMemoryHasAFloorForSmallStreamLimits() throws Http2Exception {
        ResetOnceEncoder encoder = encoder(1);
        for (int i = 0; i < 256; i++) {
            resetAndForget(encoder, 2 * i + 1);
        }
        written.clear();
        for (int i = 0; i < 256; i++) {
            reset(encoder, 2 * i + 1, Http2Error.STREAM_CLOSED);
        }
        assertThat(written).isEmpty();
    }

    @Test
    void theConnectionAndFlowControllerAreTheDelegates() {
        ResetOnceEncoder encoder = encoder(100);
        assertThat(encoder.connection()).isSameAs(connection);
        assertThat(encoder.flowController()).isSameAs(connection.remote().flowController());
    }
}
