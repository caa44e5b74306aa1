package dev.courier.internal.http2;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Decides when an HTTP/2 connection's writes reach the socket. It sits in front of the frame codec,
 * in place of Netty's {@code FlushConsolidationHandler}, and consolidates as that handler did:
 * flushes asked for during a read go out once, when the read ends (that handler also flushed after
 * every 256th; here the channel turning unwritable is the bound), and flushes asked for outside a
 * read go out once, after the event loop's current tasks.
 *
 * <p>It also lets a new request wait for responses that are already on their way. A request that
 * would go out alone (the only one started by a read or a batch of tasks) while other streams of
 * the connection are open (their requests sent, their responses not yet complete) has its HEADERS
 * (and body, if it came whole) held until {@value #MAX_TURNS} reads have ended or
 * {@value #MAX_HEADS} requests are held, and then sent with those started meanwhile. Without
 * this, a fast event loop on a busy multiplexed connection takes the server's responses one at a
 * time and sends each response's follow-up request on its own: one read, one write and one wait
 * per request, where the server could take them in batches (FINDINGS item 25 of courier-bench).
 * When a read brings several responses, the requests they start already share a write, and
 * nothing is held: the loop is not outrunning the server. The caps keep the server fed: every
 * request held is one the server could be working on, so at most one for every
 * {@value #IN_FLIGHT_PER_HELD} in flight is held (none below that many, where a request held
 * would be a large share of the server's work).
 *
 * <p>A request is never held:
 * <ul>
 *   <li>when fewer than {@value #IN_FLIGHT_PER_HELD} other streams are open, or once fewer are
 *       (a lone request, as in sequential use, goes out at once);
 *   <li>when anything but new requests was written (body data sent on its own, WINDOW_UPDATE,
 *       RST_STREAM, PING, SETTINGS acknowledgements): that flush sends the held requests too;
 *   <li>when the channel is not writable;
 *   <li>for longer than {@link #MAX_HOLD_NANOS}, whether reads come or not;
 *   <li>on an event loop whose timers are coarser than that (Java NIO's selector waits whole
 *       milliseconds, and rounds 200 µs down to a busy poll): there it only consolidates.
 * </ul>
 * A stream counts as open until both sides have ended it, so one still uploading its body after
 * its response, or stalled on flow control, can keep a request waiting for the full 200 µs.
 * A hold pays only when other requests join it. One that ends with its first request alone (a
 * few callers taking turns on a fast server, or a long poll in flight that no read will answer
 * soon) cost that request latency for nothing, so the next 16 holds that would have started are
 * refused (their requests go out at once), twice as many after each further such hold, up to
 * 1,024, until a hold is joined again.
 *
 * <p>Event loop only. {@link Http2ExchangeStream} marks a request's head between
 * {@link #beginRequestHead()} and {@link #endRequestHead()}; every other write is urgent, and a
 * write made inside a head that must not wait (a reset) says so with {@link #writeUrgently()}.
 *
 * <pre>{@code
 * Http2FlushBatcher batcher = new Http2FlushBatcher(() -> codec.connection().numActiveStreams(), true);
 * pipeline.addLast("flush", batcher).addLast("h2-codec", codec).addLast("exchange", connection);
 * }</pre>
 */
final class Http2FlushBatcher extends ChannelDuplexHandler {
    /** Reads that end while requests are held before they are sent anyway. */
    static final int MAX_TURNS = 4;
    /** Requests held together before they are sent anyway. */
    static final int MAX_HEADS = 4;
    /** Other streams open for each request held: fewer, and what is held goes out. */
    static final int IN_FLIGHT_PER_HELD = 16;
    /**
     * The longest a request is held, reads or not: a few times the default slack of a Linux timer
     * (50 µs), so that the timer fires near its time, and far below a network round trip.
     */
    static final long MAX_HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int FIRST_PENALTY = 16;
    private static final int MAX_PENALTY = 1024;
    private static final long NOT_HOLDING = Long.MIN_VALUE;

    /** The connection's open streams, those whose requests are held included. */
    private final IntSupplier activeStreams;
    /** False where timers are too coarse to bound a hold: requests are then only consolidated. */
    private final boolean mayHold;
    private final Runnable settleTask = this::settleAfterTasks;
    private final Runnable timerTask = this::timerFired;
    private ChannelHandlerContext ctx;
    /** The event loop's clock, which tests can stop and move. */
    private Ticker ticker;
    private boolean reading;
    private boolean settleScheduled;
    private boolean timerArmed;
    /**
     * Nesting depth of beginRequestHead: a count rather than a flag, so that a head written while
     * another is being written (no path does so today) cannot end the outer one's marking early.
     */
    private int headsBeingWritten;
    /** Something was written that must not wait. */
    private boolean urgent;
    /** Request heads written since the last flush, each counted once its writing ends. */
    private int heldHeads;
    private long holdingSince = NOT_HOLDING;
    private int turnsHeld;
    /** New holds still to refuse after holds that no other request joined. */
    private int penalty;
    private int lastPenalty;

    /**
     * @param activeStreams the connection's open streams, read on the event loop
     * @param mayHold whether requests may be held at all (the event loop's timers bound a hold)
     */
    Http2FlushBatcher(IntSupplier activeStreams, boolean mayHold) {
        this.activeStreams = activeStreams;
        this.mayHold = mayHold;
    }

    /** The writes and flush that follow are one request's head (and its body, if it came whole). */
    void beginRequestHead() {
        headsBeingWritten++;
    }

    void endRequestHead() {
        if (--headsBeingWritten == 0) {
            heldHeads++;
            scheduleSettle();
        }
    }

    /** What is written next, until the next flush, must not wait, even inside a request's head. */
    void writeUrgently() {
        urgent = true;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // Written first: a settle that cannot be scheduled must not leave the message unreleased.
        ctx.write(msg, promise);
        if (headsBeingWritten == 0) {
            urgent = true;
            // Not all writes are followed by a flush: the codec writes the HEADERS of a stream it
            // had to buffer (past the server's stream limit) when another stream closes, which
            // happens inside a flush.
            scheduleSettle();
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // A head's flush is decided when its writing ends; anything else written has scheduled its
        // settle already. Nothing is passed on here.
    }

    /** Outside a read, requests started in the same batch of tasks share one write. */
    private void scheduleSettle() {
        if (!reading && !settleScheduled) {
            try {
                ctx.executor().execute(settleTask);
                settleScheduled = true;
            } catch (RejectedExecutionException shuttingDown) {
                flushNow();
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // The handlers behind this one react to the read first: what they write joins this decision.
        ctx.fireChannelReadComplete();
        reading = false;
        if (holdingSince != NOT_HOLDING) {
            turnsHeld++;
        }
        settle();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            flushNow();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        flushNow();
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushNow();
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushNow();
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        flushNow();
    }

    private void settleAfterTasks() {
        settleScheduled = false;
        if (!reading) {
            settle();
        }
    }

    /** Sends what is pending, or holds it a while longer. */
    private void settle() {
        if (urgent) {
            flushNow();
        } else if (heldHeads == 0) {
            return;
        } else if (holdingSince == NOT_HOLDING) {
            if (mayStartHolding()) {
                holdingSince = ticker.nanoTime();
                turnsHeld = 0;
                armTimer(MAX_HOLD_NANOS);
            } else {
                flushNow();
            }
        } else if (turnsHeld >= MAX_TURNS || heldHeads >= MAX_HEADS || !answersPending()) {
            endHold();
        }
    }

    private boolean mayStartHolding() {
        if (!mayHold || heldHeads > 1 || !answersPending()) {
            return false; // a batch already, or nothing to wait for: no sign that holding is wasted
        }
        if (penalty > 0) {
            penalty--;
            return false;
        }
        return true;
    }

    /**
     * Enough other streams are open for the requests held (so reads should come, and the server
     * has work meanwhile), and sending is possible.
     */
    private boolean answersPending() {
        return activeStreams.getAsInt() - heldHeads >= heldHeads * IN_FLIGHT_PER_HELD
                && ctx.channel().isWritable();
    }

    private void armTimer(long delayNanos) {
        if (!timerArmed) {
            try {
                ctx.executor().schedule(timerTask, delayNanos, TimeUnit.NANOSECONDS);
                timerArmed = true;
            } catch (RejectedExecutionException shuttingDown) {
                flushNow(); // no timer would end the hold
            }
        }
    }

    private void timerFired() {
        timerArmed = false;
        if (holdingSince == NOT_HOLDING) {
            return;
        }
        // One timer serves successive holds: this one may have started after it was armed.
        long held = ticker.nanoTime() - holdingSince;
        if (held < MAX_HOLD_NANOS) {
            armTimer(MAX_HOLD_NANOS - held);
            return;
        }
        endHold();
    }

    /**
     * Sends what a hold gathered, and judges it: a hold that no other request joined bought
     * nothing, and those that follow it are refused for a while.
     */
    private void endHold() {
        if (heldHeads > 1) { // a hold starts with one request alone
            lastPenalty = 0;
        } else {
            lastPenalty = lastPenalty == 0 ? FIRST_PENALTY : Math.min(MAX_PENALTY, lastPenalty * 2);
            penalty = lastPenalty;
        }
        flushNow();
    }

    private void flushNow() {
        holdingSince = NOT_HOLDING;
        if (!urgent && heldHeads == 0) {
            return;
        }
        urgent = false;
        heldHeads = 0;
        ctx.flush();
    }
}
