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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
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
        try (OneShotTlsServer server = OneShotTlsServer.start(response, closeNotify);
             HttpTransport t = HttpTransport.builder().caCertificates(caPem(TestCertificates.localhost())).build()) {
            return get(t, server.url()).text();
        }
    }

    /**
     * Answers one TLS connection with {@code response}, then closes it with close_notify
     * ({@code closeNotify}) or by closing the TCP socket under the TLS layer, which sends none.
     */
    private static final class OneShotTlsServer implements AutoCloseable {
        private static final char[] PASSWORD = "changeit".toCharArray();
        private final ServerSocket listener;
        private final Thread thread;

        private OneShotTlsServer(ServerSocket listener, Thread thread) {
            this.listener = listener;
            this.thread = thread;
        }

        static OneShotTlsServer start(String response, boolean closeNotify) throws Exception {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(TestCertificates.localhost().serverKeyStore(PASSWORD), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            Thread thread = new Thread(() -> {
                try (Socket raw = listener.accept()) {
                    raw.setSoTimeout(10_000);
                    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), false);
                    tls.setUseClientMode(false);
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
            return new OneShotTlsServer(listener, thread);
        }

        String url() {
            return "https://localhost:" + listener.getLocalPort() + "/";
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(10_000);
        }
    }
}
