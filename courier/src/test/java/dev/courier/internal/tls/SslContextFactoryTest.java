package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.internal.Environment;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts and engines as built, without a handshake: protocols, endpoint identification, and bad input. */
class SslContextFactoryTest {
    private static final Environment NO_ENV = Environment.of(Map.of());
    private static final char[] PASSWORD = "hunter2-secret".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void enginesSpeakTls13And12Only() {
        SSLEngine engine = engine(SslContextFactory.create(TlsSettings.defaults(), NO_ENV), "example.com", 443, true);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getUseClientMode()).isTrue();
    }

    @Test
    void engineKnowsThePeerAndChecksItsName() {
        SSLEngine engine = engine(SslContextFactory.create(TlsSettings.defaults(), NO_ENV), "example.com", 8443, true);
        assertThat(engine.getPeerHost()).isEqualTo("example.com");
        assertThat(engine.getPeerPort()).isEqualTo(8443);
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void endpointIdentificationIsSetEvenOnAContextBuiltWithoutIt() throws Exception {
        SslContext bare = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null).build();
        assertThat(engine(bare, "example.com", 443, true).getSSLParameters().getEndpointIdentificationAlgorithm())
                .isEqualTo("HTTPS");
        assertThat(engine(bare, "example.com", 443, false).getSSLParameters().getEndpointIdentificationAlgorithm())
                .isNull();
    }

    @Test
    void ipv6LiteralLosesItsBrackets() {
        SSLEngine engine = engine(SslContextFactory.create(TlsSettings.defaults(), NO_ENV), "[::1]", 443, true);
        assertThat(engine.getPeerHost()).isEqualTo("::1");
    }

    @Test
    void handshakeTimeoutIsSetOnTheHandler() {
        SslContext context = SslContextFactory.create(TlsSettings.defaults(), NO_ENV);
        SslHandler handler = SslHandlers.newHandler(context, ByteBufAllocator.DEFAULT, "example.com", 443, true,
                Duration.ofMillis(1234));
        assertThat(handler.getHandshakeTimeoutMillis()).isEqualTo(1234);
    }

    @Test
    void callerContextGetsOurProtocols() throws Exception {
        SSLContext caller = SSLContext.getInstance("TLS");
        caller.init(null, null, null);
        SslContext context = SslContextFactory.create(TlsSettings.builder().sslContext(caller).build(), NO_ENV);
        SSLEngine engine = engine(context, "example.com", 443, true);
        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void caBundleThatIsNotPem() {
        TlsSettings settings = TlsSettings.builder().caBundle("not a certificate".getBytes(StandardCharsets.US_ASCII)).build();
        assertThatThrownBy(() -> SslContextFactory.create(settings, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CA bundle: no PEM CERTIFICATE block found");
    }

    @Test
    void caBundleWithBrokenBase64OrDer() {
        byte[] badBase64 = "-----BEGIN CERTIFICATE-----\nMII*&^%\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SslContextFactory.create(TlsSettings.builder().caBundle(badBase64).build(), NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CA bundle: PEM block CERTIFICATE is not valid base64");
        byte[] badDer = KeyFormats.pem("CERTIFICATE", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        assertThatThrownBy(() -> SslContextFactory.create(TlsSettings.builder().caBundle(badDer).build(), NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CA bundle: certificate #1 cannot be parsed");
    }

    @Test
    void caBundleFileThatDoesNotExistIsNamed() {
        Path missing = tmp.resolve("ca.pem");
        assertThatThrownBy(() -> TlsSettings.builder().caBundle(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CA bundle " + missing + " cannot be read");
    }

    @Test
    void encryptedKeyWithTheWrongPasswordDoesNotLeakIt() throws Exception {
        byte[] key = KeyFormats.encryptedPkcs8Pem(TestPki.CLIENT, "right-password".toCharArray());
        TlsSettings settings = TlsSettings.builder().clientCertificate(TestPki.certPem(TestPki.CLIENT), key, PASSWORD).build();
        assertThatThrownBy(() -> SslContextFactory.create(settings, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client private key cannot be decrypted: wrong password")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(new String(PASSWORD)));
        assertThat(settings.toString()).doesNotContain(new String(PASSWORD)).contains("password=***");
    }

    @Test
    void encryptedKeyWithoutAPassword() throws Exception {
        byte[] key = KeyFormats.encryptedPkcs8Pem(TestPki.CLIENT, PASSWORD);
        TlsSettings settings = TlsSettings.builder().clientCertificate(TestPki.certPem(TestPki.CLIENT), key).build();
        assertThatThrownBy(() -> SslContextFactory.create(settings, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client private key is encrypted (ENCRYPTED PRIVATE KEY) but no password was given");
    }

    @Test
    void keyFileWithoutAKeyOrInAnUnsupportedFormat() {
        TlsSettings noKey = TlsSettings.builder()
                .clientCertificate(TestPki.certPem(TestPki.CLIENT), TestPki.certPem(TestPki.CLIENT)).build();
        assertThatThrownBy(() -> SslContextFactory.create(noKey, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client private key: no PEM PRIVATE KEY block found");
        TlsSettings sec1 = TlsSettings.builder().clientCertificate(TestPki.certPem(TestPki.CLIENT),
                KeyFormats.pem("EC PRIVATE KEY", new byte[] {0x30, 0x00})).build();
        assertThatThrownBy(() -> SslContextFactory.create(sec1, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client private key: unsupported key format BEGIN EC PRIVATE KEY");
    }

    @Test
    void pkcs12WithTheWrongPasswordDoesNotLeakIt() throws Exception {
        byte[] p12 = KeyFormats.pkcs12(TestPki.CLIENT, "right-password".toCharArray());
        TlsSettings settings = TlsSettings.builder().clientKeyStore(p12, PASSWORD).build();
        assertThatThrownBy(() -> SslContextFactory.create(settings, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("client PKCS#12 keystore cannot be opened: wrong password")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(new String(PASSWORD)));
    }

    @Test
    void pkcs12ThatIsNotOne() {
        TlsSettings settings = TlsSettings.builder().clientKeyStore(new byte[] {1, 2, 3}, PASSWORD).build();
        assertThatThrownBy(() -> SslContextFactory.create(settings, NO_ENV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("client PKCS#12 keystore cannot be opened: not a readable PKCS#12 file");
    }

    private static SSLEngine engine(SslContext context, String host, int port, boolean verify) {
        // JDK-provider engines hold no native memory, so a handler never added to a pipeline leaks nothing.
        return SslHandlers.newHandler(context, ByteBufAllocator.DEFAULT, host, port, verify, Duration.ofSeconds(5)).engine();
    }
}
