package dev.courier.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.ConnectFailedException;
import dev.courier.Request;
import dev.courier.internal.BlockingTasks;
import dev.courier.internal.netty.ExceptionMapper;
import dev.courier.transport.Resolver;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The resolvers behind {@link Resolver}: the table, the JVM's, Netty's with its TTL cache, and their failures. */
class ResolverTest {
    private static final long WAIT_SECONDS = 30;

    private static final InetAddress LOOPBACK_V4 = address("127.0.0.1");
    private static final InetAddress LOOPBACK_V6 = address("::1");

    @Test
    void tableAnswersItsHostsIgnoringCase() throws Exception {
        Resolver table = Resolver.of(Map.of("API.example.test", List.of(LOOPBACK_V6, LOOPBACK_V4)));

        assertThat(await(table.resolve("api.example.test"))).containsExactly(LOOPBACK_V6, LOOPBACK_V4);
    }

    @Test
    void tableFailsForAnUnknownHostNamingIt() {
        Resolver table = Resolver.of(Map.of("known.test", List.of(LOOPBACK_V4)));

        assertUnknownHost(table.resolve("other.test"), "other.test");
    }

    @Test
    void systemResolvesLocalhost() throws Exception {
        assertThat(await(Resolver.system().resolve("localhost"))).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void systemFailsForAnInvalidNameNamingIt() {
        // The lookup fails as the JDK's does for a name nobody knows, without asking a DNS server off this machine.
        SystemResolver resolver = new SystemResolver(host -> {
            throw new UnknownHostException(host);
        }, BlockingTasks.executor());
        assertUnknownHost(resolver.resolve("nosuch.invalid"), "nosuch.invalid");
    }

    @Test
    void systemLooksUpOnABlockingTaskThreadNeverTheCallers() throws Exception {
        AtomicReference<Thread> lookupThread = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        SystemResolver resolver = new SystemResolver(host -> {
            lookupThread.set(Thread.currentThread());
            try {
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] {LOOPBACK_V4};
        }, BlockingTasks.executor());

        CompletableFuture<List<InetAddress>> lookup = resolver.resolve("slow.test");
        assertThat(lookup).isNotDone();
        release.countDown();

        assertThat(await(lookup)).containsExactly(LOOPBACK_V4);
        assertThat(lookupThread.get()).isNotSameAs(Thread.currentThread());
        assertThat(lookupThread.get().getName()).startsWith("courier-blocking-");
    }

    @Test
    void asyncResolvesLocalhostFromTheHostsFileAndAgainTheSame() throws Exception {
        List<InetAddress> first = await(Resolver.async().resolve("localhost"));
        List<InetAddress> second = await(Resolver.async().resolve("localhost"));

        assertThat(first).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void asyncCachesAnAnswerForItsTtlAndAsksAgainAfter() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer()
                .answer("cached.test", (Inet4Address) LOOPBACK_V4, 3600)
                .answer("brief.test", (Inet4Address) LOOPBACK_V4, 1);
                AsyncDnsResolver resolver = new AsyncDnsResolver(dns.address())) {
            assertThat(await(resolver.resolve("cached.test"))).containsExactly(LOOPBACK_V4);
            assertThat(await(resolver.resolve("cached.test"))).containsExactly(LOOPBACK_V4);
            assertThat(dns.aQueries("cached.test")).isEqualTo(1);

            // A one-second TTL: some later lookup must go back to the server (bounded, not timed).
            assertThat(await(resolver.resolve("brief.test"))).containsExactly(LOOPBACK_V4);
            for (int i = 0; i < 100 && dns.aQueries("brief.test") < 2; i++) {
                Thread.sleep(100);
                assertThat(await(resolver.resolve("brief.test"))).containsExactly(LOOPBACK_V4);
            }
            assertThat(dns.aQueries("brief.test")).isEqualTo(2);
        }
    }

    @Test
    void asyncFailsForAnUnknownNameNamingIt() throws Exception {
        try (FakeDnsServer dns = new FakeDnsServer(); AsyncDnsResolver resolver = new AsyncDnsResolver(dns.address())) {
            assertUnknownHost(resolver.resolve("nosuch.invalid"), "nosuch.invalid");
        }
    }

    @Test
    void literalsNeverReachTheResolver() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Resolver counting = host -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(new UnknownHostException(host));
        };

        assertThat(await(HostResolution.addresses(counting, "127.0.0.1"))).containsExactly(LOOPBACK_V4);
        assertThat(await(HostResolution.addresses(counting, "::1"))).containsExactly(LOOPBACK_V6);
        assertThat(await(HostResolution.addresses(counting, "[::1]"))).containsExactly(LOOPBACK_V6);
        assertThat(calls).hasValue(0);
    }

    @Test
    void everyResolverAnswersThroughTheTransportsSide() throws Exception {
        // Immutable lists (List.of, List.copyOf) throw on contains(null): the answer must still get through.
        assertThat(await(HostResolution.addresses(host -> CompletableFuture.completedFuture(List.of(LOOPBACK_V4)),
                "immutable.test"))).containsExactly(LOOPBACK_V4);
        assertThat(await(HostResolution.addresses(Resolver.system(), "localhost"))).isNotEmpty();
        assertThat(await(HostResolution.addresses(Resolver.async(), "localhost"))).isNotEmpty();
    }

    @Test
    void anyResolverFailureBecomesAnUnknownHostNamingIt() {
        assertUnknownHost(HostResolution.addresses(host -> CompletableFuture.completedFuture(List.of()), "empty.test"),
                "empty.test");
        assertUnknownHost(HostResolution.addresses(host -> null, "null.test"), "null.test");
        assertUnknownHost(HostResolution.addresses(host -> {
            throw new IllegalStateException("broken resolver");
        }, "throws.test"), "throws.test");
        assertUnknownHost(HostResolution.addresses(
                host -> CompletableFuture.failedFuture(new IllegalStateException("down")), "fails.test"), "fails.test");
    }

    @Test
    void aResolutionFailureMapsToConnectFailedNamingTheHost() {
        Throwable failure = catchFailure(HostResolution.addresses(Resolver.of(Map.of()), "nosuch.invalid"));
        Request request = Request.builder("GET", "http://nosuch.invalid/").build();

        RuntimeException mapped = ExceptionMapper.map(failure, request, "nosuch.invalid:80", ExceptionMapper.Phase.CONNECT);

        assertThat(mapped).isInstanceOf(ConnectFailedException.class).hasMessageContaining("nosuch.invalid")
                .hasCause(failure);
    }

    private static void assertUnknownHost(CompletableFuture<List<InetAddress>> lookup, String host) {
        assertThat(catchFailure(lookup)).isInstanceOf(UnknownHostException.class).hasMessageContaining(host);
    }

    private static Throwable catchFailure(CompletableFuture<List<InetAddress>> lookup) {
        assertThatThrownBy(() -> lookup.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return lookup.handle((ok, failure) -> failure).join();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
