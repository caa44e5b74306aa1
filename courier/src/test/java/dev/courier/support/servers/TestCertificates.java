package dev.courier.support.servers;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway certificates for the test servers: a CA and a server certificate issued by it, made
 * with Netty's {@link CertificateBuilder} (EC P-256, valid from one hour ago for one day).
 *
 * <p>{@link #localhost()} is made once per JVM and is what the servers use unless told otherwise.
 * Its server certificate names {@code localhost}, {@code 127.0.0.1} and {@code ::1}.
 *
 * <pre>{@code
 * TestCertificates.Pki pki = TestCertificates.localhost();
 * try (JettyServer server = JettyServer.builder().tls(pki.server()).start()) {
 *     HttpClient client = HttpClient.newBuilder().sslContext(pki.clientSslContext()).build();
 *     client.send(HttpRequest.newBuilder(URI.create(server.url("/status/204"))).build(),
 *             HttpResponse.BodyHandlers.discarding());
 * }
 * TestCertificates.Pki other = TestCertificates.create("good.test"); // a cert for another name
 * TestCertificates.Pki mismatch = TestCertificates.createWithCommonName("bad.test", "good.test");
 * }</pre>
 */
public final class TestCertificates {
    /** The subjectAltName extension's OID (RFC 5280 §4.2.1.6). */
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static volatile Pki localhost;

    private TestCertificates() {}

    /**
     * A CA plus a server certificate issued by it.
     *
     * @param ca the self-signed root; clients trust it
     * @param server the server certificate, its key pair and its chain (leaf first)
     */
    public record Pki(X509Bundle ca, X509Bundle server) {
        public Pki {
            Objects.requireNonNull(ca, "ca");
            Objects.requireNonNull(server, "server");
        }

        /** A trust store (type PKCS12, in memory) holding only the CA certificate. */
        public KeyStore trustStore() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("courier-test-ca", ca.getCertificate());
                return store;
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the trust store", e);
            }
        }

        /** A TLS client context that trusts only the CA (no client certificate). */
        public SSLContext clientSslContext() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trustStore());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), new SecureRandom());
                return context;
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the client SSLContext", e);
            }
        }

        /** The server key and chain as an in-memory PKCS12 key store. */
        public KeyStore serverKeyStore(char[] password) {
            try {
                return server.toKeyStore("PKCS12", password);
            } catch (KeyStoreException e) {
                throw new IllegalStateException("cannot build the server key store", e);
            }
        }
    }

    /** The shared CA and a server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}. */
    public static Pki localhost() {
        Pki pki = localhost;
        if (pki == null) {
            synchronized (TestCertificates.class) {
                pki = localhost;
                if (pki == null) {
                    pki = create("localhost", "127.0.0.1", "::1");
                    localhost = pki;
                }
            }
        }
        return pki;
    }

    /**
     * A new CA and a server certificate whose subject alternative names are {@code names}: an entry
     * that parses as an IP literal becomes an IP SAN, anything else a DNS SAN (wildcards such as
     * {@code *.good.test} included). The subject CN is the first name.
     *
     * <p>A DNS name is written as given, not IDNA-converted: {@code xn--bcher-kva.test} is the
     * A-label a CA should write, while {@code bücher.test} goes into the dNSName raw, as UTF-8
     * bytes inside an IA5String (which RFC 5280 §4.2.1.6 forbids), the way a misissuing CA would.
     */
    public static Pki create(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one name is needed");
        }
        return createWithCommonName(names[0], names);
    }

    /**
     * As {@link #create}, with the subject CN given apart from the subject alternative names, for a
     * certificate whose CN names a host its SANs do not (a verifier must read the SANs alone).
     */
    public static Pki createWithCommonName(String commonName, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one name is needed");
        }
        Instant now = Instant.now();
        try {
            X509Bundle ca = new CertificateBuilder()
                    .ecp256()
                    .subject("CN=Courier Test CA")
                    .notBefore(now.minus(Duration.ofHours(1)))
                    .notAfter(now.plus(Duration.ofDays(1)))
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
                    .buildSelfSigned();
            CertificateBuilder leaf = new CertificateBuilder()
                    .ecp256()
                    .subject("CN=" + commonName)
                    .notBefore(now.minus(Duration.ofHours(1)))
                    .notAfter(now.plus(Duration.ofDays(1)))
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                    .addExtendedKeyUsageServerAuth();
            if (Arrays.stream(names).anyMatch(name -> name.contains("*") || !isAscii(name))) {
                // pkitesting reads a DNS name as the host of a URI, which "*.good.test" and
                // "bücher.test" are not (it would write a null name): the extension is encoded
                // here, every name in it.
                leaf.addExtensionOctetString(SUBJECT_ALT_NAME, false, subjectAltNames(names));
            } else {
                for (String name : names) {
                    if (isIpLiteral(name)) {
                        leaf.addSanIpAddress(name);
                    } else {
                        leaf.addSanDnsName(name);
                    }
                }
            }
            return new Pki(ca, leaf.buildIssuedBy(ca));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    /**
     * The DER of a subjectAltName value (RFC 5280 §4.2.1.6): a SEQUENCE of GeneralName, each a
     * dNSName ([2] IA5String) or, for an IP literal, an iPAddress ([7] OCTET STRING). A name with
     * non-ASCII characters is written as its UTF-8 bytes, unconverted, making an invalid IA5String.
     */
    private static byte[] subjectAltNames(String... names) throws UnknownHostException {
        ByteArrayOutputStream generalNames = new ByteArrayOutputStream();
        for (String name : names) {
            if (isIpLiteral(name)) {
                der(generalNames, 0x87, InetAddress.getByName(name).getAddress());
            } else {
                der(generalNames, 0x82, name.getBytes(StandardCharsets.UTF_8));
            }
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        der(sequence, 0x30, generalNames.toByteArray());
        return sequence.toByteArray();
    }

    /** Writes one DER tag-length-value (definite length, contents under 64 KiB). */
    private static void der(ByteArrayOutputStream out, int tag, byte[] contents) {
        int n = contents.length;
        if (n > 0xffff) {
            throw new IllegalArgumentException("DER contents too long for this encoder: " + n);
        }
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(contents);
    }

    private static boolean isAscii(String name) {
        return name.chars().allMatch(c -> c < 0x80);
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
