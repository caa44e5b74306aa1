package dev.courier.internal.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.internal.http.KnownFieldNames;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 response decoder hands out shared names for common fields, spelled as the server sent them. */
class StrictResponseDecoderTest {
    @Test
    void commonNamesAreSharedAndEveryNameKeepsTheServersSpelling() {
        HttpResponse response = decode("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCONTENT-LENGTH: 0\r\n"
                + "x-trace: 1\r\ndate: today\r\n\r\n");
        List<CharSequence> names = new ArrayList<>();
        response.headers().iteratorCharSequence().forEachRemaining(field -> names.add(field.getKey()));
        assertThat(names).extracting(CharSequence::toString)
                .containsExactly("Content-Type", "CONTENT-LENGTH", "x-trace", "date");
        assertThat(names.get(0)).isSameAs(shared("Content-Type"));
        assertThat(names.get(3)).isSameAs(shared("date"));
        assertThat(names.get(1)).isNotSameAs(shared("Content-Length"));
        assertThat(response.headers().get("content-length")).isEqualTo("0");
    }

    @Test
    void aNameThatIsNotATokenIsStillRefused() {
        HttpResponse response = decode("HTTP/1.1 200 OK\r\nBad@Name: x\r\n\r\n");
        assertThat(response.decoderResult().cause()).hasMessageContaining("Bad@Name");
    }

    @Test
    void aSharedNamesValueIsStillChecked() {
        HttpResponse response = decode("HTTP/1.1 200 OK\r\nContent-Type: text/\u0001plain\r\n\r\n");
        assertThat(response.decoderResult().isFailure()).isTrue();
        assertThat(response.decoderResult().cause()).hasMessageContaining("Validation failed for header 'Content-Type'");
    }

    /** The head decoded as a response (its decoder result says whether it was refused); it holds no buffer. */
    private static HttpResponse decode(String head) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictResponseDecoder(4096, 8192, () -> false));
        try {
            channel.writeInbound(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1));
            return channel.readInbound();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static AsciiString shared(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return KnownFieldNames.find(bytes, 0, bytes.length);
    }
}
