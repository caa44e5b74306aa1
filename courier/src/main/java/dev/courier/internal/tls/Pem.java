package dev.courier.internal.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small PEM reader (RFC 7468) for certificates and keys, with error messages that name the input. */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    private Pem() {}

    /** One PEM block: its label ("CERTIFICATE", "PRIVATE KEY"...), its RFC 1421 headers and its DER bytes. */
    static final class Block {
        final String label;
        final List<String> headers;
        final byte[] der;

        Block(String label, List<String> headers, byte[] der) {
            this.label = label;
            this.headers = headers;
            this.der = der;
        }
    }

    /**
     * Input bytes with a label naming them in messages ("CA bundle /etc/ca.pem"). Equality is by a
     * SHA-256 digest of the bytes, so it serves as a configuration identity without holding onto
     * the caller's array.
     */
    static final class Source {
        private final String label;
        private final byte[] bytes;
        private final byte[] digest;

        Source(String label, byte[] bytes) {
            this.label = label;
            this.bytes = bytes.clone();
            this.digest = TlsSettings.sha256(this.bytes);
        }

        String label() {
            return label;
        }

        byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Source && Arrays.equals(digest, ((Source) o).digest);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(digest);
        }

        @Override
        public String toString() {
            return label + " (sha256 " + HexFormat.of().formatHex(digest, 0, 8) + ")";
        }
    }

    /** Every block in {@code text}; text between blocks (comments, "Bag Attributes") is skipped. */
    static List<Block> blocks(byte[] text, String what) {
        // ISO-8859-1 maps every byte to one char, so binary input cannot throw here; it just has no blocks.
        String s = new String(text, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(s);
        while (m.find()) {
            String label = m.group(1);
            if (!label.equals(m.group(3))) {
                throw new IllegalArgumentException(
                        what + ": PEM block BEGIN " + label + " ends with END " + m.group(3));
            }
            List<String> headers = new ArrayList<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : m.group(2).split("\r?\n|\r")) {
                String t = line.strip();
                if (t.contains(":")) {
                    headers.add(t);
                } else {
                    base64.append(t.replaceAll("\\s+", ""));
                }
            }
            try {
                blocks.add(new Block(label, List.copyOf(headers), Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ": PEM block " + label + " is not valid base64", e);
            }
        }
        return blocks;
    }

    /** The X.509 certificates in {@code source}, in order; at least one, else IllegalArgumentException. */
    static List<X509Certificate> certificates(Source source) {
        List<X509Certificate> certs = certificatesOrEmpty(source.bytes(), source.label());
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(source.label() + ": no PEM CERTIFICATE block found");
        }
        return certs;
    }

    /** The X.509 certificates in {@code pem}, possibly none; a malformed certificate is an error. */
    static List<X509Certificate> certificatesOrEmpty(byte[] pem, String what) {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK has an X.509 CertificateFactory", e);
        }
        int index = 0;
        for (Block block : blocks(pem, what)) {
            // "TRUSTED CERTIFICATE" blocks are skipped: their OpenSSL trust settings (which may
            // reject the CA for TLS) cannot be honoured by a JDK trust store.
            if (!block.label.equals("CERTIFICATE") && !block.label.equals("X509 CERTIFICATE")) {
                continue;
            }
            index++;
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(what + ": certificate #" + index + " cannot be parsed: "
                        + e.getMessage(), e);
            }
        }
        return certs;
    }
}
