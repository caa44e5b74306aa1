package dev.courier.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Makes the client {@link SslHandler} for one connection, with hostname verification set explicitly. */
public final class SslHandlers {
    private SslHandlers() {}

    /**
     * A handler for a connection to {@code host:port}; {@code host} is the origin's host (never a
     * proxy's), in ASCII form, an IPv6 literal with or without brackets.
     *
     * <p>The engine is always created with the peer host and port, so the JDK sends SNI (for DNS
     * names, not IP literals) and can check the certificate against the host. With {@code verify}
     * the endpoint identification algorithm is set to HTTPS on the engine itself: Netty's default
     * comes from a JVM-wide property that {@code NONE} turns off, and a caller's SSLContext does not
     * get it at all (RELIABILITY §0.1).
     *
     * @param handshakeTimeout how long the handshake may take; zero means no limit
     */
    public static SslHandler newHandler(SslContext ctx, ByteBufAllocator alloc, String host, int port, boolean verify,
            Duration handshakeTimeout) {
        String peer = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SslHandler handler = ctx.newHandler(alloc, peer, port);
        SSLEngine engine = handler.engine();
        SSLParameters params = engine.getSSLParameters();
        // Without verification, clear it too: a context built elsewhere may carry HTTPS, and
        // verify(false) means neither chain nor name is checked.
        params.setEndpointIdentificationAlgorithm(verify ? "HTTPS" : null);
        engine.setSSLParameters(params);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }
}
