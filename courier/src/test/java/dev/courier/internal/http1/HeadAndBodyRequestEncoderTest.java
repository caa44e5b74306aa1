package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadAndBodyRequestEncoderTest {
    @Test
    void aHeapBodyThatFitsLeavesWithItsHeadInOneDirectBuffer() {
        String body = text(10_000);
        List<ByteBuf> written = encode(request(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.ISO_8859_1))));
        try {
            assertThat(written).hasSize(1);
            assertThat(written.get(0).isDirect()).isTrue();
            assertThat(wire(written)).isEqualTo(head(10_000) + body);
        } finally {
            written.forEach(ByteBuf::release);
        }
    }

    @Test
    void aLargerHeapBodyFollowsItsStartInASecondBuffer() {
        String body = text(100_000);
        List<ByteBuf> written = encode(request(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.ISO_8859_1))));
        try {
            assertThat(written).hasSize(2);
            assertThat(written.get(0).isDirect()).isTrue();
            assertThat(written.get(0).readableBytes()).isEqualTo(HeadAndBodyRequestEncoder.FIRST_WRITE);
            assertThat(wire(written)).isEqualTo(head(100_000) + body);
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
    void aBodilessRequestIsItsHeadAlone() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        List<ByteBuf> written = encode(request);
        try {
            assertThat(wire(written)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        } finally {
            written.forEach(ByteBuf::release);
        }
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
