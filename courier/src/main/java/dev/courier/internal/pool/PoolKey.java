package dev.courier.internal.pool;

import dev.courier.Url;

/**
 * What a pooled connection is for. It holds everything that makes two connections not
 * interchangeable: scheme, host, port and the identity of the TLS configuration (so a connection
 * made with verification off is never lent to a request that wants it on). Proxy routes join it
 * when proxies do.
 */
public record PoolKey(String scheme, String host, int port, Object tlsIdentity) {
    /** The key for a request to {@code url} under the given TLS configuration (ignored for http). */
    public static PoolKey of(Url url, Object tlsIdentity) {
        boolean secure = url.scheme().equals("https");
        return new PoolKey(url.scheme(), url.host(), url.port(), secure ? tlsIdentity : null);
    }

    /** True for https. */
    public boolean isSecure() {
        return scheme.equals("https");
    }

    /** {@code host:port} as a person reads it, IPv6 in brackets. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority();
    }
}
