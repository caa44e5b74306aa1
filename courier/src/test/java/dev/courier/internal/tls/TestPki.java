package dev.courier.internal.tls;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The certificates the TLS tests use, minted once per JVM: a server CA and its leaves, a client CA and its leaf. */
final class TestPki {
    static final X509Bundle ROOT;
    static final X509Bundle LOCALHOST;
    static final X509Bundle EXPIRED;
    static final X509Bundle NOT_YET_VALID;
    static final X509Bundle WRONG_HOST;
    static final X509Bundle DNS_ONLY_LOCALHOST;
    static final X509Bundle SELF_SIGNED;
    static final X509Bundle CLIENT_ROOT;
    static final X509Bundle CLIENT;
    static final X509Bundle CLIENT_RSA;

    static {
        try {
            Instant now = Instant.now();
            ROOT = new CertificateBuilder().subject("CN=Courier Test Root").setIsCertificateAuthority(true)
                    .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30))).buildSelfSigned();
            LOCALHOST = leaf("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1").buildIssuedBy(ROOT);
            EXPIRED = leaf("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                    .notBefore(now.minus(Duration.ofDays(10))).notAfter(now.minus(Duration.ofDays(2))).buildIssuedBy(ROOT);
            NOT_YET_VALID = leaf("CN=localhost").addSanDnsName("localhost").addSanIpAddress("127.0.0.1")
                    .notBefore(now.plus(Duration.ofDays(2))).notAfter(now.plus(Duration.ofDays(10))).buildIssuedBy(ROOT);
            WRONG_HOST = leaf("CN=wrong.test").addSanDnsName("wrong.test").buildIssuedBy(ROOT);
            // SAN DNS:127.0.0.1 must not satisfy an IP-literal request: IPs match IP SANs only.
            DNS_ONLY_LOCALHOST = leaf("CN=127.0.0.1").addSanDnsName("localhost").addSanDnsName("127.0.0.1")
                    .buildIssuedBy(ROOT);
            // pkitesting only self-signs CA certificates; a self-signed server certificate often is one.
            SELF_SIGNED = leaf("CN=localhost").addSanDnsName("localhost").setIsCertificateAuthority(true).buildSelfSigned();
            CLIENT_ROOT = new CertificateBuilder().subject("CN=Courier Test Client Root").setIsCertificateAuthority(true)
                    .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(30))).buildSelfSigned();
            CLIENT = leaf("CN=courier-client").addExtendedKeyUsageClientAuth().buildIssuedBy(CLIENT_ROOT);
            CLIENT_RSA = leaf("CN=courier-client-rsa").rsa2048().addExtendedKeyUsageClientAuth().buildIssuedBy(CLIENT_ROOT);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestPki() {}

    private static CertificateBuilder leaf(String subject) {
        Instant now = Instant.now();
        return new CertificateBuilder().subject(subject)
                .notBefore(now.minus(Duration.ofDays(1))).notAfter(now.plus(Duration.ofDays(20)));
    }

    static byte[] certPem(X509Bundle bundle) {
        return bundle.getCertificatePathPEM().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] rootPem(X509Bundle bundle) {
        return bundle.getRootCertificatePEM().getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] keyPem(X509Bundle bundle) {
        return bundle.getPrivateKeyPEM().getBytes(StandardCharsets.US_ASCII);
    }
}
