package dev.courier.testing.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;

/**
 * Pipelines of the test server. Both protocols end in the same {@link HttpbinHandler}: HTTP/2
 * streams are turned into HTTP/1-style objects per stream channel, so every endpoint is written
 * once.
 */
public final class ServerChannels {
    private ServerChannels() {}

    /**
     * The cleartext port: HTTP/1.1 (unless {@code http1} is false), or h2c when the client opens
     * with the HTTP/2 preface.
     */
    public static ChannelInitializer<Channel> cleartext(int maxContentLength, boolean http1) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new PrefaceSniffer(maxContentLength, http1));
            }
        };
    }

    /**
     * The TLS port: ALPN picks h2 or http/1.1 (http/1.1 when the client offers neither); with
     * {@code http1} false only h2, and a client without ALPN is spoken to in HTTP/2.
     */
    public static ChannelInitializer<Channel> tls(SslContext sslContext, int maxContentLength, boolean http1) {
        String fallback = http1 ? ApplicationProtocolNames.HTTP_1_1 : ApplicationProtocolNames.HTTP_2;
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                ch.pipeline().addLast(new ApplicationProtocolNegotiationHandler(fallback) {
                    @Override
                    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                            http2(ctx.pipeline(), true, maxContentLength);
                        } else {
                            http1(ctx.pipeline(), true, maxContentLength);
                        }
                    }
                });
            }
        };
    }

    static void http1(ChannelPipeline pipeline, boolean secure, int maxContentLength) {
        pipeline.addLast(new HttpServerCodec());
        pipeline.addLast(new HttpServerKeepAliveHandler());
        pipeline.addLast(new EchoingAggregator(maxContentLength));
        pipeline.addLast(new HttpbinHandler(secure));
    }

    static void http2(ChannelPipeline pipeline, boolean secure, int maxContentLength) {
        pipeline.addLast(Http2FrameCodecBuilder.forServer().build());
        pipeline.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                ch.pipeline().addLast(new EchoingAggregator(maxContentLength));
                ch.pipeline().addLast(new HttpbinHandler(secure));
            }
        }));
    }
}
