package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** TlsSettings as a value: its equality is the TLS identity the connection pool keys by. */
class TlsSettingsTest {
    @Test
    void defaults() {
        TlsSettings d = TlsSettings.defaults();
        assertThat(d.verify()).isTrue();
        assertThat(d.trustEnv()).isTrue();
        assertThat(d.caBundle()).isNull();
        assertThat(d.sslContext()).isNull();
        assertThat(d.alpnProtocols()).containsExactly("http/1.1");
        assertThat(d.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d).isEqualTo(TlsSettings.builder().build());
    }

    @Test
    void verificationOnAndOffAreDifferentIdentities() {
        TlsSettings on = TlsSettings.builder().build();
        TlsSettings off = TlsSettings.builder().verify(false).build();
        assertThat(on).isNotEqualTo(off);
        assertThat(on.hashCode()).isNotEqualTo(off.hashCode());
    }

    @Test
    void bundlesCompareByContentNotByArray() {
        byte[] a = TestPki.rootPem(TestPki.ROOT);
        byte[] b = TestPki.rootPem(TestPki.ROOT);
        assertThat(a).isNotSameAs(b);
        assertThat(TlsSettings.builder().caBundle(a).build()).isEqualTo(TlsSettings.builder().caBundle(b).build())
                .hasSameHashCodeAs(TlsSettings.builder().caBundle(b).build());
        assertThat(TlsSettings.builder().caBundle(a).build())
                .isNotEqualTo(TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.CLIENT_ROOT)).build())
                .isNotEqualTo(TlsSettings.defaults());
    }

    @Test
    void inputsAreCopied() {
        byte[] bundle = TestPki.rootPem(TestPki.ROOT);
        TlsSettings settings = TlsSettings.builder().caBundle(bundle).build();
        bundle[0] ^= 1;
        assertThat(settings).isEqualTo(TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT)).build());
        assertThat(settings.caBundle()).isEqualTo(TestPki.rootPem(TestPki.ROOT));
    }

    @Test
    void sslContextsCompareByIdentity() throws Exception {
        SSLContext one = SSLContext.getInstance("TLS");
        SSLContext two = SSLContext.getInstance("TLS");
        assertThat(TlsSettings.builder().sslContext(one).build()).isEqualTo(TlsSettings.builder().sslContext(one).build())
                .isNotEqualTo(TlsSettings.builder().sslContext(two).build());
    }

    @Test
    void clientCertificateKeyPasswordAlpnAndTimeoutArePartOfTheIdentity() {
        byte[] cert = TestPki.certPem(TestPki.CLIENT);
        byte[] key = TestPki.keyPem(TestPki.CLIENT);
        TlsSettings withCert = TlsSettings.builder().clientCertificate(cert, key).build();
        assertThat(withCert).isEqualTo(TlsSettings.builder().clientCertificate(cert.clone(), key.clone()).build())
                .isNotEqualTo(TlsSettings.defaults())
                .isNotEqualTo(TlsSettings.builder().clientCertificate(cert, key, "pw".toCharArray()).build())
                .isNotEqualTo(TlsSettings.builder().clientKeyStore(key, null).build());
        assertThat(TlsSettings.builder().alpnProtocols(List.of("h2", "http/1.1")).build()).isNotEqualTo(TlsSettings.defaults());
        assertThat(TlsSettings.builder().trustEnv(false).build()).isNotEqualTo(TlsSettings.defaults());
        assertThat(TlsSettings.builder().handshakeTimeout(Duration.ofSeconds(1)).build()).isNotEqualTo(TlsSettings.defaults());
    }

    @Test
    void toStringShowsDigestsAndHidesThePassword() {
        TlsSettings settings = TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT))
                .clientKeyStore(new byte[] {1}, "topsecret".toCharArray()).build();
        assertThat(settings.toString()).contains("caBundle=CA bundle (sha256 ").contains("password=***")
                .doesNotContain("topsecret").doesNotContain("BEGIN");
    }

    @Test
    void aCallerContextExcludesTheOptionsItWouldOverride() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        assertThatThrownBy(() -> TlsSettings.builder().sslContext(context).caBundle(new byte[] {1}).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sslContext and caBundle");
        assertThatThrownBy(() -> TlsSettings.builder().sslContext(context).clientKeyStore(new byte[] {1}, null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sslContext and a client certificate");
        assertThatThrownBy(() -> TlsSettings.builder().sslContext(context).verify(false).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("sslContext and verify(false)");
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> TlsSettings.builder().alpnProtocols(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlsSettings.builder().handshakeTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
