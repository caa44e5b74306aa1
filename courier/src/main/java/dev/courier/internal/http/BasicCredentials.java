package dev.courier.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Basic credentials value (RFC 7617, UTF-8), shared by {@code Authorization} for origins and
 * {@code Proxy-Authorization} for forwarding proxies.
 */
public final class BasicCredentials {
    private BasicCredentials() {}

    /** {@code Basic base64(user:password)}. */
    public static String header(String user, String password) {
        byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(credentials);
    }
}
