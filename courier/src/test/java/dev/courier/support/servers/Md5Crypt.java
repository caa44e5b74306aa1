package dev.courier.support.servers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The MD5-based password hash of {@code crypt(3)} ({@code $1$}) and of Apache's htpasswd
 * ({@code $apr1$}, the same algorithm under another tag), for the password files the proxy fixtures
 * write: squid's {@code basic_ncsa_auth} reads an htpasswd file ({@link SquidServer}), and dante's
 * {@code socksmethod: username} checks a shadow entry through libcrypt ({@link DanteServer}). It
 * spares the fixtures a call to {@code openssl passwd}; the fixture tests pin it to openssl's output.
 * Test passwords only: MD5-crypt is long obsolete for anything real.
 *
 * <pre>{@code
 * String htpasswdLine = "alice:" + Md5Crypt.apr1("s3cret");   // alice:$apr1$SALT$HASH
 * String shadowHash = Md5Crypt.md5("s3cret");                 // $1$SALT$HASH
 * }</pre>
 */
final class Md5Crypt {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Md5Crypt() {}

    /** {@code $apr1$SALT$HASH} with a random 8-character salt (htpasswd's MD5 format). */
    static String apr1(String password) {
        return hash(password, "$apr1$", randomSalt());
    }

    /** {@code $1$SALT$HASH} with a random 8-character salt (crypt(3)'s MD5 format). */
    static String md5(String password) {
        return hash(password, "$1$", randomSalt());
    }

    /**
     * The hash of {@code password} (UTF-8) with {@code magic} ({@code "$1$"} or {@code "$apr1$"})
     * and {@code salt} (up to 8 characters of {@code [./0-9A-Za-z]}; longer is cut).
     */
    static String hash(String password, String magic, String salt) {
        String s = salt.length() > 8 ? salt.substring(0, 8) : salt;
        for (int i = 0; i < s.length(); i++) {
            if (ITOA64.indexOf(s.charAt(i)) < 0) {
                throw new IllegalArgumentException("a salt character is one of " + ITOA64 + ": " + salt);
            }
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] saltBytes = s.getBytes(StandardCharsets.US_ASCII);
        MessageDigest ctx = md5Digest();
        ctx.update(pw);
        ctx.update(magic.getBytes(StandardCharsets.US_ASCII));
        ctx.update(saltBytes);

        MessageDigest alt = md5Digest();
        alt.update(pw);
        alt.update(saltBytes);
        alt.update(pw);
        byte[] altResult = alt.digest();
        for (int left = pw.length; left > 0; left -= 16) {
            ctx.update(altResult, 0, Math.min(left, 16));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(pw[0]);
            }
        }
        byte[] result = ctx.digest();

        for (int i = 0; i < 1000; i++) {
            MessageDigest round = md5Digest();
            round.update((i & 1) != 0 ? pw : result);
            if (i % 3 != 0) {
                round.update(saltBytes);
            }
            if (i % 7 != 0) {
                round.update(pw);
            }
            round.update((i & 1) != 0 ? result : pw);
            result = round.digest();
        }

        StringBuilder out = new StringBuilder(magic).append(s).append('$');
        to64(out, result[0], result[6], result[12], 4);
        to64(out, result[1], result[7], result[13], 4);
        to64(out, result[2], result[8], result[14], 4);
        to64(out, result[3], result[9], result[15], 4);
        to64(out, result[4], result[10], result[5], 4);
        to64(out, (byte) 0, (byte) 0, result[11], 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, byte b2, byte b1, byte b0, int chars) {
        int v = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static String randomSalt() {
        StringBuilder salt = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            salt.append(ITOA64.charAt(RANDOM.nextInt(ITOA64.length())));
        }
        return salt.toString();
    }

    private static MessageDigest md5Digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
