package dev.courier.internal.proxy;

import dev.courier.Proxy;

/**
 * What to tell a person whose proxy asked for credentials (a 407, to a forwarded request or to a
 * CONNECT): give some, or check the ones given.
 */
public final class ProxyCredentials {
    private ProxyCredentials() {}

    /** {@code "; it wants credentials: ..."} or {@code "; check the proxy credentials"}, for a message. */
    public static String hint(Proxy proxy) {
        return proxy.username() == null
                ? "; it wants credentials: give them in the proxy URL (http://user:password@host:port)"
                : "; check the proxy credentials";
    }
}
