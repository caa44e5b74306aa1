package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.transport.HttpTransport;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** RELIABILITY.md §1.7 end to end: TLS against Jetty with certificates made in the test. */
class TlsTest {
    private static byte[] caPem(Pki pki) {
        return pki.ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends through {@code transport}, which the test closes (a client would close its transport with itself). */
    private static Response get(HttpTransport transport, String url) {
        return AsyncClient.builder().transport(transport).build().get(url).join();
    }

    @Test
    void aServerSignedByATrustedCaIsAccepted() {
        Pki pki = TestCertificates.localhost();
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = HttpTransport.builder().caCertificates(caPem(pki)).build()) {
            Response r = get(t, "https://localhost:" + server.port() + "/echo");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.json().get("secure").asBoolean()).isTrue();
            assertThat(get(t, "https://127.0.0.1:" + server.port() + "/bytes/4").content()).hasSize(4);
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
    }

    @Test
    void anUnknownIssuerIsRejectedByDefault() {
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.localhost().server()).start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).build()) {
            assertThatThrownBy(() -> get(t, "https://localhost:" + server.port() + "/"))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("localhost:" + server.port())
                    .hasMessageContaining("not trusted");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRejected() {
        Pki other = TestCertificates.create("wrong.test");
        try (JettyServer server = JettyServer.builder().tls(other.server()).start();
             HttpTransport t = HttpTransport.builder().caCertificates(caPem(other)).build()) {
            assertThatThrownBy(() -> get(t, "https://localhost:" + server.port() + "/"))
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("does not match");
        }
    }

    @Test
    void anExpiredCertificateIsRejected() throws Exception {
        Pki pki = TestCertificates.localhost();
        Instant now = Instant.now();
        X509Bundle expired = new CertificateBuilder().ecp256().subject("CN=localhost").addSanDnsName("localhost")
                .notBefore(now.minus(Duration.ofDays(10))).notAfter(now.minus(Duration.ofDays(1)))
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature).addExtendedKeyUsageServerAuth()
                .buildIssuedBy(pki.ca());
        try (JettyServer server = JettyServer.builder().tls(expired).start();
             HttpTransport t = HttpTransport.builder().caCertificates(caPem(pki)).build()) {
            assertThatThrownBy(() -> get(t, "https://localhost:" + server.port() + "/"))
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("expired");
        }
    }

    @Test
    void verificationOffAcceptsAnyCertificate() {
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.create("wrong.test").server()).start();
             HttpTransport t = HttpTransport.builder().verify(false).build()) {
            assertThat(get(t, "https://localhost:" + server.port() + "/bytes/2").content()).hasSize(2);
        }
    }

    @Test
    void aCallersSslContextIsUsedAndHostNamesAreStillChecked() throws Exception {
        Pki pki = TestCertificates.localhost();
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = HttpTransport.builder().verify(pki.clientSslContext()).build()) {
            assertThat(get(t, "https://localhost:" + server.port() + "/bytes/2").content()).hasSize(2);
        }
        Pki other = TestCertificates.create("wrong.test");
        try (JettyServer server = JettyServer.builder().tls(other.server()).start();
             HttpTransport t = HttpTransport.builder().verify(other.clientSslContext()).build()) {
            assertThatThrownBy(() -> get(t, "https://localhost:" + server.port() + "/"))
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("does not match");
        }
    }

    @Test
    void anInsecureTransportLeavesNoTraceInAVerifyingOne() {
        // TLS state is per transport (the TLS identity is also in every pool key): a verifying
        // transport must still refuse the origin an insecure one has just connected to.
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.create("wrong.test").server()).start();
             HttpTransport insecure = HttpTransport.builder().verify(false).build();
             HttpTransport verifying = HttpTransport.builder().trustEnv(false).build()) {
            assertThat(get(insecure, "https://localhost:" + server.port() + "/bytes/1").content()).hasSize(1);
            assertThatThrownBy(() -> get(verifying, "https://localhost:" + server.port() + "/"))
                    .cause().isInstanceOf(ConnectFailedException.class);
        }
    }
}
