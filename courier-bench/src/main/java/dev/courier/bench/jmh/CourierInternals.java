package dev.courier.bench.jmh;

import dev.courier.Headers;
import dev.courier.Proxy;
import dev.courier.Request;
import dev.courier.internal.http1.Http1Connection;
import dev.courier.internal.pool.PoolKey;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Handles on the package-private and private code of Courier's HTTP/1.1 path that the benchmarks
 * measure, so that they run Courier's own code rather than a copy of it, without changing the
 * courier module. The benchmarks run on the class path, where every package is open (the module
 * descriptor exports only the API), so {@link MethodHandles#privateLookupIn} reaches them. Called
 * through {@code static final} handles with {@code invokeExact}, which the JIT compiles to a direct
 * call: no reflection cost shows in the figures.
 */
final class CourierInternals {
    /** {@code RequestHead.headers(Request, String acceptEncoding)}: the wire headers of a request. */
    static final MethodHandle REQUEST_HEAD_HEADERS;
    /** {@code RequestHead.method(Request)}. */
    static final MethodHandle REQUEST_HEAD_METHOD;
    /** {@code RequestHead.target(Request, null)}: the origin-form request-target. */
    static final MethodHandle REQUEST_HEAD_TARGET;
    /** {@code Exchange.toHeaders(HttpHeaders)}: a decoded response head's fields as Courier {@link Headers}. */
    static final MethodHandle EXCHANGE_TO_HEADERS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Class<?> requestHead = Class.forName("dev.courier.internal.exchange.RequestHead");
            MethodHandles.Lookup inHead = MethodHandles.privateLookupIn(requestHead, lookup);
            REQUEST_HEAD_HEADERS = inHead.findStatic(requestHead, "headers",
                    MethodType.methodType(HttpHeaders.class, Request.class, String.class));
            REQUEST_HEAD_METHOD = inHead.findStatic(requestHead, "method",
                    MethodType.methodType(HttpMethod.class, Request.class));
            // target(Request, Proxy forwardProxy) with no proxy: the origin-form of a direct connection.
            REQUEST_HEAD_TARGET = MethodHandles.insertArguments(inHead.findStatic(requestHead, "target",
                    MethodType.methodType(String.class, Request.class, Proxy.class)), 1, (Object) null);

            Class<?> exchange = Class.forName("dev.courier.internal.exchange.Exchange");
            EXCHANGE_TO_HEADERS = MethodHandles.privateLookupIn(exchange, lookup).findStatic(exchange, "toHeaders",
                    MethodType.methodType(Headers.class, HttpHeaders.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("Courier's internals changed; update CourierInternals: " + e);
        }
    }

    private CourierInternals() {}

    /**
     * Courier's HTTP/1.1 response decoder ({@code StrictResponseDecoder}) with HttpTransport's default
     * limits, made as the connection factory makes it: through the public
     * {@link Http1Connection#newDecoder}. The connection is never attached to a channel (no exchange
     * in progress, so the decoder reads every response as one to a non-HEAD request).
     */
    static ChannelHandler newResponseDecoder() {
        Http1Connection connection = new Http1Connection(new PoolKey("http", "bench.test", 80, null), null, null);
        return connection.newDecoder(8 * 1024, 64 * 1024);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
