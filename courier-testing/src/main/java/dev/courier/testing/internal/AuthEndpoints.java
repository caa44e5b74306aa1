package dev.courier.testing.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /basic-auth}, {@code /hidden-basic-auth}, {@code /bearer} and {@code /digest-auth}, as httpbin answers them. */
final class AuthEndpoints {
    private static final String REALM = "me@kennethreitz.com";
    private static final Pattern PARAM = Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]*)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthEndpoints() {}

    static void basic(Exchange ex, String user, String passwd, boolean hidden) {
        if (basicMatches(ex.header("Authorization"), user, passwd)) {
            ex.json(200, authenticated("user", user));
        } else if (hidden) {
            ex.empty(404, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8"));
        } else {
            ex.empty(401, Exchange.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Fake Realm\""));
        }
    }

    private static boolean basicMatches(String authorization, String user, String passwd) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(user + ":" + passwd);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void bearer(Exchange ex) {
        String authorization = ex.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            // httpbin 0.7.0 takes any Authorization header; a stricter check keeps Basic from passing.
            ex.empty(401, Exchange.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer")
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8"));
            return;
        }
        ex.json(200, authenticated("token", authorization.substring("Bearer ".length())));
    }

    /**
     * RFC 7616 Digest without sessions: the answer is checked against the {@code uri} the client
     * sent, which must be this request's target. Stateless like httpbin: nonce and opaque are not
     * remembered, and {@code staleAfter} is accepted but never makes a nonce stale.
     */
    static void digest(Exchange ex, String qop, String user, String passwd, String algorithm, String staleAfter) {
        String offered = algorithm.equals("SHA-256") || algorithm.equals("SHA-512") ? algorithm : "MD5";
        String offeredQop = qop.equals("auth") || qop.equals("auth-int") ? qop : "auth, auth-int";
        Map<String, String> credentials = digestParams(ex.header("Authorization"));
        if (credentials != null && digestMatches(ex, credentials, user, passwd)) {
            HttpHeaders h = Exchange.headers().add(HttpHeaderNames.SET_COOKIE, "fake=fake_value; Path=/");
            String staleCookie = ex.cookies().get("stale_after");
            if (staleCookie != null) {
                // httpbin counts the cookie down on each success; "never" stays "never".
                String next = staleCookie.matches("\\d+") ? String.valueOf(Math.max(0, Integer.parseInt(staleCookie) - 1)) : "never";
                h.add(HttpHeaderNames.SET_COOKIE, "stale_after=" + next + "; Path=/");
            }
            ex.json(200, authenticated("user", user), h);
            return;
        }
        String hash = digestAlgorithm(offered);
        String nonce = hex(hash, randomBytes());
        String opaque = hex(hash, randomBytes());
        HttpHeaders h = Exchange.headers()
                .set(HttpHeaderNames.WWW_AUTHENTICATE, "Digest realm=\"" + REALM + "\", nonce=\"" + nonce + "\", qop=\""
                        + offeredQop + "\", opaque=\"" + opaque + "\", algorithm=" + offered + ", stale=FALSE")
                .add(HttpHeaderNames.SET_COOKIE, "stale_after=" + staleAfter + "; Path=/")
                .add(HttpHeaderNames.SET_COOKIE, "fake=fake_value; Path=/")
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        ex.empty(401, h);
    }

    private static boolean digestMatches(Exchange ex, Map<String, String> c, String user, String passwd) {
        String uri = c.get("uri");
        String response = c.get("response");
        String nonce = c.get("nonce");
        if (!user.equals(c.get("username")) || uri == null || response == null || nonce == null
                || !uri.equals(ex.request.uri())) {
            return false;
        }
        // httpbin hashes with the algorithm the client names, MD5 when it names none.
        String hash = digestAlgorithm(c.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT));
        String qop = c.get("qop");
        String ha1 = hex(hash, user + ":" + REALM + ":" + passwd);
        String ha2 = "auth-int".equals(qop)
                ? hex(hash, ex.method() + ":" + uri + ":" + hex(hash, ex.body))
                : hex(hash, ex.method() + ":" + uri);
        String expected = qop == null
                ? hex(hash, ha1 + ":" + nonce + ":" + ha2)
                : hex(hash, ha1 + ":" + nonce + ":" + c.get("nc") + ":" + c.get("cnonce") + ":" + qop + ":" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), response.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<String, String> digestParams(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(authorization.substring(7));
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
            params.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return params;
    }

    private static String digestAlgorithm(String name) {
        return switch (name) {
            case "SHA-256" -> "SHA-256";
            case "SHA-512" -> "SHA-512";
            default -> "MD5";
        };
    }

    private static String hex(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> authenticated(String key, String value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authenticated", true);
        body.put(key, value);
        return body;
    }
}
