package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.internal.Environment;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSL_CERT_FILE and SSL_CERT_DIR, read through {@link Environment}, replace the system trust store. */
class TlsTrustEnvTest {
    private static EventLoopGroup group;
    private static LoopbackTlsServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = LoopbackTlsServer.start(group, TestPki.LOCALHOST);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void sslCertFileIsTrusted() throws Exception {
        Path bundle = Files.write(tmp.resolve("bundle.pem"), TestPki.rootPem(TestPki.ROOT));
        assertThat(connect(TlsSettings.defaults(), Map.of("SSL_CERT_FILE", bundle.toString())).success).isTrue();
    }

    @Test
    void sslCertDirPemFilesAreTrusted() throws Exception {
        Files.write(tmp.resolve("other.pem"), TestPki.rootPem(TestPki.CLIENT_ROOT));
        Files.write(tmp.resolve("courier-root.crt"), TestPki.rootPem(TestPki.ROOT));
        Files.writeString(tmp.resolve("README"), "not a certificate, and not named like one");
        assertThat(connect(TlsSettings.defaults(), Map.of("SSL_CERT_DIR", tmp.toString())).success).isTrue();
    }

    @Test
    void sslCertDirHashNamedFilesAreTrusted() throws Exception {
        Files.write(tmp.resolve("a1b2c3d4.0"), TestPki.rootPem(TestPki.ROOT));
        assertThat(connect(TlsSettings.defaults(), Map.of("SSL_CERT_DIR", tmp.toString())).success).isTrue();
    }

    @Test
    void sslCertFileWithoutTheCaFailsAsUntrusted() throws Exception {
        Path bundle = Files.write(tmp.resolve("bundle.pem"), TestPki.rootPem(TestPki.CLIENT_ROOT));
        TlsClient.Outcome outcome = connect(TlsSettings.defaults(), Map.of("SSL_CERT_FILE", bundle.toString()));
        assertThat(outcome.success).isFalse();
        assertThat(TlsFailures.describe("localhost", server.port(), outcome.failure))
                .endsWith("failed: certificate not trusted (unknown issuer)");
    }

    @Test
    void trustEnvFalseIgnoresTheVariables() throws Exception {
        Path bundle = Files.write(tmp.resolve("bundle.pem"), TestPki.rootPem(TestPki.ROOT));
        TlsSettings noEnv = TlsSettings.builder().trustEnv(false).build();
        TlsClient.Outcome outcome =
                connect(noEnv, Map.of("SSL_CERT_FILE", bundle.toString(), "SSL_CERT_DIR", tmp.toString()));
        assertThat(outcome.success).as("the system trust store does not know the test CA").isFalse();
    }

    @Test
    void caBundleWinsOverTheEnvironment() throws Exception {
        Path other = Files.write(tmp.resolve("other.pem"), TestPki.rootPem(TestPki.CLIENT_ROOT));
        TlsSettings settings = TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT)).build();
        assertThat(connect(settings, Map.of("SSL_CERT_FILE", other.toString())).success).isTrue();
    }

    @Test
    void verifyFalseIgnoresABrokenEnvironment() throws Exception {
        TlsSettings insecure = TlsSettings.builder().verify(false).build();
        assertThat(connect(insecure, Map.of("SSL_CERT_FILE", tmp.resolve("missing.pem").toString())).success).isTrue();
    }

    @Test
    void missingSslCertFileIsAnErrorNamingIt() {
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> create(Map.of("SSL_CERT_FILE", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SSL_CERT_FILE " + missing + " does not exist or is not a file");
    }

    @Test
    void sslCertFileWithoutCertificatesIsAnError() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.pem"), "hello");
        assertThatThrownBy(() -> create(Map.of("SSL_CERT_FILE", junk.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SSL_CERT_FILE " + junk + ": no PEM CERTIFICATE block found");
    }

    @Test
    void sslCertDirThatIsMissingOrEmptyIsAnError() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> create(Map.of("SSL_CERT_DIR", missing.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SSL_CERT_DIR " + missing + " does not exist or is not a directory");
        assertThatThrownBy(() -> create(Map.of("SSL_CERT_DIR", tmp.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds no PEM certificates");
    }

    @Test
    void emptyVariablesCountAsUnset() {
        Environment empty = Environment.of(Map.of("SSL_CERT_FILE", "", "SSL_CERT_DIR", ""));
        assertThat(SslContextFactory.environmentTrust(empty)).isNull();
    }

    private static void create(Map<String, String> env) {
        SslContextFactory.create(TlsSettings.defaults(), Environment.of(env));
    }

    private static TlsClient.Outcome connect(TlsSettings settings, Map<String, String> env) throws Exception {
        return TlsClient.connect(group, settings, Environment.of(env), "localhost", server.port());
    }
}
