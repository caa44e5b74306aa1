package dev.courier.testing.internal;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test server's throwaway PKI: a CA and a certificate it issued for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1} (EC P-256, valid from an hour ago for a day).
 *
 * <p>Made once per JVM: key generation is the slowest part of a start, and a test CA that nobody
 * else trusts gains nothing from being fresh per server.
 */
public final class ServerPki {
    private static volatile ServerPki shared;

    private final X509Bundle ca;
    private final X509Bundle server;
    private final byte[] caPem;

    private ServerPki(X509Bundle ca, X509Bundle server) {
        this.ca = ca;
        this.server = server;
        this.caPem = ca.getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
    }

    /** The JVM-wide PKI, made on first use. */
    public static ServerPki shared() {
        ServerPki pki = shared;
        if (pki == null) {
            synchronized (ServerPki.class) {
                pki = shared;
                if (pki == null) {
                    pki = create();
                    shared = pki;
                }
            }
        }
        return pki;
    }

    private static ServerPki create() {
        Instant now = Instant.now();
        try {
            X509Bundle ca = new CertificateBuilder()
                    .ecp256()
                    .subject("CN=Courier TestServer CA")
                    .notBefore(now.minus(Duration.ofHours(1)))
                    .notAfter(now.plus(Duration.ofDays(1)))
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
                    .buildSelfSigned();
            X509Bundle server = new CertificateBuilder()
                    .ecp256()
                    .subject("CN=localhost")
                    .notBefore(now.minus(Duration.ofHours(1)))
                    .notAfter(now.plus(Duration.ofDays(1)))
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                    .addExtendedKeyUsageServerAuth()
                    .addSanDnsName("localhost")
                    .addSanIpAddress("127.0.0.1")
                    .addSanIpAddress("::1")
                    .buildIssuedBy(ca);
            return new ServerPki(ca, server);
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the test server's certificates", e);
        }
    }

    /** The CA certificate, PEM-encoded (a copy). */
    public byte[] caPem() {
        return caPem.clone();
    }

    /** A server context offering h2 and http/1.1 by ALPN, or h2 alone when {@code http1} is false. */
    public SslContext serverContext(boolean http1) {
        String[] protocols = http1
                ? new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1}
                : new String[] {ApplicationProtocolNames.HTTP_2};
        try {
            return SslContextBuilder.forServer(server.getKeyPair().getPrivate(), server.getCertificatePath())
                    .sslProvider(SslProvider.JDK)
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            protocols))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the test server's TLS context", e);
        }
    }

    /** A client context that trusts only this CA. */
    public SSLContext clientContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("courier-testserver-ca", ca.getCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }
}
