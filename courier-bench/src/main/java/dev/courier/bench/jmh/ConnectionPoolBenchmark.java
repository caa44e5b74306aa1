package dev.courier.bench.jmh;

import dev.courier.HttpVersion;
import dev.courier.Limits;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.pool.ConnectionEvents;
import dev.courier.internal.pool.ConnectionOpener;
import dev.courier.internal.pool.ConnectionPool;
import dev.courier.internal.pool.ConnectionUsage;
import dev.courier.internal.pool.PoolKey;
import dev.courier.internal.pool.PooledConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@link ConnectionPool} acquire and release of an idle HTTP/1.1 connection: the assignment
 * function under the pool's lock, the future, the release (idle trimming, the expiry sweep check).
 * The connections are fakes and the opener completes at once (no sockets, as in
 * ConnectionPoolAssignmentTest); it is called only until each thread has a connection of its own
 * to take back: one for the single-threaded run, up to two for the two-threaded one, which then
 * contends on the pool's lock. The pool timeout is set, as the client always sets it; with an idle
 * connection at hand it never schedules a timer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionPoolBenchmark {
    private static final PoolKey KEY = new PoolKey("https", "api.example.com", 443, null);
    private static final Duration POOL_TIMEOUT = Duration.ofSeconds(5);

    private ScheduledExecutorService timer;
    private ConnectionPool pool;
    private InstantOpener opener;

    @Setup(Level.Trial)
    public void setUp() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-bench-timer");
            t.setDaemon(true);
            return t;
        });
        opener = new InstantOpener();
        // HttpTransport's default limits (100 connections, 20 kept idle, 20 idle per host), but idle
        // connections kept for an hour: one left idle over 5 s while the other thread took its twin
        // would be closed and reopened, which is not what this measures.
        Limits limits = Limits.DEFAULT.withKeepAliveExpiry(Duration.ofHours(1));
        pool = new ConnectionPool(limits, limits.maxKeepAliveConnections(), opener, timer);
        // One connection opened and idle before measuring.
        pool.release(pool.acquire(KEY, false, POOL_TIMEOUT, null, ConnectionEvents.NONE).join(), true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        timer.shutdownNow();
        if (opener.opened.get() > 2) {
            // Should not happen: an idle connection was available to every acquire but the first per thread.
            throw new IllegalStateException("The pool opened " + opener.opened + " connections");
        }
    }

    /** One thread: acquire the idle connection, release it reusable. */
    @Benchmark
    @Threads(1)
    public PooledConnection acquireRelease() {
        return acquireAndRelease();
    }

    /** Two threads doing the same at once, on one pool (so two connections, and one lock). */
    @Benchmark
    @Threads(2)
    public PooledConnection acquireRelease2Threads() {
        return acquireAndRelease();
    }

    private PooledConnection acquireAndRelease() {
        PooledConnection connection = pool.acquire(KEY, false, POOL_TIMEOUT, null, ConnectionEvents.NONE).join();
        pool.release(connection, true);
        return connection;
    }

    /** Completes each open at once with a new fake HTTP/1.1 connection; never HTTP/2. */
    private static final class InstantOpener implements ConnectionOpener {
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public CompletableFuture<PooledConnection> open(PoolKey key, Duration connectTimeout, ConnectionEvents events) {
            opened.incrementAndGet();
            return CompletableFuture.completedFuture(new FakeConnection(key));
        }

        @Override
        public boolean mayMultiplex(PoolKey key) {
            return false;
        }
    }

    /** An open HTTP/1.1 connection that carries nothing. */
    private static final class FakeConnection implements PooledConnection {
        private final PoolKey key;
        private final ConnectionUsage usage = new ConnectionUsage();
        private volatile boolean closed;

        FakeConnection(PoolKey key) {
            this.key = key;
        }

        @Override
        public PoolKey key() {
            return key;
        }

        @Override
        public HttpVersion httpVersion() {
            return HttpVersion.HTTP_1_1;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public int capacity() {
            return 1;
        }

        @Override
        public boolean isRetired() {
            return false;
        }

        @Override
        public ConnectionUsage usage() {
            return usage;
        }

        @Override
        public void execute(Exchange exchange) {
            throw new UnsupportedOperationException("a benchmark fake carries no exchange");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
