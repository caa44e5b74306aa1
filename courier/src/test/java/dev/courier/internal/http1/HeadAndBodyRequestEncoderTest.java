package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * The buffers {@link HeadAndBodyRequestEncoder} passes on: the head with the start of a heap body,
 * up to {@link HeadAndBodyRequestEncoder#FIRST_WRITE} bytes, at the edge and either side of it, and
 * what it leaves as Netty writes it.
 */
class HeadAndBodyRequestEncoderTest {
    private static final int FIRST = HeadAndBodyRequestEncoder.FIRST_WRITE;

    @Test
    void aHeapBodyThatFitsLeavesWithItsHeadInOneDirectBuffer() {
        ByteBuf body = heapBody(10_000);
        List<ByteBuf> written = encode(request(body));
        try {
            assertThat(written).hasSize(1);
            assertThat(written.get(0).isDirect()).isTrue();
            assertThat(wire(written)).isEqualTo(head(10_000) + text(10_000));
            assertThat(body.refCnt()).isZero();
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aBodyEndingAtTheEdgeStillGoesInOneBuffer() {
        int size = bodyFillingTheFirstWrite();
        List<ByteBuf> written = encode(request(heapBody(size)));
        try {
            assertThat(written).hasSize(1);
            assertThat(written.get(0).readableBytes()).isEqualTo(FIRST);
            assertThat(wire(written)).isEqualTo(head(size) + text(size));
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void oneByteMoreFollowsInTheBodysOwnBuffer() {
        int size = bodyFillingTheFirstWrite() + 1;
        ByteBuf body = heapBody(size);
        List<ByteBuf> written = encode(request(body));
        try {
            assertThat(written).hasSize(2);
            assertThat(written.get(0).readableBytes()).isEqualTo(FIRST);
            // The rest is the caller's buffer, moved on and not copied: the transport copies it once.
            assertThat(written.get(1)).isSameAs(body);
            assertThat(body.readableBytes()).isEqualTo(1);
            assertThat(wire(written)).isEqualTo(head(size) + text(size));
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aLargerHeapBodyFollowsItsStartInASecondBuffer() {
        List<ByteBuf> written = encode(request(heapBody(100_000)));
        try {
            assertThat(written).hasSize(2);
            assertThat(written.get(0).isDirect()).isTrue();
            assertThat(written.get(0).readableBytes()).isEqualTo(FIRST);
            assertThat(wire(written)).isEqualTo(head(100_000) + text(100_000));
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aDirectBodyIsWrittenAsNettyWritesIt() {
        ByteBuf body = Unpooled.directBuffer(100_000).writeZero(100_000);
        List<ByteBuf> written = encode(request(body));
        try {
            assertThat(written).hasSize(2);
            assertThat(written.get(0).toString(StandardCharsets.ISO_8859_1)).isEqualTo(head(100_000));
            assertThat(written.get(1)).isSameAs(body);
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aHeadOfTheFirstWritesSizeIsLeftAlone() {
        FullHttpRequest request = request(heapBody(100_000));
        request.headers().set("x-large", "v".repeat(FIRST));
        List<ByteBuf> written = encode(request);
        try {
            assertThat(written).hasSize(2);
            assertThat(written.get(0).readableBytes()).isGreaterThan(FIRST);
            assertThat(written.get(1).readableBytes()).isEqualTo(100_000);
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aChunkedBodyIsWrittenAsNettyWritesIt() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up", heapBody(100_000));
        request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        List<ByteBuf> written = encode(request);
        try {
            assertThat(written).hasSizeGreaterThan(2);
            assertThat(wire(written)).isEqualTo("POST /up HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\n"
                    + Integer.toHexString(100_000) + "\r\n" + text(100_000) + "\r\n0\r\n\r\n");
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void overTlsTheHeadAndBodyAreLeftToTheSslHandler() throws SSLException {
        List<Object> written = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(SslContextBuilder.forClient().sslProvider(SslProvider.JDK).build()
                .newHandler(channel.alloc()));
        channel.pipeline().addLast(capture(written), new HeadAndBodyRequestEncoder());
        try {
            channel.writeOutbound(request(heapBody(10_000)));
            assertThat(written).hasSize(2);
            assertThat(((ByteBuf) written.get(1)).isDirect()).isFalse();
        } finally {
            written.forEach(m -> ((ByteBuf) m).release());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aBodilessRequestIsItsHeadAlone() {
        List<ByteBuf> written = encode(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        try {
            assertThat(wire(written)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    private static int bodyFillingTheFirstWrite() {
        // The head's length depends on the body's (its Content-Length): the edge's size is found, not guessed.
        int size = FIRST - head(FIRST).length();
        while (head(size).length() + size < FIRST) {
            size++;
        }
        return size;
    }

    private static String head(int length) {
        return "POST /up HTTP/1.1\r\ncontent-length: " + length + "\r\n\r\n";
    }

    /** {@code length} characters that show where each part came from, not one repeated letter. */
    private static String text(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }

    private static ByteBuf heapBody(int length) {
        return Unpooled.wrappedBuffer(text(length).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static FullHttpRequest request(ByteBuf body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up", body);
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return request;
    }

    private static String wire(List<ByteBuf> written) {
        StringBuilder wire = new StringBuilder();
        written.forEach(b -> wire.append(b.toString(StandardCharsets.ISO_8859_1)));
        return wire.toString();
    }

    /** Keeps what reaches it instead of passing it on towards the socket. */
    private static ChannelHandler capture(List<Object> into) {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                into.add(msg);
                promise.setSuccess();
            }
        };
    }

    /** The buffers the encoder passes on for {@code request}, in order; the caller releases them. */
    private static List<ByteBuf> encode(FullHttpRequest request) {
        EmbeddedChannel channel = new EmbeddedChannel(new HeadAndBodyRequestEncoder());
        try {
            channel.writeOutbound(request);
            List<ByteBuf> written = new ArrayList<>();
            for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
                written.add(out);
            }
            return written;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
