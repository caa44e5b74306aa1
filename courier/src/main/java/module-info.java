/**
 * Courier: an asynchronous HTTP client.
 *
 * <p>Only the API packages are exported; everything under {@code dev.courier.internal} may change
 * without notice.
 */
module dev.courier {
    requires transitive com.fasterxml.jackson.databind;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.handler.proxy;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires com.aayushatharva.brotli4j;
    requires com.github.luben.zstd_jni;
    // App.of(HttpHandler) runs handlers written for the JDK's built-in server, so its API is ours too.
    requires transitive jdk.httpserver;

    exports dev.courier;
    exports dev.courier.auth;
    exports dev.courier.transport;
    exports dev.courier.service;
}
