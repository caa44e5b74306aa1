package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS against a server that requires a client certificate from its own CA, with the key in
 * every format TlsSettings accepts.
 *
 * <p>In TLS 1.3 the client finishes its handshake before the server checks the client certificate,
 * so the server's refusal arrives as an alert on the first read; the test client waits for the
 * server's greeting to see it.
 */
class TlsClientCertificateTest {
    private static final char[] PASSWORD = "s3cret-Pa55".toCharArray();
    private static final TlsSettings TRUST_TEST_CA = TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT)).build();

    private static EventLoopGroup group;
    private static LoopbackTlsServer server;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = LoopbackTlsServer.requiringClientCert(group, TestPki.LOCALHOST, TestPki.CLIENT_ROOT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() throws Exception {
        TlsClient.Outcome outcome = TlsClient.connect(group, TRUST_TEST_CA, "localhost", server.port());
        assertThat(outcome.success).isFalse();
        assertThat(TlsFailures.describe("localhost", server.port(), outcome.failure)).isEqualTo(
                "TLS handshake with localhost:" + server.port() + " failed: server requires a client certificate");
    }

    @Test
    void certificateFromAnotherCaIsRefused() throws Exception {
        TlsSettings settings = TRUST_TEST_CA.toBuilder()
                .clientCertificate(TestPki.certPem(TestPki.LOCALHOST), TestPki.keyPem(TestPki.LOCALHOST)).build();
        TlsClient.Outcome outcome = TlsClient.connect(group, settings, "localhost", server.port());
        assertThat(outcome.success).isFalse();
        assertThat(TlsFailures.describe("localhost", server.port(), outcome.failure, true))
                .startsWith("TLS handshake with localhost:" + server.port() + " failed: server rejected the client certificate (");
    }

    @Test
    void pemCertificateAndPkcs8Key() throws Exception {
        assertAccepted(TRUST_TEST_CA.toBuilder()
                .clientCertificate(TestPki.certPem(TestPki.CLIENT), TestPki.keyPem(TestPki.CLIENT)).build());
    }

    @Test
    void pemCertificateAndEncryptedPkcs8Key() throws Exception {
        byte[] encrypted = KeyFormats.encryptedPkcs8Pem(TestPki.CLIENT, PASSWORD);
        assertAccepted(TRUST_TEST_CA.toBuilder()
                .clientCertificate(TestPki.certPem(TestPki.CLIENT), encrypted, PASSWORD).build());
    }

    @Test
    void pemCertificateAndPkcs1RsaKey() throws Exception {
        byte[] pkcs1 = KeyFormats.pkcs1Pem(TestPki.CLIENT_RSA);
        assertThat(new String(pkcs1, StandardCharsets.US_ASCII)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertAccepted(TRUST_TEST_CA.toBuilder()
                .clientCertificate(TestPki.certPem(TestPki.CLIENT_RSA), pkcs1).build());
    }

    @Test
    void pkcs12KeyStore() throws Exception {
        assertAccepted(TRUST_TEST_CA.toBuilder().clientKeyStore(KeyFormats.pkcs12(TestPki.CLIENT, PASSWORD), PASSWORD).build());
    }

    private static void assertAccepted(TlsSettings settings) throws Exception {
        TlsClient.Outcome outcome = TlsClient.connect(group, settings, "localhost", server.port());
        assertThat(outcome.success).as("%s", outcome).isTrue();
    }
}
