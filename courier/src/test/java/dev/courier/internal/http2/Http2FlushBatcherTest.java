package dev.courier.internal.http2;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When {@link Http2FlushBatcher} lets writes reach the socket, on an embedded channel whose clock
 * only moves when told. A sink in front of the batcher keeps what would reach the socket (so the
 * embedded channel, which runs its pending tasks after each write or flush that reaches it, runs
 * them only when the test says), and requests are written from a handler behind it, as the frame
 * codec writes them. A read turn is {@code writeInbound}: reads, read complete, then the loop's
 * tasks, as on a real event loop. The connection's open streams are {@link #active}.
 */
class Http2FlushBatcherTest {
    /** Other streams open: enough for {@link Http2FlushBatcher#MAX_HEADS} requests to be held. */
    private static final int BUSY = Http2FlushBatcher.MAX_HEADS * Http2FlushBatcher.IN_FLIGHT_PER_HELD;
    private final MockTicker clock = Ticker.newMockTicker();
    private int active;
    private final Http2FlushBatcher batcher = new Http2FlushBatcher(() -> active, true);
    private final List<Object> unflushed = new ArrayList<>();
    private final List<Object> flushed = new ArrayList<>();
    private int flushes;
    private ChannelHandlerContext codec;
    private final EmbeddedChannel channel = channel(batcher);

