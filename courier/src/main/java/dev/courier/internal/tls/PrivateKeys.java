package dev.courier.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a PEM private key with the JDK alone: PKCS#8, encrypted PKCS#8 and PKCS#1 RSA.
 *
 * <p>Netty can read PKCS#1 only when BouncyCastle is on the class path, which Courier does not
 * require, so PKCS#1 is rewrapped as PKCS#8 here. Messages never contain the password.
 */
final class PrivateKeys {
    /** The key algorithms tried in turn: PKCS#8 names its algorithm by OID, and the JDK's names differ. */
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");

    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PrivateKeys() {}

    /** The single private key in {@code source}, decrypted with {@code password} when it is encrypted. */
    static PrivateKey read(Pem.Source source, char[] password) {
        String what = source.label();
        Pem.Block key = null;
        for (Pem.Block block : Pem.blocks(source.bytes(), what)) {
            if (block.label.endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new IllegalArgumentException(what + ": more than one PEM private key block");
                }
                key = block;
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(what + ": no PEM PRIVATE KEY block found");
        }
        switch (key.label) {
            case "PRIVATE KEY":
                return decode(key.der, what);
            case "ENCRYPTED PRIVATE KEY":
                if (password == null) {
                    throw new IllegalArgumentException(
                            what + " is encrypted (ENCRYPTED PRIVATE KEY) but no password was given");
                }
                return decode(decrypt(key.der, password, what), what);
            case "RSA PRIVATE KEY":
                if (key.headers.stream().anyMatch(h -> h.startsWith("Proc-Type") && h.contains("ENCRYPTED"))) {
                    throw new IllegalArgumentException(what + ": encrypted PKCS#1 (\"Proc-Type: 4,ENCRYPTED\") "
                            + "keys are not supported; convert with 'openssl pkcs8 -topk8' to encrypted PKCS#8");
                }
                return decode(pkcs1ToPkcs8(key.der), what);
            default:
                throw new IllegalArgumentException(what + ": unsupported key format BEGIN " + key.label
                        + "; convert with 'openssl pkcs8 -topk8' to PKCS#8");
        }
    }

    private static PrivateKey decode(byte[] pkcs8, String what) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // Not this algorithm (or not available on this JDK): try the next one.
            }
        }
        throw new IllegalArgumentException(what + ": the private key cannot be decoded as " + ALGORITHMS);
    }

    private static byte[] decrypt(byte[] der, char[] password, String what) {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": ENCRYPTED PRIVATE KEY is malformed", e);
        }
        String algorithm = cipherName(info);
        try {
            SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            // A wrong password decrypts to garbage (or fails the padding check): indistinguishable.
            throw new IllegalArgumentException(what + " cannot be decrypted: wrong password", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    what + ": unsupported key encryption " + algorithm + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The JCE name of the cipher: for PBES2 (what OpenSSL writes) the JDK reports "PBES2" or its OID
     * as the algorithm, and the usable name ("PBEWithHmacSHA256AndAES_256") from the parameters.
     */
    private static String cipherName(EncryptedPrivateKeyInfo info) {
        String name = info.getAlgName();
        AlgorithmParameters params = info.getAlgParameters();
        if (params != null && (name.equals("PBES2") || name.equals("1.2.840.113549.1.5.13"))) {
            return params.toString();
        }
        return name;
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_ID);
        body.writeBytes(tlv(0x04, pkcs1));
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
