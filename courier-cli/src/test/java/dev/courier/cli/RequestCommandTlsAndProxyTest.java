package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --cert/--cert-key against a server that requires a client certificate (the JDK's HttpsServer),
 * and --proxy against a forward proxy on loopback that records what it was asked.
 */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class RequestCommandTlsAndProxyTest {
    @TempDir
    Path dir;

    @Test
    void aClientCertificateIsPresentedWithCertAndCertKey() throws Exception {
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder().ecp256().subject("CN=courier-cli test CA")
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign).buildSelfSigned();
        X509Bundle server = new CertificateBuilder().ecp256().subject("CN=127.0.0.1")
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(ca);
        X509Bundle client = new CertificateBuilder().ecp256().subject("CN=courier-cli client")
                .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)))
                .addExtendedKeyUsageClientAuth().buildIssuedBy(ca);
        Path caPem = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Path certPem = Files.writeString(dir.resolve("client.pem"), client.getCertificatePEM());
        Path keyPem = Files.writeString(dir.resolve("client.key"), client.getPrivateKeyPEM());

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(server.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // Through SSLParameters: HttpsParameters' own setNeedClientAuth does not reach the engine.
                SSLParameters tls = getSSLContext().getDefaultSSLParameters();
                tls.setNeedClientAuth(true);
                params.setSSLParameters(tls);
            }
        });
        https.createContext("/", exchange -> {
            byte[] body = ("peer " + ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/whoami";
            CliProcess.Result with = CliProcess.run("--verify", caPem.toString(), "--cert", certPem.toString(),
                    "--cert-key", keyPem.toString(), url);
            assertThat(with.exitCode()).as(with.toString()).isZero();
            assertThat(with.stdout()).isEqualTo("peer CN=courier-cli client\n");

            CliProcess.Result without = CliProcess.run("--verify", caPem.toString(), url);
            assertThat(without.exitCode()).as(without.toString()).isEqualTo(1);
            assertThat(without.stderr().strip().lines()).as(without.toString()).hasSize(1);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void aForwardProxyGetsTheRequestInAbsoluteForm() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> seen = CompletableFuture.supplyAsync(() -> answerOnce(proxy));
            String proxyUrl = "http://user:secret@127.0.0.1:" + proxy.getLocalPort();
            CliProcess.Result r = CliProcess.run("--proxy", "http:" + proxyUrl, "http://origin.test/path", "q==1");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).isEqualTo("proxied\n");
            List<String> head = seen.get(60, TimeUnit.SECONDS);
            assertThat(head.get(0)).isEqualTo("GET http://origin.test/path?q=1 HTTP/1.1");
            assertThat(head).anyMatch(h -> h.equalsIgnoreCase("Proxy-Authorization: Basic dXNlcjpzZWNyZXQ="));
        }
    }

    /** Reads one request head from the proxy socket and answers 200 "proxied". */
    private static List<String> answerOnce(ServerSocket proxy) {
        try {
            proxy.setSoTimeout(60_000);
            try (Socket socket = proxy.accept()) {
                socket.setSoTimeout(30_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                List<String> head = new ArrayList<>();
                for (String line = in.readLine(); line != null && !line.isEmpty() && head.size() < 100; line = in.readLine()) {
                    head.add(line);
                }
                socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                        + "Connection: close\r\n\r\nproxied\n").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                return head;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
