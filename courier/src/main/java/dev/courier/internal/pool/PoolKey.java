package dev.courier.internal.pool;

import dev.courier.Proxy;
import dev.courier.Url;
import java.util.Objects;

/**
 * What a pooled connection is for. It holds everything that makes two connections not
 * interchangeable: scheme, host, port, the identity of the TLS configuration (so a connection made
 * with verification off is never lent to a request that wants it on) and the route through a proxy,
 * credentials included. A tunnel through a proxy is a connection to one origin, so it is never lent
 * to another origin, nor to a request that names another proxy or other proxy credentials.
 *
 * <p>A class rather than a record, for the hash it keeps: the pool looks a key up several times per
 * request, and {@link #matches} lets the transport reuse the key of its previous request, so a
 * request to the same origin neither builds a key nor hashes its host again.
 */
public final class PoolKey {
    private final String scheme;
    private final String host;
    private final int port;
    private final Object tlsIdentity;
    private final Route route;
    private final Proxy proxy;
    private final int hash;

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

    /**
     * The key of connections to {@code host:port} over {@code scheme}, reaching it by {@code route}.
     *
     * @param scheme http or https
     * @param host the origin's host
     * @param port the origin's port
     * @param tlsIdentity the TLS configuration's identity (null for http)
     * @param route how the connection reaches the origin
     * @param proxy the proxy of a route through one, else null
     */
    public PoolKey(String scheme, String host, int port, Object tlsIdentity, Route route, Proxy proxy) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.tlsIdentity = tlsIdentity;
        this.route = route;
        this.proxy = proxy;
        int h = host.hashCode();
        h = 31 * h + port;
        h = 31 * h + scheme.hashCode();
        h = 31 * h + route.hashCode();
        h = 31 * h + (tlsIdentity == null ? 0 : tlsIdentity.hashCode());
        this.hash = 31 * h + (proxy == null ? 0 : proxy.hashCode());
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
        return new PoolKey(url.scheme(), url.host(), url.port(), secure ? tlsIdentity : null,
                route(secure, proxy, forwardHttp), proxy);
    }

    /** Whether {@link #of of} with these arguments would give a key equal to this one. */
    public boolean matches(Url url, Object tlsIdentity, Proxy proxy, boolean forwardHttp) {
        boolean secure = url.scheme().equals("https");
        return port == url.port() && host.equals(url.host()) && scheme.equals(url.scheme())
                && route == route(secure, proxy, forwardHttp)
                && Objects.equals(this.tlsIdentity, secure ? tlsIdentity : null) && Objects.equals(this.proxy, proxy);
    }

    private static Route route(boolean secure, Proxy proxy, boolean forwardHttp) {
        if (proxy == null) {
            return Route.DIRECT;
        }
        return proxy.url().scheme().startsWith("socks") ? Route.SOCKS
                : !secure && forwardHttp ? Route.FORWARD : Route.TUNNEL;
    }

    /** http or https. */
    public String scheme() {
        return scheme;
    }

    /** The origin's host. */
    public String host() {
        return host;
    }

    /** The origin's port. */
    public int port() {
        return port;
    }

    /** The TLS configuration's identity (null for http). */
    public Object tlsIdentity() {
        return tlsIdentity;
    }

    /** How the connection reaches the origin. */
    public Route route() {
        return route;
    }

    /** The proxy of a route through one, else null. */
    public Proxy proxy() {
        return proxy;
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof PoolKey k && hash == k.hash && port == k.port && route == k.route
                && host.equals(k.host) && scheme.equals(k.scheme) && Objects.equals(tlsIdentity, k.tlsIdentity)
                && Objects.equals(proxy, k.proxy);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return scheme + "://" + authority() + (proxy == null ? "" : " via " + proxy);
    }
}
