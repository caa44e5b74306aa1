package dev.courier.internal.tls;

import io.netty.pkitesting.X509Bundle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/** Writes a test key in the formats clients are handed: encrypted PKCS#8 (as OpenSSL does), PKCS#1 and PKCS#12. */
final class KeyFormats {
    /** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: what {@code openssl pkcs8 -topk8} writes by default. */
    private static final String PBES2_AES = "PBEWithHmacSHA256AndAES_256";

    /** DER of OBJECT IDENTIFIER 1.2.840.113549.1.5.13 (id-PBES2). */
    private static final byte[] PBES2_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};

    private KeyFormats() {}

    static byte[] encryptedPkcs8Pem(X509Bundle bundle, char[] password) throws Exception {
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        AlgorithmParameters params = AlgorithmParameters.getInstance(PBES2_AES);
        params.init(new PBEParameterSpec(salt, 2048, new IvParameterSpec(iv)));
        SecretKey key = SecretKeyFactory.getInstance(PBES2_AES).generateSecret(new PBEKeySpec(password));
        Cipher cipher = Cipher.getInstance(PBES2_AES);
        cipher.init(Cipher.ENCRYPT_MODE, key, params);
        byte[] encrypted = cipher.doFinal(bundle.getKeyPair().getPrivate().getEncoded());
        // EncryptedPrivateKeyInfo(AlgorithmParameters, byte[]) cannot name PBES2 parameters on JDK 17,
        // so the DER is written here: SEQUENCE { SEQUENCE { id-PBES2, PBES2-params }, OCTET STRING }.
        byte[] algorithm = tlv(0x30, concat(PBES2_OID, cipher.getParameters().getEncoded()));
        return pem("ENCRYPTED PRIVATE KEY", tlv(0x30, concat(algorithm, tlv(0x04, encrypted))));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            out.write(0x82); // two length bytes cover every key here
            out.write(content.length >>> 8);
            out.write(content.length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** "BEGIN RSA PRIVATE KEY": the RSAPrivateKey structure inside the PKCS#8 OCTET STRING. */
    static byte[] pkcs1Pem(X509Bundle rsaBundle) {
        byte[] pkcs8 = rsaBundle.getKeyPair().getPrivate().getEncoded();
        int[] at = {0};
        header(pkcs8, at); // PrivateKeyInfo SEQUENCE: step inside
        skip(pkcs8, at); // version
        skip(pkcs8, at); // AlgorithmIdentifier
        int length = header(pkcs8, at); // OCTET STRING privateKey
        return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, at[0], at[0] + length));
    }

    static byte[] pkcs12(X509Bundle bundle, char[] password) throws Exception {
        KeyStore store = bundle.toKeyStore(password);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    static byte[] pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a DER tag and length at {@code at}, leaving {@code at} on the content; returns the length. */
    private static int header(byte[] der, int[] at) {
        at[0]++; // tag
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = (length << 8) | (der[at[0]++] & 0xff);
        }
        return length;
    }

    private static void skip(byte[] der, int[] at) {
        int length = header(der, at);
        at[0] += length;
    }
}
