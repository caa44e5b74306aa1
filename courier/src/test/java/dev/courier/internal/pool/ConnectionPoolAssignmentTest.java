package dev.courier.internal.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.HttpVersion;
import dev.courier.Limits;
import dev.courier.PoolTimeoutException;
import dev.courier.internal.exchange.Exchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's assignment function with fake connections and a scripted opener: no sockets. */
class ConnectionPoolAssignmentTest {
    private static final PoolKey A = new PoolKey("https", "a.test", 443, null);
    private static final PoolKey B = new PoolKey("https", "b.test", 443, null);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final FakeOpener opener = new FakeOpener();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ConnectionPool pool(int maxConnections) {
        return new ConnectionPool(Limits.of(maxConnections, maxConnections), maxConnections, opener, timer);
    }

    @Test
    void requestsWaitForAnOpeningConnectionThatMayBeHttp2AndShareIt() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 5);
        assertThat(opener.opens).hasSize(1);
        FakeConnection h2 = opener.complete(0, new FakeConnection(A, 4));
        assertThat(acquired.subList(0, 4)).allSatisfy(f -> assertThat(f.join()).isSameAs(h2));
        // The fifth did not fit in the stream limit: it opens a connection of its own.
        assertThat(acquired.get(4)).isNotDone();
        assertThat(opener.opens).hasSize(2);
        FakeConnection second = opener.complete(1, new FakeConnection(A, 4));
        assertThat(acquired.get(4).join()).isSameAs(second);
        assertThat(h2.usage().inUse()).isEqualTo(4);
        pool.release(h2, true);
        assertThat(h2.usage().inUse()).isEqualTo(3);
        assertThat(h2.closed).isFalse();
    }

    @Test
    void anOriginThatChoseHttp11IsRememberedSoLaterBurstsOpenInParallel() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> first = acquire(pool, A, 3);
        assertThat(opener.opens).hasSize(1);
        FakeConnection h1 = opener.complete(0, new FakeConnection(A, 1));
        assertThat(first.get(0).join()).isSameAs(h1);
        // The others stop waiting once the connection turned out to carry one exchange.
        assertThat(opener.opens).hasSize(3);
        opener.complete(1, new FakeConnection(A, 1));
        opener.complete(2, new FakeConnection(A, 1));
        assertThat(first).allSatisfy(f -> assertThat(f).isCompleted());
        acquire(pool, A, 2);
        assertThat(opener.opens).hasSize(5);
    }

    @Test
    void theFailureOfAConnectionOthersWaitedToShareFailsThemAll() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 3);
        opener.fail(0, new IOException("connection refused"));
        for (CompletableFuture<PooledConnection> f : acquired) {
            assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasMessageContaining("refused");
        }
        assertThat(opener.opens).hasSize(1);
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void aRaisedStreamLimitServesThoseWaitingAtTheConnectionLimit() {
        ConnectionPool pool = pool(1);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 3);
        FakeConnection h2 = opener.complete(0, new FakeConnection(A, 1));
        assertThat(acquired.get(0)).isCompleted();
        assertThat(acquired.subList(1, 3)).allSatisfy(f -> assertThat(f).isNotDone());
        h2.capacity = 3;
        pool.onCapacityChanged(h2);
        assertThat(acquired).allSatisfy(f -> assertThat(f.join()).isSameAs(h2));
        assertThat(opener.opens).hasSize(1);
    }

    @Test
    void aLoweredStreamLimitMakesNewRequestsWaitUntilStreamsEnd() {
        ConnectionPool pool = pool(1);
        List<CompletableFuture<PooledConnection>> first = acquire(pool, A, 3);
        FakeConnection h2 = opener.complete(0, new FakeConnection(A, 10));
        assertThat(first).allSatisfy(f -> assertThat(f).isCompleted());
        h2.capacity = 2;
        pool.onCapacityChanged(h2);
        CompletableFuture<PooledConnection> late = acquire(pool, A, 1).get(0);
        pool.release(h2, true);
        assertThat(late).isNotDone();
        pool.release(h2, true);
        assertThat(late.join()).isSameAs(h2);
    }

    @Test
    void aRetiredConnectionTakesNoNewStreamsAndClosesAfterItsLast() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> first = acquire(pool, A, 2);
        FakeConnection old = opener.complete(0, new FakeConnection(A, 10));
        old.retired = true;
        pool.onCapacityChanged(old);
        CompletableFuture<PooledConnection> next = acquire(pool, A, 1).get(0);
        assertThat(opener.opens).hasSize(2);
        FakeConnection fresh = opener.complete(1, new FakeConnection(A, 10));
        assertThat(next.join()).isSameAs(fresh);
        pool.release(old, true);
        assertThat(old.closed).isFalse();
        pool.release(old, true);
        assertThat(old.closed).isTrue();
        assertThat(first).allSatisfy(f -> assertThat(f.join()).isSameAs(old));
    }

    @Test
    void keysDoNotShareConnections() {
        ConnectionPool pool = pool(10);
        CompletableFuture<PooledConnection> a = acquire(pool, A, 1).get(0);
        CompletableFuture<PooledConnection> b = acquire(pool, B, 1).get(0);
        assertThat(opener.opens).hasSize(2);
        FakeConnection ca = opener.complete(0, new FakeConnection(A, 10));
        FakeConnection cb = opener.complete(1, new FakeConnection(B, 10));
        assertThat(a.join()).isSameAs(ca);
        assertThat(b.join()).isSameAs(cb);
    }

    /** RELIABILITY §1.10 cancel during connect: an open nobody waits for any more is cancelled, its slot freed. */
    @Test
    void anOpenWhoseRequestGaveUpIsCancelledWhenNobodyElseWaits() {
        ConnectionPool pool = pool(1);
        CompletableFuture<PooledConnection> gaveUp = acquire(pool, A, 1).get(0);
        assertThat(pool.counts()).containsExactly(1, 0, 1, 0);
        gaveUp.cancel(false);
        assertThat(opener.opens.get(0)).isCancelled();
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
        // The only slot is free again.
        acquire(pool, B, 1);
        assertThat(opener.opens).hasSize(2);
    }

    @Test
    void anOpenWhoseRequestGaveUpGoesOnForAnotherWaitingForItsKey() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        acquired.get(0).cancel(false);
        assertThat(opener.opens.get(0)).isNotDone();
        FakeConnection h1 = opener.complete(0, new FakeConnection(A, 1));
        assertThat(acquired.get(1).join()).isSameAs(h1);
        assertThat(opener.opens).hasSize(1);
    }

    /** RELIABILITY §1.10 cancel during connect: the open kept for another is nobody's once that one gives up too. */
    @Test
    void anOpenKeptForAnotherIsCancelledWhenThatOneGivesUpToo() {
        ConnectionPool pool = pool(1);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        acquired.get(0).cancel(false);
        assertThat(opener.opens.get(0)).isNotDone();
        acquired.get(1).cancel(false);
        assertThat(opener.opens.get(0)).isCancelled();
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
        acquire(pool, A, 1);
        assertThat(opener.opens).hasSize(2);
    }

    @Test
    void anOpenKeptForAnotherIsCancelledWhenThatOneTimesOutInThePool() {
        ConnectionPool pool = pool(1);
        CompletableFuture<PooledConnection> gaveUp = acquire(pool, A, 1).get(0);
        CompletableFuture<PooledConnection> timesOut = pool.acquire(A, false, Duration.ofMillis(500), null,
                ConnectionEvents.NONE);
        gaveUp.cancel(false);
        assertThat(opener.opens.get(0)).isNotDone();
        assertThatThrownBy(() -> timesOut.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(PoolTimeoutException.class);
        assertThat(opener.opens.get(0)).isCancelled();
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void anOpenKeptForAnotherThatSucceedsServesItAndStaysInThePool() {
        ConnectionPool pool = pool(1);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        acquired.get(0).cancel(false);
        FakeConnection h1 = opener.complete(0, new FakeConnection(A, 1));
        assertThat(acquired.get(1).join()).isSameAs(h1);
        pool.release(h1, true);
        assertThat(h1.closed).isFalse();
        assertThat(pool.counts()).containsExactly(1, 1, 0, 0);
        assertThat(acquire(pool, A, 1).get(0).join()).isSameAs(h1);
        assertThat(opener.opens).hasSize(1);
    }

    /**
     * RELIABILITY §1.10 cancel during connect: A's open, kept for B when A gave up, is nobody's once
     * B is lent a connection that became free (X's, released): it is cancelled then, its slot freed,
     * rather than left connecting until its connect timeout.
     */
    @Test
    void anOpenKeptForAnotherIsCancelledWhenThatOneIsLentAReleasedConnection() {
        ConnectionPool pool = pool(2);
        FakeConnection busy = inUseByX(pool);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        CompletableFuture<PooledConnection> a = acquired.get(0);
        CompletableFuture<PooledConnection> b = acquired.get(1);
        assertThat(opener.opens).hasSize(2);
        assertThat(pool.counts()).containsExactly(2, 0, 2, 1);

        a.cancel(false);
        assertThat(opener.opens.get(1)).as("kept for B").isNotDone();
        assertThat(pool.counts()).containsExactly(2, 0, 2, 1);

        pool.release(busy, true);
        assertThat(b.join()).isSameAs(busy);
        assertThat(opener.opens.get(1)).as("nobody's once B is served").isCancelled();
        assertThat(pool.counts()).containsExactly(1, 0, 1, 0);
        pool.release(busy, true);
        assertThat(pool.counts()).containsExactly(1, 1, 0, 0);
        assertThat(opener.opens).hasSize(2);
    }

    /**
     * The same when B is lent room on a multiplexed connection that another request's open brought
     * (here a fresh-only one's): A's open, kept for B, is cancelled once B has its stream.
     */
    @Test
    void anOpenKeptForAnotherIsCancelledWhenThatOneSharesAConnectionAnotherOpenBrought() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        CompletableFuture<PooledConnection> a = acquired.get(0);
        CompletableFuture<PooledConnection> b = acquired.get(1);
        a.cancel(false);
        assertThat(opener.opens.get(0)).as("kept for B").isNotDone();
        CompletableFuture<PooledConnection> fresh = pool.acquire(A, true, Duration.ofSeconds(30), null,
                ConnectionEvents.NONE);
        assertThat(opener.opens).hasSize(2);
        assertThat(opener.opens.get(0)).isNotDone();

        FakeConnection h2 = opener.complete(1, new FakeConnection(A, 4));
        assertThat(fresh.join()).isSameAs(h2);
        assertThat(b.join()).isSameAs(h2);
        assertThat(a).isCancelled();
        assertThat(opener.opens.get(0)).as("nobody's once B is served").isCancelled();
        assertThat(pool.counts()).containsExactly(1, 0, 1, 0);
    }

    /**
     * The same when X's connection is closed instead of released: the freed slot gives B an open of
     * its own, and A's open, kept for B, is nobody's.
     */
    @Test
    void anOpenKeptForAnotherIsCancelledWhenThatOneGetsAnOpenOfItsOwn() {
        ConnectionPool pool = pool(2);
        FakeConnection busy = inUseByX(pool);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 2);
        CompletableFuture<PooledConnection> b = acquired.get(1);
        acquired.get(0).cancel(false);
        assertThat(opener.opens.get(1)).as("kept for B").isNotDone();

        pool.release(busy, false);
        assertThat(busy.closed).isTrue();
        assertThat(opener.opens).hasSize(3);
        assertThat(opener.opens.get(1)).as("nobody's once B has an open of its own").isCancelled();
        assertThat(opener.opens.get(2)).isNotDone();
        assertThat(pool.counts()).containsExactly(1, 0, 1, 0);
        FakeConnection own = opener.complete(2, new FakeConnection(A, 1));
        assertThat(b.join()).isSameAs(own);
    }

    /**
     * No early cancelling: while B, for whom A's open was kept, still waits, the pool deciding again
     * without serving it leaves the open going; so does serving B while C, who may share it too,
     * still waits. The open is cancelled once the last of them is served.
     */
    @Test
    void anOpenKeptForOthersGoesOnUntilTheLastOfThemIsServed() {
        ConnectionPool pool = pool(2);
        FakeConnection busy = inUseByX(pool);
        List<CompletableFuture<PooledConnection>> acquired = acquire(pool, A, 3);
        CompletableFuture<PooledConnection> b = acquired.get(1);
        CompletableFuture<PooledConnection> c = acquired.get(2);
        acquired.get(0).cancel(false);
        CompletableFuture<PooledConnection> kept = opener.opens.get(1);

        // The pool decides again (the connection's capacity "changed") and serves nobody.
        pool.onCapacityChanged(busy);
        assertThat(b).isNotDone();
        assertThat(kept).as("B still waits").isNotDone();
        assertThat(pool.counts()).containsExactly(2, 0, 2, 2);

        pool.release(busy, true);
        assertThat(b.join()).isSameAs(busy);
        assertThat(kept).as("C still waits").isNotDone();
        assertThat(pool.counts()).containsExactly(2, 0, 2, 1);

        pool.release(busy, true);
        assertThat(c.join()).isSameAs(busy);
        assertThat(kept).as("nobody's once C is served").isCancelled();
        assertThat(pool.counts()).containsExactly(1, 0, 1, 0);
        assertThat(opener.opens).hasSize(2);
    }

    /**
     * Closing the pool fails the requests whose open is under way (they have left the waiting queue)
     * as it fails those waiting, and cancels the opens: nobody would take their connections.
     */
    @Test
    void closingThePoolFailsTheRequestsWhoseOpenIsUnderWayAndCancelsTheOpens() {
        ConnectionPool pool = pool(10);
        List<CompletableFuture<PooledConnection>> acquired = new ArrayList<>(acquire(pool, A, 2));
        acquired.add(acquire(pool, B, 1).get(0));
        assertThat(opener.opens).hasSize(2);
        assertThat(pool.counts()).containsExactly(2, 0, 2, 1);
        pool.close();
        assertThat(acquired).allSatisfy(ConnectionPoolAssignmentTest::failedByTheClose);
        assertThat(opener.opens).allSatisfy(open -> assertThat(open).isCancelled());
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
    }

    /**
     * An open past the point where cancelling stops it (its connection arrives all the same) after
     * the pool closed: its request has failed at the close, and the connection is closed, not lent.
     */
    @Test
    void aConnectionThatOpensAfterThePoolClosedIsClosedAndItsRequestHasFailed() {
        opener.pastCancelling = true;
        ConnectionPool pool = pool(10);
        CompletableFuture<PooledConnection> request = acquire(pool, A, 1).get(0);
        pool.close();
        failedByTheClose(request);
        assertThat(opener.opens.get(0)).isNotDone();
        FakeConnection late = opener.complete(0, new FakeConnection(A, 1));
        assertThat(late.closed).isTrue();
        assertThat(late.usage().inUse()).isZero();
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
    }

    /** The pool closing while an open is being started (its request in neither the queue nor the opens). */
    @Test
    void aCloseWhileAnOpenStartsFailsItsRequestAndCancelsTheOpen() {
        ConnectionPool pool = pool(10);
        opener.beforeReturning = pool::close;
        CompletableFuture<PooledConnection> request = acquire(pool, A, 1).get(0);
        failedByTheClose(request);
        assertThat(opener.opens.get(0)).isCancelled();
        assertThat(pool.counts()).containsExactly(0, 0, 0, 0);
    }

    /** {@code request} failed as the pool's close fails those waiting (checked at once: nothing else would end it). */
    private static void failedByTheClose(CompletableFuture<PooledConnection> request) {
        assertThat(request).isCompletedExceptionally();
        assertThatThrownBy(request::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessage("The transport was closed while waiting for a connection");
    }

    private static List<CompletableFuture<PooledConnection>> acquire(ConnectionPool pool, PoolKey key, int n) {
        List<CompletableFuture<PooledConnection>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pool.acquire(key, false, Duration.ofSeconds(30), null, ConnectionEvents.NONE));
        }
        return out;
    }

    /** Records each open and lets the test decide how it ends; every key may be HTTP/2. */
    private static final class FakeOpener implements ConnectionOpener {
        final List<CompletableFuture<PooledConnection>> opens = new ArrayList<>();
        /** Opens ignore cancelling, as one whose connection is already on its way. */
        boolean pastCancelling;
        /** Runs in each open before it returns, as whatever the pool's caller does meanwhile. */
        Runnable beforeReturning;

        @Override
        public synchronized CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout,
                ConnectionEvents events) {
            CompletableFuture<PooledConnection> f = pastCancelling ? new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterruptIfRunning) {
                    return false;
                }
            } : new CompletableFuture<>();
            opens.add(f);
            if (beforeReturning != null) {
                beforeReturning.run();
            }
            return f;
        }

        @Override
        public boolean mayMultiplex(PoolKey key) {
            return true;
        }

        FakeConnection complete(int index, FakeConnection connection) {
            opens.get(index).complete(connection);
            return connection;
        }

        void fail(int index, Throwable failure) {
            opens.get(index).completeExceptionally(failure);
        }
    }

    /** The pool's first connection for A, HTTP/1.1, opened for and lent to a request X that keeps it. */
    private FakeConnection inUseByX(ConnectionPool pool) {
        CompletableFuture<PooledConnection> x = acquire(pool, A, 1).get(0);
        FakeConnection busy = opener.complete(0, new FakeConnection(A, 1));
        assertThat(x.join()).isSameAs(busy);
        return busy;
    }

    private static final class FakeConnection implements PooledConnection {
        final PoolKey key;
        final ConnectionUsage usage = new ConnectionUsage();
        volatile int capacity;
        volatile boolean retired;
        volatile boolean closed;

        FakeConnection(PoolKey key, int capacity) {
            this.key = key;
            this.capacity = capacity;
        }

        @Override public PoolKey key() { return key; }
        @Override public HttpVersion httpVersion() { return capacity > 1 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1; }
        @Override public boolean isClosed() { return closed; }
        @Override public int capacity() { return capacity; }
        @Override public boolean isRetired() { return retired; }
        @Override public ConnectionUsage usage() { return usage; }
        @Override public void execute(Exchange exchange) { throw new UnsupportedOperationException(); }
        @Override public void close() { closed = true; }
    }
}
