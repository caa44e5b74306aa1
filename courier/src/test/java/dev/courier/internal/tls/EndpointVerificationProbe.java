package dev.courier.internal.tls;

import dev.courier.internal.Environment;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run in a forked JVM by {@link TlsEndpointPropertyTest}: connects as "localhost" to a server
 * presenting a "wrong.test" certificate, once through Netty's handler as is (the control, whose
 * hostname check follows the JVM property) and once through {@link SslHandlers}, and prints one
 * result line for each.
 */
public final class EndpointVerificationProbe {
    private EndpointVerificationProbe() {}

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (LoopbackTlsServer server = LoopbackTlsServer.start(group, TestPki.WRONG_HOST)) {
            int port = server.port();
            SslContext context = SslContextFactory.create(
                    TlsSettings.builder().caBundle(TestPki.rootPem(TestPki.ROOT)).build(), Environment.of(Map.of()));
            TlsClient.Outcome control = TlsClient.connect(group, ch -> context.newHandler(ch.alloc(), "localhost", port), port);
            System.out.println("CONTROL " + (control.success ? "success" : "failure"));
            TlsClient.Outcome courier = TlsClient.connect(group, context, "localhost", port, true);
            System.out.println("COURIER " + (courier.success ? "success"
                    : "failure: " + TlsFailures.describe("localhost", port, courier.failure)));
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
