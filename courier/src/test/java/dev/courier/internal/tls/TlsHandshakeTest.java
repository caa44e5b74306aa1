package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.Environment;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real handshakes over loopback: server certificate verification, and what {@link TlsFailures} makes of each failure. */
class TlsHandshakeTest {
    private static final TlsSettings TRUST_TEST_CA = TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT)).build();

    private static EventLoopGroup group;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void certificateFromTheCaBundleIsTrusted() throws Exception {
        TlsClient.Outcome outcome = handshake(TestPki.LOCALHOST, TRUST_TEST_CA, "localhost");
        assertThat(outcome.success).as("%s", outcome).isTrue();
        assertThat(outcome.applicationProtocol).as("no ALPN when only HTTP/1.1 is offered").isNull();
    }

    @Test
    void systemTrustStoreDoesNotKnowTheTestCa() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, TestPki.LOCALHOST)) {
            TlsClient.Outcome outcome = TlsClient.connect(group, TlsSettings.defaults(), "localhost", server.port());
            assertThat(outcome.success).isFalse();
            assertThat(TlsFailures.describe("localhost", server.port(), outcome.failure)).isEqualTo(
                    "TLS handshake with localhost:" + server.port() + " failed: certificate not trusted (unknown issuer)");
        }
    }

    @Test
    void expiredCertificate() throws Exception {
        assertFailure(TestPki.EXPIRED, TRUST_TEST_CA, "localhost", "certificate expired");
    }

    @Test
    void notYetValidCertificate() throws Exception {
        assertFailure(TestPki.NOT_YET_VALID, TRUST_TEST_CA, "localhost", "certificate not yet valid");
    }

    @Test
    void certificateForAnotherHost() throws Exception {
        assertFailure(TestPki.WRONG_HOST, TRUST_TEST_CA, "localhost", "certificate does not match host localhost");
    }

    @Test
    void ipLiteralMatchesAnIpSan() throws Exception {
        TlsClient.Outcome outcome = handshake(TestPki.LOCALHOST, TRUST_TEST_CA, "127.0.0.1");
        assertThat(outcome.success).as("%s", outcome).isTrue();
    }

    @Test
    void ipLiteralIsNotMatchedByADnsSanSpellingIt() throws Exception {
        assertFailure(TestPki.DNS_ONLY_LOCALHOST, TRUST_TEST_CA, "127.0.0.1", "certificate does not match host 127.0.0.1");
    }

    @Test
    void selfSignedCertificateIsNotTrusted() throws Exception {
        assertFailure(TestPki.SELF_SIGNED, TRUST_TEST_CA, "localhost", "certificate not trusted (unknown issuer)");
    }

    @Test
    void withoutVerificationSelfSignedAndWrongHostCertificatesPass() throws Exception {
        TlsSettings insecure = TlsSettings.builder().verify(false).build();
        assertThat(handshake(TestPki.SELF_SIGNED, insecure, "localhost").success).isTrue();
        assertThat(handshake(TestPki.WRONG_HOST, insecure, "localhost").success).isTrue();
        assertThat(handshake(TestPki.EXPIRED, insecure, "localhost").success).isTrue();
    }

    @Test
    void alpnOfferingH2AgainstAnHttp11ServerSettlesOnHttp11() throws Exception {
        TlsSettings alpn = TRUST_TEST_CA.toBuilder().alpnProtocols(List.of("h2", "http/1.1")).build();
        TlsClient.Outcome outcome = handshake(TestPki.LOCALHOST, alpn, "localhost");
        assertThat(outcome.success).as("%s", outcome).isTrue();
        assertThat(outcome.applicationProtocol).isEqualTo("http/1.1");
    }

    @Test
    void silentServerTimesTheHandshakeOut() throws Exception {
        // Accepts the TCP connection and never answers the ClientHello.
        Channel silent = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // nothing: bytes are read and dropped by the pipeline's tail
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        try {
            int port = ((InetSocketAddress) silent.localAddress()).getPort();
            SslContext context = SslContextFactory.create(TRUST_TEST_CA, Environment.of(Map.of()));
            TlsClient.Outcome outcome = TlsClient.connect(group,
                    ch -> SslHandlers.newHandler(context, ch.alloc(), "localhost", port, true, Duration.ofMillis(200)), port);
            assertThat(outcome.success).isFalse();
            assertThat(TlsFailures.describe("localhost", port, outcome.failure))
                    .isEqualTo("TLS handshake with localhost:" + port + " failed: handshake timed out after 200ms");
        } finally {
            silent.close().awaitUninterruptibly(TlsClient.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static TlsClient.Outcome handshake(X509Bundle serverIdentity, TlsSettings settings, String host)
            throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, serverIdentity)) {
            return TlsClient.connect(group, settings, host, server.port());
        }
    }

    private static void assertFailure(X509Bundle serverIdentity, TlsSettings settings, String host, String kind)
            throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, serverIdentity)) {
            TlsClient.Outcome outcome = TlsClient.connect(group, settings, host, server.port());
            assertThat(outcome.success).as("handshake should fail").isFalse();
            assertThat(TlsFailures.describe(host, server.port(), outcome.failure))
                    .isEqualTo("TLS handshake with " + host + ":" + server.port() + " failed: " + kind);
        }
    }
}
