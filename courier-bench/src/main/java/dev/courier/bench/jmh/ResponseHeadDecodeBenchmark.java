package dev.courier.bench.jmh;

import dev.courier.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
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
 * The HTTP/1.1 response head: Courier's {@code StrictResponseDecoder} (made through the public
 * {@code Http1Connection.newDecoder}, with HttpTransport's default limits) over a typical head of ten
 * fields in an {@link EmbeddedChannel}, and {@code Exchange.toHeaders}, which turns the decoded
 * fields into Courier {@link Headers} (with {@code Headers.of}'s validation). The response has
 * {@code Content-Length: 0}, so each head is one whole message and the decoder is ready for the
 * next, as on a kept-alive connection. Each operation feeds a retained duplicate of the same direct
 * buffer (one small wrapper allocation, counted in the figures); the EmbeddedChannel's queue of
 * decoded messages is part of the figures too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResponseHeadDecodeBenchmark {
    static final String RESPONSE_HEAD = "HTTP/1.1 200 OK\r\n"
            + "Date: Tue, 14 Jan 2025 10:15:30 GMT\r\n"
            + "Server: nginx/1.25.3\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: private, no-cache, max-age=0\r\n"
            + "Vary: Accept-Encoding, Origin\r\n"
            + "ETag: \"33a64df551425fcc55e4d42a148795d9f25f89d4\"\r\n"
            + "X-Request-Id: 5b7c1e0e-8a8f-4e1c-9d7e-3f1b2a6c4d11\r\n"
            + "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
            + "\r\n";

    private ByteBuf input;
    private EmbeddedChannel channel;
    private HttpHeaders decoded;

    @Setup
    public void setUp() {
        input = Unpooled.directBuffer().writeBytes(RESPONSE_HEAD.getBytes(StandardCharsets.US_ASCII));
        channel = new EmbeddedChannel(CourierInternals.newResponseDecoder());
        HttpResponse response = decodeOne();
        if (response.decoderResult().isFailure() || response.headers().size() != 10) {
            throw new IllegalStateException("The decoder did not read the benchmark's head: " + response);
        }
        decoded = response.headers();
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
        input.release();
    }

    /** The decoder alone: bytes to Netty's HttpResponse (and its empty last content). */
    @Benchmark
    public HttpResponse decode() {
        return decodeOne();
    }

    /** Decoding and the conversion to Courier Headers, as {@code Exchange.onHead} does it. */
    @Benchmark
    public Headers decodeToHeaders() throws Throwable {
        return (Headers) CourierInternals.EXCHANGE_TO_HEADERS.invokeExact(decodeOne().headers());
    }

    /** The conversion alone: Netty's decoded headers (ten fields) to Courier Headers. */
    @Benchmark
    public Headers toHeaders() throws Throwable {
        return (Headers) CourierInternals.EXCHANGE_TO_HEADERS.invokeExact(decoded);
    }

    private HttpResponse decodeOne() {
        // The decoder releases what it reads: the duplicate's release gives back the retain.
        channel.writeInbound(input.retainedDuplicate());
        HttpResponse response = null;
        for (Object msg; (msg = channel.readInbound()) != null; ) {
            if (msg instanceof HttpResponse r) {
                response = r;
            }
            // The head (not reference-counted) and LastHttpContent.EMPTY_LAST_CONTENT.
            ReferenceCountUtil.release(msg);
        }
        return response;
    }
}
