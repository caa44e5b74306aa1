package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.pkitesting.X509Bundle;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller's own {@link SSLContext}: Netty does not give such a context its default hostname check
 * (RELIABILITY §0.1(c)), so these tests prove SslHandlers adds it.
 */
class TlsCallerSslContextTest {
    private static EventLoopGroup group;
    private static TlsSettings callerContext;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("courier-test-root", TestPki.ROOT.getCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        callerContext = TlsSettings.builder().sslContext(context).build();
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void trustsWhatTheContextTrusts() throws Exception {
        TlsClient.Outcome outcome = handshake(TestPki.LOCALHOST, callerContext);
        assertThat(outcome.success).as("%s", outcome).isTrue();
    }

    @Test
    void hostnameIsStillVerified() throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, TestPki.WRONG_HOST)) {
            TlsClient.Outcome outcome = TlsClient.connect(group, callerContext, "localhost", server.port());
            assertThat(outcome.success).as("a wrong-host certificate through a caller SSLContext").isFalse();
            assertThat(TlsFailures.describe("localhost", server.port(), outcome.failure))
                    .endsWith("failed: certificate does not match host localhost");
        }
    }

    @Test
    void alpnWorksOverACallerContext() throws Exception {
        TlsClient.Outcome outcome = handshake(TestPki.LOCALHOST,
                callerContext.toBuilder().alpnProtocols(List.of("h2", "http/1.1")).build());
        assertThat(outcome.success).as("%s", outcome).isTrue();
        assertThat(outcome.applicationProtocol).isEqualTo("http/1.1");
    }

    private static TlsClient.Outcome handshake(X509Bundle identity, TlsSettings settings) throws Exception {
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, identity)) {
            return TlsClient.connect(group, settings, "localhost", server.port());
        }
    }
}