    private EmbeddedChannel channel(Http2FlushBatcher batcher) {
        return EmbeddedChannel.builder().ticker(clock).handlers(
                new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                        if (msg instanceof ByteBuf) {
                            ctx.write(msg, promise); // counted by the channel's writability
                        } else {
                            unflushed.add(msg);
                            promise.setSuccess();
                        }
                    }

                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes++;
                        flushed.addAll(unflushed);
                        unflushed.clear();
                        ctx.flush();
                    }
                },
                batcher,
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void handlerAdded(ChannelHandlerContext ctx) {
                        codec = ctx;
                    }

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if ("ping".equals(msg)) {
                            ctx.write("PING ack");
                            ctx.flush();
                        }
                        ctx.fireChannelRead(msg);
                    }
                }).build();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** A new request's head, written and flushed as {@link Http2ExchangeStream} does, as a stream of its own. */
    private void startRequest(Object head) {
        startRequest(batcher, head);
    }

    private void startRequest(Http2FlushBatcher batcher, Object head) {
        active++;
        batcher.beginRequestHead();
        try {
            codec.write(head);
            codec.flush();
        } finally {
            batcher.endRequestHead();
        }
    }

    /** Something else the codec writes (a WINDOW_UPDATE, say), outside a read. */
    private void writeUrgent(Object frame) {
        codec.write(frame);
        codec.flush();
    }

    private void readTurn() {
        channel.writeInbound("frame");
        channel.inboundMessages().clear();
    }

    private List<Object> sent() {
        List<Object> sent = new ArrayList<>(flushed);
        flushed.clear();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            sent.add(m);
        }
        return sent;
    }

    @Test
    void aLoneRequestGoesOutOnceTheTasksOfItsBatchHaveRun() {
        startRequest("HEADERS 1");
        assertThat(sent()).isEmpty();

        channel.runPendingTasks();

        assertThat(sent()).containsExactly("HEADERS 1");
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void requestsStartedInOneBatchOfTasksShareOneFlush() {
        startRequest("HEADERS 1");
        startRequest("HEADERS 3");
        channel.runPendingTasks();

        assertThat(sent()).containsExactly("HEADERS 1", "HEADERS 3");
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void whereTimersAreCoarseRequestsAreOnlyConsolidated() {
        Http2FlushBatcher consolidating = new Http2FlushBatcher(() -> active, false);
        EmbeddedChannel nio = channel(consolidating);
        try {
            active = BUSY;
            startRequest(consolidating, "HEADERS 3");
            nio.runPendingTasks();
            assertThat(sent()).containsExactly("HEADERS 3");
        } finally {
            nio.finishAndReleaseAll();
        }
    }

    @Test
    void whileARequestIsInFlightANewOneWaitsForFourReadsAndOthersStartedMeanwhileJoinIt() {
        active = BUSY; // sent earlier, their responses still to come
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        readTurn();
        startRequest("HEADERS 5");
        channel.runPendingTasks();
        readTurn();
        readTurn();
        assertThat(sent()).isEmpty();

        readTurn();

        assertThat(sent()).containsExactly("HEADERS 3", "HEADERS 5");
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void theHoldEndsOnceFourRequestsAreHeldSoTheServerIsNotStarved() {
        active = BUSY;
        for (int i = 0; i < Http2FlushBatcher.MAX_HEADS - 1; i++) {
            startRequest("HEADERS " + i);
            channel.runPendingTasks();
        }
        assertThat(sent()).isEmpty();

        startRequest("HEADERS last");
        channel.runPendingTasks();

        assertThat(sent()).hasSize(Http2FlushBatcher.MAX_HEADS);
        assertThat(flushes).isEqualTo(1);
    }

    @Test
    void twoRequestsStartedTogetherGoOutAtOnceWithoutCountingAgainstHolding() {
        active = BUSY;
        startRequest("HEADERS 1");
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        assertThat(sent()).as("a read that brought two answers: the loop keeps pace").hasSize(2);

        startRequest("HEADERS next");
        channel.runPendingTasks();
        assertThat(sent()).as("held: no penalty").isEmpty();
    }

    @Test
    void withFewerThanSixteenOthersOpenNothingIsHeld() {
        active = Http2FlushBatcher.IN_FLIGHT_PER_HELD - 1;
        startRequest("HEADERS");
        channel.runPendingTasks();

        assertThat(sent()).hasSize(1);
        active--; // answered
        startRequest("HEADERS again");
        channel.runPendingTasks();
        assertThat(sent()).as("so is the next").hasSize(1);
    }

    @Test
    void theHoldEndsAtTheReadAfterWhichTooFewOthersAreOpen() {
        active = Http2FlushBatcher.IN_FLIGHT_PER_HELD;
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        readTurn();
        assertThat(sent()).isEmpty();

        active--; // a stream answered and closed in this read: 15 others open for 1 held
        readTurn();

        assertThat(sent()).containsExactly("HEADERS 3");
    }

    @Test
    void anythingElseWrittenTakesTheHeldRequestsWithIt() {
        active = BUSY;
        startRequest("HEADERS 3");
        channel.runPendingTasks();

        writeUrgent("WINDOW_UPDATE");
        assertThat(sent()).isEmpty();
        channel.runPendingTasks();

        assertThat(sent()).containsExactly("HEADERS 3", "WINDOW_UPDATE");
    }

    @Test
    void anUrgentWriteDuringAReadGoesOutWhenTheReadEnds() {
        active = BUSY;
        startRequest("HEADERS 3");
        channel.runPendingTasks();

        channel.writeOneInbound("ping");
        assertThat(sent()).as("not before the read ends").isEmpty();
        channel.flushInbound();

        assertThat(sent()).containsExactly("HEADERS 3", "PING ack");
        assertThat(flushes).isEqualTo(1);
        assertThat((Object) channel.readInbound()).isEqualTo("ping");
    }

    @Test
    void aResetWrittenInsideAHeadIsNotHeld() {
        active = BUSY;
        batcher.beginRequestHead();
        active++;
        codec.write("HEADERS 3");
        batcher.writeUrgently(); // the head's write failed into a reset
        codec.write("RST_STREAM 3");
        codec.flush();
        batcher.endRequestHead();
        channel.runPendingTasks();

        assertThat(sent()).containsExactly("HEADERS 3", "RST_STREAM 3");
    }

    @Test
    void whatIsWrittenWithoutAFlushStillGoesOut() {
        codec.write("HEADERS 5, buffered past the stream limit until stream 3 closed");
        channel.runPendingTasks();

        assertThat(sent()).hasSize(1);
    }

    @Test
    void aHoldWithoutReadsEndsAfterItsTimeAndAsNoneJoinedItTheNextSixteenHoldsAreRefusedThenThirtyTwo() {
        active = BUSY; // long polls: no read will come
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        clock.advance(Http2FlushBatcher.MAX_HOLD_NANOS - 1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).isEmpty();

        clock.advance(1, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).containsExactly("HEADERS 3");

        assertThat(requestsSentAtOnce()).isEqualTo(16);
        timeRunsOut();
        assertThat(requestsSentAtOnce()).isEqualTo(32);
    }

    @Test
    void loneRequestsDoNotUseUpThePenalty() {
        active = BUSY;
        holdRunsOutAlone();
        active = 0; // all answered

        for (int i = 0; i < 20; i++) {
            startRequest("HEADERS alone");
            channel.runPendingTasks();
            assertThat(sent()).hasSize(1);
            active--;
        }

        active = BUSY; // long polls again
        assertThat(requestsSentAtOnce()).as("the 16 refusals are still to come").isEqualTo(16);
    }

    /** Starts requests, each answered before the next, until one is held; how many went out at once. */
    private int requestsSentAtOnce() {
        for (int i = 0; i < 2000; i++) {
            startRequest("HEADERS");
            channel.runPendingTasks();
            if (sent().isEmpty()) {
                return i;
            }
            active--;
        }
        throw new AssertionError("never held");
    }

    @Test
    void aHoldThatOthersJoinClearsThePenalty() {
        active = BUSY;
        holdRunsOutAlone();
        assertThat(requestsSentAtOnce()).isEqualTo(16);
        holdJoinedByAnotherUntilItsReads();

        holdRunsOutAlone();

        assertThat(requestsSentAtOnce()).as("16 again, not 32").isEqualTo(16);
    }

    @Test
    void aHoldThatEndsByItsReadsWithItsRequestAloneIsPenalizedToo() {
        active = BUSY;
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        for (int i = 0; i < Http2FlushBatcher.MAX_TURNS; i++) {
            readTurn();
        }
        assertThat(sent()).hasSize(1);

        assertThat(requestsSentAtOnce()).isEqualTo(16);
    }

    /** Starts a request that is held, and lets its hold run out with no read and nobody joining it. */
    private void holdRunsOutAlone() {
        startRequest("HEADERS alone");
        channel.runPendingTasks();
        timeRunsOut();
    }

    /** Moves the clock past the hold's bound: the request held goes out. */
    private void timeRunsOut() {
        clock.advance(Http2FlushBatcher.MAX_HOLD_NANOS, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).hasSize(1);
    }

    /** Completes the hold of the request held last with a second request joining it, then four reads. */
    private void holdJoinedByAnotherUntilItsReads() {
        startRequest("HEADERS joining");
        channel.runPendingTasks();
        for (int i = 0; i < Http2FlushBatcher.MAX_TURNS; i++) {
            readTurn();
        }
        assertThat(sent()).hasSize(2);
    }

    @Test
    void aHoldStartedLateIsNotCutShortByTheTimerOfAnEarlierOne() {
        active = BUSY;
        startRequest("HEADERS 3");
        channel.runPendingTasks();
        holdJoinedByAnotherUntilItsReads();
        clock.advance(Http2FlushBatcher.MAX_HOLD_NANOS / 2, TimeUnit.NANOSECONDS);
        startRequest("HEADERS 7");
        channel.runPendingTasks();

        clock.advance(Http2FlushBatcher.MAX_HOLD_NANOS / 2, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).as("held for half its time only").isEmpty();

        clock.advance(Http2FlushBatcher.MAX_HOLD_NANOS / 2, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(sent()).containsExactly("HEADERS 7");
    }

    @Test
    void nothingIsHeldOnAChannelThatIsNotWritable() {
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        active = BUSY;
        startRequest(Unpooled.buffer().writeZero(64));
        channel.runPendingTasks();

        List<Object> sent = sent();
        assertThat(sent).hasSize(1);
        sent.forEach(io.netty.util.ReferenceCountUtil::release);
    }

    @Test
    void closingSendsWhatIsHeldFirst() {
        active = BUSY;
        startRequest("HEADERS 3");
        channel.runPendingTasks();

        channel.close();

        assertThat(sent()).containsExactly("HEADERS 3");
    }
}
