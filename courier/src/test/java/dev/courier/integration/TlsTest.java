package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.RemoteProtocolException;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.support.servers.TestCertificates.Pki;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Resolver;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
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

    /** A transport that trusts {@code pki}'s CA and finds each of {@code hosts} on 127.0.0.1 (Jetty's address). */
    private static HttpTransport resolvingToLoopback(Pki pki, String... hosts) throws Exception {
        Map<String, List<InetAddress>> table = new LinkedHashMap<>();
        for (String host : hosts) {
            table.put(host, List.of(InetAddress.getByName("127.0.0.1")));
        }
        return HttpTransport.builder().trustEnv(false).caCertificates(caPem(pki)).resolver(Resolver.of(table)).build();
    }

    /**
     * RELIABILITY §1.7: a certificate whose CN is bad.test but whose SANs name only good.test does
     * not cover bad.test. With SANs present the CN is not consulted (RFC 6125 §6.4.4; Apache
     * HttpClient CVE-2014-3577 was a CN check gone wrong); good.test, which the SAN names, passes.
     */
    @Test
    void theCommonNameIsNotConsultedWhenSansArePresent() throws Exception {
        Pki pki = TestCertificates.createWithCommonName("bad.test", "good.test");
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = resolvingToLoopback(pki, "bad.test", "good.test")) {
            assertThatThrownBy(() -> get(t, "https://bad.test:" + server.port() + "/"))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ConnectFailedException.class)
                    .hasMessageContaining("bad.test:" + server.port())
                    .hasMessageContaining("does not match host bad.test");
            assertThat(get(t, "https://good.test:" + server.port() + "/bytes/3").content()).hasSize(3);
        }
    }

    /**
     * RELIABILITY §1.7: a wildcard SAN {@code *.good.test} stands for exactly one leftmost label:
     * a.good.test passes, a.b.good.test (two labels) and good.test (none) are refused.
     */
    @Test
    void aWildcardCoversOneLeftmostLabelOnly() throws Exception {
        Pki pki = TestCertificates.create("*.good.test");
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = resolvingToLoopback(pki, "a.good.test", "a.b.good.test", "good.test")) {
            assertThat(get(t, "https://a.good.test:" + server.port() + "/bytes/2").content()).hasSize(2);
            for (String host : List.of("a.b.good.test", "good.test")) {
                assertThatThrownBy(() -> get(t, "https://" + host + ":" + server.port() + "/"))
                        .as(host)
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(ConnectFailedException.class)
                        .hasMessageContaining(host + ":" + server.port())
                        .hasMessageContaining("does not match host " + host);
            }
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
    }

    /**
     * RELIABILITY §1.7, IDN: {@code https://bücher.test} is the host {@code xn--bcher-kva.test} (the
     * URL parser's IDNA), and that A-label is what Courier resolves, sends as Host and SNI, and
     * checks the certificate against, so a certificate naming the A-label is accepted.
     */
    @Test
    void anIdnHostIsCheckedAsItsALabel() throws Exception {
        Pki pki = TestCertificates.create("xn--bcher-kva.test");
        // Only the A-label is in the table: a lookup of the Unicode form would fail as unknown.
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = resolvingToLoopback(pki, "xn--bcher-kva.test")) {
            Response r = get(t, "https://b\u00fccher.test:" + server.port() + "/echo");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.json().get("secure").asBoolean()).isTrue();
            assertThat(r.json().get("headers").get("host").get(0).asText())
                    .isEqualTo("xn--bcher-kva.test:" + server.port());
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
        // Jetty does not report SNI; a one-shot server with the same certificate records it.
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        try (OneShotTlsServer server = OneShotTlsServer.start(pki, ok, true);
             HttpTransport t = resolvingToLoopback(pki, "xn--bcher-kva.test")) {
            assertThat(get(t, "https://b\u00fccher.test:" + server.port() + "/").text()).isEqualTo("ok");
            assertThat(server.serverNames()).containsExactly("xn--bcher-kva.test");
        }
    }

    /**
     * RELIABILITY §1.7, IDN: a certificate whose only SAN is {@code bücher.test} written raw (UTF-8
     * bytes in the IA5String dNSName, which RFC 5280 §4.2.1.6 forbids) does not cover
     * {@code https://bücher.test}: only an A-label in the certificate names an IDN host. A verifier
     * that decoded the raw bytes as UTF-8 and compared Unicode forms would accept it. The JDK's
     * HostnameChecker (which Courier's HTTPS endpoint identification uses) does compare Unicode
     * forms, but reads an IA5String as US-ASCII, so each non-ASCII byte becomes U+FFFD, which IDNA
     * prohibits, and the name matches nothing (JDK 17 and 25).
     */
    @Test
    void aRawUnicodeNameInTheSanIsRefused() throws Exception {
        Pki pki = TestCertificates.create("b\u00fccher.test");
        // The name really is in the certificate, raw: its UTF-8 bytes inside the SAN extension.
        byte[] san = pki.server().getCertificate().getExtensionValue("2.5.29.17");
        assertThat(new String(san, StandardCharsets.ISO_8859_1))
                .contains(new String("b\u00fccher.test".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .doesNotContain("xn--");
        try (JettyServer server = JettyServer.builder().tls(pki.server()).start();
             HttpTransport t = resolvingToLoopback(pki, "xn--bcher-kva.test")) {
            for (String host : List.of("b\u00fccher.test", "xn--bcher-kva.test")) {
                assertThatThrownBy(() -> get(t, "https://" + host + ":" + server.port() + "/"))
                        .as(host)
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(ConnectFailedException.class)
                        .hasMessageContaining("xn--bcher-kva.test:" + server.port())
                        .hasMessageContaining("does not match host xn--bcher-kva.test");
            }
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
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

    /**
     * A response whose body runs until the connection closes, over TLS: only the server's
     * close_notify says the body is whole. A bare TCP close may be an attacker cutting the body
     * short (RELIABILITY §1.13, curl test_05_04), so it is an error, not a short body.
     */
    @Test
    void aReadUntilCloseBodyEndedWithoutCloseNotifyIsAnError() throws Exception {
        String untilClose = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npart of the body";
        assertThatThrownBy(() -> oneShotText(untilClose, false))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RemoteProtocolException.class).hasMessageContaining("close_notify");
    }

    /** The same body ended by close_notify is whole. */
    @Test
    void aReadUntilCloseBodyEndedWithCloseNotifyIsWhole() throws Exception {
        String untilClose = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nthe whole body";
        assertThat(oneShotText(untilClose, true)).isEqualTo("the whole body");
    }

    /** A body its Content-Length delimits is whole however the connection ends afterwards. */
    @Test
    void aDelimitedBodyNeedsNoCloseNotify() throws Exception {
        String delimited = "HTTP/1.1 200 OK\r\nContent-Length: 14\r\nConnection: close\r\n\r\nthe whole body";
        assertThat(oneShotText(delimited, false)).isEqualTo("the whole body");
    }

    /** The body Courier reads from a {@link OneShotTlsServer} answering {@code response}. */
    private static String oneShotText(String response, boolean closeNotify) throws Exception {
        try (OneShotTlsServer server = OneShotTlsServer.start(TestCertificates.localhost(), response, closeNotify);
             HttpTransport t = HttpTransport.builder().caCertificates(caPem(TestCertificates.localhost())).build()) {
            return get(t, server.url()).text();
        }
    }

    /**
     * Answers one TLS connection with {@code response}, serving {@code pki}'s server certificate,
     * then closes it with close_notify ({@code closeNotify}) or by closing the TCP socket under the
     * TLS layer, which sends none. It records the SNI host names the client sent.
     */
    private static final class OneShotTlsServer implements AutoCloseable {
        private static final char[] PASSWORD = "changeit".toCharArray();
        private final ServerSocket listener;
        private final Thread thread;
        private final List<String> serverNames;

        private OneShotTlsServer(ServerSocket listener, Thread thread, List<String> serverNames) {
            this.listener = listener;
            this.thread = thread;
            this.serverNames = serverNames;
        }

        static OneShotTlsServer start(Pki pki, String response, boolean closeNotify) throws Exception {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(pki.serverKeyStore(PASSWORD), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            List<String> serverNames = new CopyOnWriteArrayList<>();
            // Matches every host name, recording it: the handshake goes on as without SNI checks.
            SNIMatcher recorder = new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                @Override
                public boolean matches(SNIServerName name) {
                    serverNames.add(((SNIHostName) name).getAsciiName());
                    return true;
                }
            };
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            Thread thread = new Thread(() -> {
                try (Socket raw = listener.accept()) {
                    raw.setSoTimeout(10_000);
                    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), false);
                    tls.setUseClientMode(false);
                    SSLParameters params = tls.getSSLParameters();
                    params.setSNIMatchers(List.of(recorder));
                    tls.setSSLParameters(params);
                    InputStream in = tls.getInputStream();
                    // The request head, up to its blank line (bounded by the socket's timeout).
                    for (int matched = 0, b; matched < 4 && (b = in.read()) >= 0; ) {
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    tls.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    if (closeNotify) {
                        tls.close();
                    }
                } catch (IOException e) {
                    // The client went away, or close() closed the listener: the test's assertions say which matters.
                }
            }, "one-shot-tls");
            thread.setDaemon(true);
            thread.start();
            return new OneShotTlsServer(listener, thread, serverNames);
        }

        int port() {
            return listener.getLocalPort();
        }

        String url() {
            return "https://localhost:" + port() + "/";
        }

        /** The SNI host names received so far, in ASCII form. */
        List<String> serverNames() {
            return List.copyOf(serverNames);
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(10_000);
        }
    }
}
