package dev.courier.bench.jmh;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.exchange.ExchangeChannel;
import dev.courier.internal.exchange.Watchdog;
import dev.courier.internal.exchange.ExchangeSettings;
import dev.courier.transport.MockTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole HTTP/1.1 exchange without a socket: Courier's {@link Exchange} on an
 * {@link EmbeddedChannel} whose pipeline is the one the connection factory builds (the strict
 * response decoder, Netty's request encoder, then the connection handler), minus TLS and
 * decompression. Per operation: {@code Exchange.start} writes the request head (RequestHead, the
 * encoder), the response head of {@code ResponseHeadDecodeBenchmark} is fed back, decoded, turned
 * into a Courier {@link Response} (headers converted), and the exchange finishes reusable. The pool,
 * the client's pipeline stages and the event-loop hand-off are not part of it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Http1ExchangeBenchmark {
    private final BenchConnection connection = new BenchConnection();
    private final ExchangeSettings settings = new ExchangeSettings(8 * 1024, 64 * 1024, 256, 16, 64 * 1024,
            "gzip, deflate, br, zstd");
    private Request request;
    private EmbeddedChannel channel;
    private ByteBuf responseBytes;

    @Setup
    public void setUp() {
        try (AsyncClient client = AsyncClient.builder()
                .baseUrl("https://api.example.com/v1")
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl")
                .header("X-Client-Version", "4.2.0")
                .param("api_key", "k-3f9a2c")
                .transport(MockTransport.of(r -> Response.builder().status(200).build()))
                .build()) {
            request = client.buildRequest("GET", "/users/42?fields=id,name",
                    o -> o.header("Accept", "application/json").header("X-Request-Id", "5b7c1e0e-8a8f-4e1c"));
        }
        responseBytes = Unpooled.directBuffer()
                .writeBytes(ResponseHeadDecodeBenchmark.RESPONSE_HEAD.getBytes(StandardCharsets.US_ASCII));
        channel = new EmbeddedChannel(CourierInternals.newResponseDecoder(), new HttpRequestEncoder(), connection);
        Response response = exchange();
        if (response == null || response.statusCode() != 200 || response.headers().size() != 10
                || !connection.lastReusable) {
            throw new IllegalStateException("The exchange did not complete as a reusable 200: " + response);
        }
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        responseBytes.release();
    }

    /** Request head out, response head in, the Response completed, the exchange finished. */
    @Benchmark
    public Response exchange() {
        Exchange exchange = new Exchange(request, Timeout.none(), settings);
        connection.current = exchange;
        exchange.start(connection, true);
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            out.release();
        }
        channel.writeInbound(responseBytes.retainedDuplicate());
        Response response = exchange.head().getNow(null);
        if (response != null) {
            response.close();
        }
        return response;
    }

    /** The connection handler: hands inbound HTTP objects to the exchange in progress, as Http1Connection does. */
    private static final class BenchConnection extends ChannelInboundHandlerAdapter implements ExchangeChannel {
        private Channel channel;
        private Watchdog watchdog;
        Exchange current;
        boolean lastReusable;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            watchdog = new Watchdog(channel.eventLoop());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (current != null) {
                current.onInbound(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (current != null) {
                current.onReadComplete();
            }
        }

        @Override
        public EventLoop eventLoop() {
            return channel.eventLoop();
        }

        @Override
        public ByteBufAllocator alloc() {
            return channel.alloc();
        }

        @Override
        public ChannelFuture write(Object message) {
            return channel.writeAndFlush(message);
        }

        @Override
        public void read() {
            channel.read();
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }

        @Override
        public String authority() {
            return "api.example.com:443";
        }

        @Override
        public long lastReadNanos() {
            return 0;
        }

        @Override
        public Watchdog watchdog() {
            return watchdog;
        }

        @Override
        public boolean multiplexed() {
            return false;
        }

        @Override
        public void finished(Exchange exchange, boolean reusable) {
            if (current == exchange) {
                current = null;
                lastReusable = reusable;
            }
        }
    }
}
