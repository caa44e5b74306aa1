package dev.courier.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An {@link EmbeddedChannel} with a {@link DecompressionHandler} between a read counter and a
 * recorder that releases every message it gets, all on a {@link TrackingAllocator}.
 */
final class DecodingHarness {
    final TrackingAllocator alloc = new TrackingAllocator();
    final EmbeddedChannel channel = new EmbeddedChannel();
    final Recorder recorder;
    /** Bytes of body written so far. */
    long written;
    /** How many times something asked the channel to read. */
    int reads;

    DecodingHarness(DecompressionSettings settings) {
        this(settings, true);
    }

    /** With {@code keep} false, the recorder only counts: for bombs, nothing decoded is held. */
    DecodingHarness(DecompressionSettings settings, boolean keep) {
        channel.config().setAllocator(alloc);
        recorder = new Recorder(keep);
        channel.pipeline().addLast("reads", new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads++;
                ctx.read();
            }
        });
        channel.pipeline().addLast("decompress", new DecompressionHandler(settings));
        channel.pipeline().addLast("recorder", recorder);
    }

    /** Sends a response head with the given status and Content-Encoding lines (and a Content-Length). */
    HttpResponse head(int status, String... contentEncodingLines) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        for (String line : contentEncodingLines) {
            head.headers().add(HttpHeaderNames.CONTENT_ENCODING, line);
        }
        head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 1234);
        channel.writeInbound(head);
        return head;
    }

    /** Sends {@code body[from, to)} as one chunk. */
    HttpContent chunk(byte[] body, int from, int to) {
        HttpContent content = new DefaultHttpContent(alloc.copyOf(body, from, to));
        written += to - from;
        channel.writeInbound(content);
        return content;
    }

    /** Sends {@code body} in chunks of the sizes {@code sizes} gives, cycling; no last content. */
    void chunks(byte[] body, int... sizes) {
        int at = 0;
        for (int i = 0; at < body.length; i++) {
            int to = Math.min(body.length, at + sizes[i % sizes.length]);
            chunk(body, at, to);
            at = to;
        }
    }

    /** Sends the empty last content. */
    void last() {
        channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
    }

    /** Sends a last content holding {@code body[from, to)} and {@code trailers}. */
    LastHttpContent last(byte[] body, int from, int to, HttpHeaders trailers) {
        LastHttpContent last = new DefaultLastHttpContent(alloc.copyOf(body, from, to), trailers);
        written += to - from;
        channel.writeInbound(last);
        return last;
    }

    /** Sends a whole body (chunked as given) and the empty last content. */
    void body(byte[] body, int... sizes) {
        chunks(body, sizes);
        last();
    }

    /** Closes the channel and checks that nothing is left queued and every buffer was released. */
    void finish() {
        assertThat(channel.finishAndReleaseAll()).as("messages left in the channel").isFalse();
        alloc.assertAllReleased();
    }

    /** The pipeline's tail: records what the handler passed on and releases it at once. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final boolean keep;
        final List<Object> messages = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final List<Throwable> errors = new ArrayList<>();
        long bodyBytes;
        long bodyBytesAtFirstError = -1;
        int pieces;
        int maxPiece;
        int lasts;
        HttpHeaders trailers;
        /** Runs on each non-empty decoded piece, before it is released (to act re-entrantly). */
        Consumer<ChannelHandlerContext> onPiece = ctx -> { };

        Recorder(boolean keep) {
            this.keep = keep;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (keep) {
                    messages.add(msg);
                }
                if (msg instanceof HttpResponse) {
                    event("head " + ((HttpResponse) msg).status().code());
                }
                if (msg instanceof HttpContent) {
                    ByteBuf data = ((HttpContent) msg).content();
                    int n = data.readableBytes();
                    bodyBytes += n;
                    maxPiece = Math.max(maxPiece, n);
                    if (n > 0) {
                        pieces++;
                        if (keep) {
                            byte[] bytes = new byte[n];
                            data.getBytes(data.readerIndex(), bytes);
                            body.writeBytes(bytes);
                        }
                    }
                    if (msg instanceof LastHttpContent) {
                        lasts++;
                        trailers = ((LastHttpContent) msg).trailingHeaders();
                        event("last");
                    } else if (n > 0) {
                        event("content");
                        onPiece.accept(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (errors.isEmpty()) {
                bodyBytesAtFirstError = bodyBytes;
            }
            errors.add(cause);
            event("error " + cause.getMessage());
        }

        private void event(String event) {
            // Consecutive decoded pieces collapse into one "content" event, so sequences stay readable.
            if (keep && !(event.equals("content") && !events.isEmpty() && events.get(events.size() - 1).equals("content"))) {
                events.add(event);
            }
        }
    }
}
