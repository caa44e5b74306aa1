package dev.courier.bench.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The peers' TLS trust, from {@link ClientConfig#caPem()}: the CA certificates of that PEM file
 * only (no system CAs, no trust-all), for the JDK-TLS-based peers. The Netty-based peers read
 * the PEM with their own builders.
 */
final class Tls {
    private Tls() {}

    /** The CA file, or a clear error when an https scenario has none. */
    static Path caPem(ClientConfig config) {
        if (config.caPem() == null) {
            throw new IllegalArgumentException(config.protocol() + " needs ClientConfig.caPem (the server's CA, PEM)");
        }
        return config.caPem();
    }

    /** A key store holding every certificate of {@code caPem} as a trusted entry. */
    static KeyStore trustStore(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + caPem);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : certs) {
                ks.setCertificateEntry("ca-" + i++, cert);
            }
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the CA certificates of " + caPem, e);
        }
    }

    /** The X.509 trust manager that trusts {@code caPem}'s certificates only. */
    static X509TrustManager trustManager(Path caPem) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(caPem));
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context trusting {@code caPem}'s certificates only (hostname checks stay on). */
    static SSLContext sslContext(Path caPem) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trustManager(caPem)}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
