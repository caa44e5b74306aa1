package dev.courier.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * A usable Digest challenge (RFC 7616 §3.3), read from the parameters of an {@link AuthChallenge}.
 *
 * <p>{@code qop} is the protection chosen for the answer: {@code "auth"} when offered (preferred),
 * else {@code "auth-int"}, or null when the server sent no qop (RFC 2069). {@code algorithmToken}
 * is the algorithm as the server spelled it, or null when it sent none (MD5 is then implied and no
 * algorithm is echoed).
 *
 * <pre>{@code
 * DigestChallenge c = DigestChallenge.best(response.headers().getAll("WWW-Authenticate"));
 * }</pre>
 */
record DigestChallenge(String realm, String nonce, String opaque, Algorithm algorithm, String algorithmToken,
                       String qop, boolean stale, boolean userhash) {

    /**
     * The digest algorithms Courier answers, strongest last in rank. SHA-512 is not in RFC 7616; it
     * is answered because httpbin and httpx use it.
     */
    enum Algorithm {
        MD5("MD5", "MD5", false, 1),
        MD5_SESS("MD5-sess", "MD5", true, 1),
        SHA_256("SHA-256", "SHA-256", false, 2),
        SHA_256_SESS("SHA-256-sess", "SHA-256", true, 2),
        SHA_512("SHA-512", "SHA-512", false, 3),
        SHA_512_SESS("SHA-512-sess", "SHA-512", true, 3),
        SHA_512_256("SHA-512-256", "SHA-512/256", false, 4),
        SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, 4);

        final String label;
        final String jcaName;
        final boolean session;
        final int strength;

        Algorithm(String label, String jcaName, boolean session, int strength) {
            this.label = label;
            this.jcaName = jcaName;
            this.session = session;
            this.strength = strength;
        }

        /** The algorithm called {@code name} (any case), or null when Courier does not know it. */
        static Algorithm forName(String name) {
            for (Algorithm a : values()) {
                if (a.label.equalsIgnoreCase(name)) {
                    return a;
                }
            }
            return null;
        }

        /** The digest of {@code data}. */
        byte[] hash(byte[] data) {
            try {
                return MessageDigest.getInstance(jcaName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("This JVM has no " + jcaName + " MessageDigest", e);
            }
        }
    }

    /**
     * The challenge to answer among these {@code WWW-Authenticate} field values: the Digest challenge
     * with the strongest supported algorithm (RFC 7616 §3.7), the first one among equals; null when
     * no Digest challenge can be answered (none offered, unknown algorithms only, malformed).
     */
    static DigestChallenge best(List<String> fieldValues) {
        DigestChallenge best = null;
        for (AuthChallenge c : AuthChallenge.parse(fieldValues)) {
            DigestChallenge d = from(c);
            if (d != null && (best == null || d.algorithm.strength > best.algorithm.strength)) {
                best = d;
            }
        }
        return best;
    }

    /** The Digest challenge in {@code c}, or null when it is not one Courier can answer. */
    static DigestChallenge from(AuthChallenge c) {
        if (!c.scheme().equalsIgnoreCase("Digest") || c.malformed() || c.token68() != null) {
            return null;
        }
        String realm = c.param("realm");
        String nonce = c.param("nonce");
        if (realm == null || nonce == null || nonce.isEmpty()) {
            return null;
        }
        String algorithmToken = c.param("algorithm");
        Algorithm algorithm = algorithmToken == null ? Algorithm.MD5 : Algorithm.forName(algorithmToken.strip());
        if (algorithm == null) {
            return null;
        }
        String qop = null;
        String qopOptions = c.param("qop");
        if (qopOptions != null) {
            boolean auth = false;
            boolean authInt = false;
            for (String option : qopOptions.split(",")) {
                String o = option.strip().toLowerCase(Locale.ROOT);
                auth |= o.equals("auth");
                authInt |= o.equals("auth-int");
            }
            if (!auth && !authInt) {
                return null;
            }
            qop = auth ? "auth" : "auth-int";
        } else if (algorithm.session) {
            // -sess needs a cnonce, which RFC 2617 §3.2.2 forbids sending without a qop.
            return null;
        }
        return new DigestChallenge(realm, nonce, c.param("opaque"), algorithm,
                algorithmToken == null ? null : algorithmToken.strip(), qop,
                "true".equalsIgnoreCase(c.param("stale")), "true".equalsIgnoreCase(c.param("userhash")));
    }

    /** True when both describe the same nonce and parameters, whatever their stale flags say. */
    boolean sameNonce(DigestChallenge other) {
        return equals(new DigestChallenge(other.realm, other.nonce, other.opaque, other.algorithm,
                other.algorithmToken, other.qop, stale, other.userhash));
    }
}
