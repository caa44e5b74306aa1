package dev.courier.internal.netty;

import dev.courier.internal.pool.ConnectionEvents;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Connects to one of a host's addresses by racing them as RFC 8305 ("Happy Eyeballs v2") does, so
 * that a dead or unreachable address, often IPv6 on a network that only pretends to route it, costs
 * a short delay rather than a whole connect timeout.
 *
 * <p>Addresses are tried in {@link #interleave} order. Each attempt starts when the previous one has
 * failed or when the Connection Attempt Delay has passed without a connection, whichever comes
 * first; attempts already started go on. The first connection made wins and every other attempt is
 * cancelled or its channel closed. When all fail, the failure of the most preferred address is
 * reported, with the others suppressed in it. Cancelling the returned future abandons every attempt.
 *
 * <p>Every attempt is reported to the events: connectStart, then connectEnd for the winner and
 * connectFailed for the others, those abandoned included (with a {@link CancellationException}).
 *
 * <p>All state lives on {@code executor}; give the Bootstrap that same event loop and the race needs
 * no thread hops.
 */
public final class HappyEyeballs {
    /** RFC 8305 §8's recommended Connection Attempt Delay. */
    public static final Duration DEFAULT_DELAY = Duration.ofMillis(250);

    private final List<InetSocketAddress> targets;
    private final Function<InetSocketAddress, ChannelFuture> attempt;
    private final long delayNanos;
    private final EventExecutor executor;
    private final ConnectionEvents events;
    private final CompletableFuture<Channel> result = new CompletableFuture<>();
    private final List<ChannelFuture> attempts = new ArrayList<>();
    private final Throwable[] failures;
    private int failed;
    private ScheduledFuture<?> timer;

    private HappyEyeballs(List<InetSocketAddress> targets, Function<InetSocketAddress, ChannelFuture> attempt,
            Duration delay, EventExecutor executor, ConnectionEvents events) {
        this.targets = targets;
        this.attempt = attempt;
        this.delayNanos = delay.toNanos();
        this.executor = executor;
        this.events = events;
        this.failures = new Throwable[targets.size()];
    }

    /**
     * Connects to {@code port} on one of {@code addresses} (at least one), calling {@code attempt} (the
     * caller's {@code Bootstrap.connect}) at most once per distinct address. Timers run on
     * {@code executor}. The future completes with the winning, connected channel. Each attempt is
     * reported to {@code events}.
     */
    public static CompletableFuture<Channel> connect(List<InetAddress> addresses, int port,
            Function<InetSocketAddress, ChannelFuture> attempt, Duration delay, EventExecutor executor,
            ConnectionEvents events) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to connect to");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative connection attempt delay: " + delay);
        }
        List<InetSocketAddress> targets = new ArrayList<>();
        for (InetAddress address : interleave(addresses)) {
            targets.add(new InetSocketAddress(address, port));
        }
        HappyEyeballs race = new HappyEyeballs(targets, attempt, delay, executor, events);
        race.result.whenComplete((channel, failure) -> race.onExecutor(race::abandonLosers));
        race.onExecutor(race::startNext);
        return race.result;
    }

    /**
     * {@code addresses} in the order RFC 8305 §4 tries them: duplicates dropped, families alternating
     * and IPv6 first (v6, v4, v6, v4, ...), the resolver's order kept within each family.
     */
    public static List<InetAddress> interleave(List<InetAddress> addresses) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        for (InetAddress address : new LinkedHashSet<>(addresses)) {
            (address instanceof Inet6Address ? v6 : v4).add(address);
        }
        List<InetAddress> ordered = new ArrayList<>(v6.size() + v4.size());
        for (int i = 0; i < Math.max(v6.size(), v4.size()); i++) {
            if (i < v6.size()) {
                ordered.add(v6.get(i));
            }
            if (i < v4.size()) {
                ordered.add(v4.get(i));
            }
        }
        return ordered;
    }

    /** Starts the attempt on the next address, and the timer for the one after. Executor only. */
    private void startNext() {
        int index = attempts.size();
        if (result.isDone() || index == targets.size()) {
            return;
        }
        cancelTimer();
        ChannelFuture connecting;
        events.connectStart(targets.get(index));
        try {
            connecting = attempt.apply(targets.get(index));
        } catch (RuntimeException e) {
            attempts.add(null);
            events.connectFailed(targets.get(index), e);
            attemptFailed(index, e);
            return;
        }
        attempts.add(connecting);
        if (index + 1 < targets.size()) {
            timer = executor.schedule(this::startNext, delayNanos, TimeUnit.NANOSECONDS);
        }
        connecting.addListener(done -> onExecutor(() -> attemptDone(index, connecting)));
    }

    private void attemptDone(int index, ChannelFuture connecting) {
        InetSocketAddress target = targets.get(index);
        if (!connecting.isSuccess()) {
            events.connectFailed(target, connecting.cause());
            attemptFailed(index, connecting.cause());
            return;
        }
        if (!result.isDone()) {
            // Before completing: what follows the connection (TLS) runs inside complete().
            events.connectEnd(target);
            if (result.complete(connecting.channel())) {
                return;
            }
        } else if (events.isEnabled()) {
            events.connectFailed(target, new CancellationException("connected to " + target
                    + " after another address had won the race, or after the connection was abandoned"));
        }
        // Connected after another attempt won, or after the caller gave up.
        connecting.channel().close();
    }

    private void attemptFailed(int index, Throwable cause) {
        if (result.isDone()) {
            return;
        }
        failures[index] = cause;
        if (++failed < targets.size()) {
            // RFC 8305 §5: a failure need not wait out the delay before the next address is tried.
            startNext();
            return;
        }
        Throwable first = failures[0];
        for (int i = 1; i < failures.length; i++) {
            if (failures[i] != first) {
                first.addSuppressed(failures[i]);
            }
        }
        result.completeExceptionally(first);
    }

    /** Once the race is decided: every attempt but the winner is cancelled and its channel closed. */
    private void abandonLosers() {
        cancelTimer();
        Channel winner = result.isCompletedExceptionally() ? null : result.getNow(null);
        for (ChannelFuture connecting : attempts) {
            if (connecting != null && connecting.channel() != winner) {
                connecting.cancel(false);
                connecting.channel().close();
            }
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onExecutor(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down with its transport: its channels go with it.
            result.completeExceptionally(e);
        }
    }
}
