package dev.courier.internal.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.internal.pool.ConnectionEvents;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Happy Eyeballs over real sockets on loopback: a good address behind dead ones is found, the losers'
 * channels are all closed, and cancelling abandons every attempt.
 *
 * <p>The addresses handed to the race are labels; the attempt function maps each to a real endpoint
 * on loopback: the test server on 127.0.0.1 for a good one, a closed port for a dead one (on ::1 for
 * the IPv6 label when the sandbox has IPv6 loopback), and a connection whose attempt future never
 * completes for a hanging one.
 */
class HappyEyeballsTest {
    private static final long WAIT_SECONDS = 30;
    private static final Duration DELAY = Duration.ofMillis(50);

    private static final InetAddress V6 = address("::1");
    private static final InetAddress V4 = address("127.0.0.1");
    private static final InetAddress V4_B = address("127.0.0.2");
    private static final InetAddress V4_C = address("127.0.0.3");
    private static final boolean IPV6_LOOPBACK = canBind(V6);

    private EventLoopGroup group;
    private EventLoop loop;
    private ServerSocket server;
    private final List<Channel> created = Collections.synchronizedList(new ArrayList<>());
    private final List<InetAddress> attempted = Collections.synchronizedList(new ArrayList<>());
    private final List<ChannelFuture> hanging = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        server = new ServerSocket(0, 50, V4);
    }

    @AfterEach
    void stop() throws Exception {
        for (Channel ch : List.copyOf(created)) {
            ch.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        server.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void interleavesFamiliesIpv6FirstKeepingTheOrderWithinEach() {
        InetAddress a6 = address("2001:db8::1");
        InetAddress b6 = address("2001:db8::2");

        assertThat(HappyEyeballs.interleave(List.of(V4, V4_B, a6, V4_C, b6))).containsExactly(a6, V4, b6, V4_B, V4_C);
        assertThat(HappyEyeballs.interleave(List.of(V4, V4_B))).containsExactly(V4, V4_B);
        assertThat(HappyEyeballs.interleave(List.of(b6, a6))).containsExactly(b6, a6);
        assertThat(HappyEyeballs.interleave(List.of(V4, a6, V4, a6))).containsExactly(a6, V4);
    }

    @Test
    void aSingleAddressJustConnects() throws Exception {
        Channel winner = await(race(List.of(V4), attempts(Set.of(), Set.of())));

        assertThat(winner.remoteAddress()).isEqualTo(good());
        assertThat(created).containsExactly(winner);
    }

    @Test
    void fallsBackFromADeadIpv6AddressToAGoodIpv4One() throws Exception {
        Channel winner = await(race(List.of(V4, V6), attempts(Set.of(V6), Set.of())));

        assertThat(winner.remoteAddress()).isEqualTo(good());
        assertThat(attempted).containsExactly(V6, V4);
        assertEveryOtherChannelClosed(winner);
    }

    @Test
    void findsTheGoodAddressBehindTwoDeadOnes() throws Exception {
        Channel winner = await(race(List.of(V4, V4_B, V6), attempts(Set.of(V4, V6), Set.of())));

        assertThat(winner.remoteAddress()).isEqualTo(good());
        assertThat(attempted).containsExactly(V6, V4, V4_B);
        assertEveryOtherChannelClosed(winner);
    }

    @Test
    void whenAllFailTheMostPreferredFailureIsReportedWithTheOthersSuppressed() throws Exception {
        Set<InetAddress> all = Set.of(V4, V4_B, V4_C);
        Throwable failure = failureOf(race(List.of(V4, V4_B, V4_C), attempts(all, Set.of())));

        assertThat(failure).isInstanceOf(ConnectException.class);
        assertThat(failure.getSuppressed()).hasSize(2).allMatch(ConnectException.class::isInstance);
        assertThat(attempted).containsExactly(V4, V4_B, V4_C);
        assertEveryOtherChannelClosed(null);
    }

    @Test
    void aHangingAttemptIsAbandonedWhenALaterOneConnects() throws Exception {
        Channel winner = await(race(List.of(V4, V6), attempts(Set.of(), Set.of(V6))));

        assertThat(hanging).hasSize(1);
        assertThat(winner).isNotSameAs(hanging.get(0).channel());
        assertThat(attempted).containsExactly(V6, V4);
        assertEveryOtherChannelClosed(winner);
        assertThat(hanging).allMatch(ChannelFuture::isCancelled);
    }

    @Test
    void withNoDelayAllRaceAndOnlyTheWinnerStaysOpen() throws Exception {
        Channel winner = await(HappyEyeballs.connect(List.of(V6, V4, V4_B), server.getLocalPort(),
                attempts(Set.of(), Set.of()), Duration.ZERO, loop, ConnectionEvents.NONE));

        assertThat(winner.isActive()).isTrue();
        assertThat(attempted).doesNotHaveDuplicates();
        assertEveryOtherChannelClosed(winner);
    }

    @Test
    void cancellingAbandonsEveryAttempt() throws Exception {
        Set<InetAddress> all = Set.of(V6, V4, V4_B);
        CompletableFuture<Channel> race = race(List.of(V6, V4, V4_B), attempts(Set.of(), all));
        for (int i = 0; i < 600 && hanging.size() < 3; i++) {
            Thread.sleep(50); // bounded wait for the delay to start every attempt
        }
        assertThat(hanging).hasSize(3);

        race.cancel(false);

        assertThatThrownBy(() -> race.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertEveryOtherChannelClosed(null);
        assertThat(hanging).allMatch(ChannelFuture::isCancelled);
    }

    private CompletableFuture<Channel> race(List<InetAddress> addresses, Function<InetSocketAddress, ChannelFuture> attempt) {
        return HappyEyeballs.connect(addresses, server.getLocalPort(), attempt, DELAY, loop,
                ConnectionEvents.NONE);
    }

    /** The attempt function: labels in {@code dead} go to a closed port, in {@code hang} never finish, others connect. */
    private Function<InetSocketAddress, ChannelFuture> attempts(Set<InetAddress> dead, Set<InetAddress> hang) {
        return remote -> {
            InetAddress label = remote.getAddress();
            attempted.add(label);
            if (dead.contains(label)) {
                InetAddress host = label.equals(V6) && IPV6_LOOPBACK ? V6 : V4;
                return connect(new InetSocketAddress(host, deadPort(host)));
            }
            ChannelFuture connecting = connect(good());
            if (!hang.contains(label)) {
                return connecting;
            }
            // The socket connects, but the race is never told: as a connect stuck in SYN retries.
            ChannelFuture never = connecting.channel().newPromise();
            hanging.add(never);
            return never;
        };
    }

    private ChannelFuture connect(InetSocketAddress remote) {
        ChannelFuture f = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .handler(new ChannelInboundHandlerAdapter()).connect(remote);
        created.add(f.channel());
        return f;
    }

    private InetSocketAddress good() {
        return new InetSocketAddress(V4, server.getLocalPort());
    }

    /** Every channel the attempts created is closed (bounded wait), except {@code winner}. */
    private void assertEveryOtherChannelClosed(Channel winner) throws Exception {
        assertThat(created).isNotEmpty();
        for (Channel ch : List.copyOf(created)) {
            if (ch != winner) {
                assertThat(ch.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%s closed", ch).isTrue();
            }
        }
        if (winner != null) {
            assertThat(created).contains(winner);
            assertThat(winner.isOpen()).isTrue();
        }
    }

    private static Throwable failureOf(CompletableFuture<Channel> race) {
        assertThatThrownBy(() -> race.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return race.handle((ok, failure) -> failure).join();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A port on {@code host} where nothing listens: bound, then released. */
    private static int deadPort(InetAddress host) {
        try (ServerSocket s = new ServerSocket(0, 1, host)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean canBind(InetAddress host) {
        try (ServerSocket probe = new ServerSocket(0, 1, host)) {
            return true;
        } catch (IOException unavailable) {
            return false;
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
