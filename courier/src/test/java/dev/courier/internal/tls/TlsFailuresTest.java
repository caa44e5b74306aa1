package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsFailures} on failures shaped as the JDK words them on versions the loopback tests may not
 * run on; the real handshakes are in TlsHandshakeTest and its siblings.
 */
class TlsFailuresTest {
    @Test
    void certificateWithoutSansUsesTheCommonNameMessage() {
        SSLHandshakeException e = handshake("No name matching example.com found",
                new CertificateException("No name matching example.com found"));
        assertThat(TlsFailures.describe("example.com", 443, e))
                .isEqualTo("TLS handshake with example.com:443 failed: certificate does not match host example.com");
    }

    @Test
    void ipv6HostIsBracketed() {
        SSLHandshakeException e = handshake("(certificate_unknown) No subject alternative names present", null);
        assertThat(TlsFailures.describe("::1", 8443, e))
                .isEqualTo("TLS handshake with [::1]:8443 failed: certificate does not match host ::1");
        assertThat(TlsFailures.describe("[::1]", 8443, e)).startsWith("TLS handshake with [::1]:8443 failed");
    }

    @Test
    void otherFailuresKeepTheProviderMessageWithoutTheAlertPrefix() {
        DecoderException e = new DecoderException(handshake("(handshake_failure) Received fatal alert:\n handshake_failure", null));
        assertThat(TlsFailures.describe("example.com", 443, e))
                .isEqualTo("TLS handshake with example.com:443 failed: handshake failure: Received fatal alert: handshake_failure");
    }

    @Test
    void failureWithoutAMessageIsNamedByItsClass() {
        assertThat(TlsFailures.describe("example.com", 443, new ClosedChannelException()))
                .isEqualTo("TLS handshake with example.com:443 failed: handshake failure: ClosedChannelException");
    }

    @Test
    void clientCertificateAlertsDependOnWhetherWeSentOne() {
        SSLHandshakeException e = handshake("Received fatal alert: bad_certificate", null);
        assertThat(TlsFailures.describe("h", 1, e)).endsWith("failed: server requires a client certificate");
        assertThat(TlsFailures.describe("h", 1, e, true)).endsWith("failed: server rejected the client certificate (bad_certificate)");
    }

    private static SSLHandshakeException handshake(String message, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(message);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}
