package dev.courier.internal.pool;

import dev.courier.Proxy;
import dev.courier.Url;

/**
 * What a pooled connection is for. It holds everything that makes two connections not
 * interchangeable: scheme, host, port, the identity of the TLS configuration (so a connection made
 * with verification off is never lent to a request that wants it on) and the route through a proxy,
 * credentials included. A tunnel through a proxy is a connection to one origin, so it is never lent
 * to another origin, nor to a request that names another proxy or other proxy credentials.
 *
 * @param scheme http or https
 * @param host the origin's host
 * @param port the origin's port
 * @param tlsIdentity the TLS configuration's identity (null for http)
 * @param route how the connection reaches the origin
 * @param proxy the proxy of a route through one, else null
 */
public record PoolKey(String scheme, String host, int port, Object tlsIdentity, Route route, Proxy proxy) {
    /** How a connection reaches its origin. */
    public enum Route {
        /** A TCP (or unix socket) connection to the origin. */
        DIRECT,
        /** To an HTTP(S) proxy that forwards absolute-form requests (http:// origins). */
        FORWARD,
        /** Through an HTTP CONNECT tunnel opened by an HTTP(S) proxy. */
        TUNNEL,
        /** Through a SOCKS5 proxy. */
        SOCKS
    }

    /** A direct connection's key. */
    public PoolKey(String scheme, String host, int port, Object tlsIdentity) {
        this(scheme, host, port, tlsIdentity, Route.DIRECT, null);
    }

    /** The key for a direct request to {@code url} under the given TLS configuration (ignored for http). */
    public static PoolKey of(Url url, Object tlsIdentity) {
        return of(url, tlsIdentity, null, true);
    }

    /**
     * The key for a request to {@code url} through {@code proxy} (null: direct). An http:// origin
     * goes through an HTTP proxy in absolute form when {@code forwardHttp}, else in a tunnel (for h2c,
     * which a forwarding proxy can't carry).
     */
    public static PoolKey of(Url url, Object tlsIdentity, Proxy proxy, boolean forwardHttp) {
        boolean secure = url.scheme().equals("https");
        Object tls = secure ? tlsIdentity : null;
        if (proxy == null) {
            return new PoolKey(url.scheme(), url.host(), url.port(), tls, Route.DIRECT, null);
        }
        String proxyScheme = proxy.url().scheme();
        Route route = proxyScheme.startsWith("socks") ? Route.SOCKS
                : !secure && forwardHttp ? Route.FORWARD : Route.TUNNEL;
        return new PoolKey(url.scheme(), url.host(), url.port(), tls, route, proxy);
    }

    /** The proxy this connection forwards absolute-form requests to, or null when it reaches the origin. */
    public Proxy forwardProxy() {
        return route == Route.FORWARD ? proxy : null;
    }

    /** True when the connection reaches the origin through a proxy's tunnel (CONNECT or SOCKS5). */
    public boolean tunnelled() {
        return route == Route.TUNNEL || route == Route.SOCKS;
    }

    /** True for https. */
    public boolean isSecure() {
        return scheme.equals("https");
    }

    /** {@code host:port} as a person reads it, IPv6 in brackets. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    // Written out rather than the record's generated pair: the pool looks a key up several times per
    // request, and the generated methods go through a chain of method handles each time.
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof PoolKey k && port == k.port && route == k.route && host.equals(k.host)
                && scheme.equals(k.scheme) && java.util.Objects.equals(tlsIdentity, k.tlsIdentity)
                && java.util.Objects.equals(proxy, k.proxy);
    }

    @Override
    public int hashCode() {
        int h = host.hashCode();
        h = 31 * h + port;
        h = 31 * h + scheme.hashCode();
        h = 31 * h + route.hashCode();
        h = 31 * h + (tlsIdentity == null ? 0 : tlsIdentity.hashCode());
        return 31 * h + (proxy == null ? 0 : proxy.hashCode());
    }

    @Override
    public String toString() {
        return scheme + "://" + authority() + (proxy == null ? "" : " via " + proxy);
    }
}
