package dev.courier.internal.http2;

import dev.courier.internal.codec.DecompressionSettings;
import dev.courier.internal.codec.ResponseDecompressor;
import dev.courier.internal.exchange.Exchange;
import dev.courier.internal.exchange.ExchangeChannel;
import dev.courier.internal.exchange.RequestHead;
import dev.courier.internal.exchange.Watchdog;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;

/**
 * One exchange on one HTTP/2 stream, driven by its {@link Http2Connection} with the frames of Netty's
 * frame codec: no child channel and no pipeline per stream. It is the {@link ExchangeChannel} the
 * exchange runs on, turning the request's head and HTTP content into HEADERS and DATA frames and
 * the response's frames into HTTP objects (decoded by Content-Encoding on the way when the client
 * decompresses).
 *
 * <p>Frames are handed to the exchange while it is reading and wants data; otherwise they wait
 * here, in order.
 * Flow-control window goes back to the server only for DATA the exchange was handed, so a slow
 * reader holds back its own stream and nothing else, and what waits here is bounded by the stream
 * window. Ending the exchange before the stream ended sends RST_STREAM(CANCEL), leaving the
 * connection to the other streams. A RST_STREAM from the server fails this exchange alone;
 * REFUSED_STREAM, or a GOAWAY that excludes the stream, marks the request unprocessed so it may be
 * sent again. Everything runs on the connection's event loop.
 */
final class Http2ExchangeStream implements ExchangeChannel {
    private final Http2Connection connection;
    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final Http2FrameStream stream;
    private final DecompressionSettings decompression;
    /** Made for a response with a Content-Encoding, when the client decompresses; else null. */
    private ResponseDecompressor decompressor;
    /** Frames that arrived while the exchange was not reading (or wanted no more), oldest first. */
    private ArrayDeque<Http2StreamFrame> pending;
    private long lastReadNanos = System.nanoTime();
    /** The exchange asked for data and has not yet been told the read completed. */
    private boolean readRequested;
    /** Frames are being handed over from {@link #pending}. */
    private boolean delivering;
    /** Registered with the connection for a read-complete at the end of its read batch. */
    private boolean inReadBatch;
    /** DATA bytes handed to the exchange whose window is not yet given back. */
    private int consumedBytes;
    private boolean sentEnd;
    private boolean receivedEnd;
    /** The codec closed the stream while frames still waited here: the exchange hears once they are read. */
    private boolean closedWithPending;
    private boolean closed;
    private boolean ended;
    /** The codec found a stream error: the stream is reset with its code once the exchange has heard. */
    private Http2Error resetError;

    Http2ExchangeStream(Http2Connection connection, ChannelHandlerContext ctx, Exchange exchange,
            Http2FrameStream stream, DecompressionSettings decompression) {
        this.connection = connection;
        this.ctx = ctx;
        this.exchange = exchange;
        this.stream = stream;
        this.decompression = decompression;
    }

    Exchange exchange() {
        return exchange;
    }

    /** The stream's id once its HEADERS were written (or queued by the codec); else negative. */
    int id() {
        return stream.id();
    }

    // ---- ExchangeChannel ----

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public String authority() {
        return connection.authority();
    }

    @Override
    public long lastReadNanos() {
        return lastReadNanos;
    }

    @Override
    public Watchdog watchdog() {
        return connection.watchdog();
    }

    @Override
    public boolean multiplexed() {
        return true;
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public Object headMessage(RequestHead head, ByteBuf content) {
        return new Head(head, content);
    }

    @Override
    public ChannelFuture write(Object message) {
        // A new request's head may wait for others to join it in one write (Http2FlushBatcher);
        // body parts go out as they come.
        if (message instanceof Head head) {
            Http2FlushBatcher batcher = connection.batcher();
            batcher.beginRequestHead();
            try {
                return writeAndFlush(head);
            } finally {
                batcher.endRequestHead();
            }
        }
        return writeAndFlush(message);
    }

    private ChannelFuture writeAndFlush(Object message) {
        ChannelPromise promise = ctx.newPromise();
        try {
            if (message instanceof Head head) {
                writeHead(head, promise);
            } else if (message instanceof LastHttpContent last) {
                writeLast(last, promise);
            } else if (message instanceof HttpContent content) {
                ctx.write(new DefaultHttp2DataFrame(content.content(), false).stream(stream), promise);
            } else {
                ReferenceCountUtil.release(message);
                promise.setFailure(new IllegalArgumentException("not an HTTP request part: " + message));
            }
        } catch (Http2Exception | RuntimeException e) {
            ReferenceCountUtil.release(message instanceof Head head ? head.content() : message);
            promise.tryFailure(e);
        }
        ctx.flush();
        return promise;
    }

    private void writeHead(Head message, ChannelPromise promise) {
        // Built before anything is written: if it fails, write's failure path releases the content.
        Http2Headers headers = Http2RequestHeaders.of(message.head(), connection.scheme());
        ByteBuf content = message.content();
        if (content == null) {
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream), promise);
            connection.opened(this);
            return;
        }
        sentEnd = true;
        if (!content.isReadable()) {
            content.release();
            ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream), promise);
            connection.opened(this);
            return;
        }
        PromiseCombiner parts = new PromiseCombiner(ctx.executor());
        parts.add(ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream)));
        connection.opened(this);
        write(new DefaultHttp2DataFrame(content, true).stream(stream), promise, parts);
    }

    /** The request's last part: its data (if any, or an empty DATA to end the stream), then trailers. */
    private void writeLast(LastHttpContent last, ChannelPromise promise) throws Http2Exception {
        HttpHeaders trailers = last.trailingHeaders();
        if (trailers.isEmpty()) {
            sentEnd = true;
            ctx.write(new DefaultHttp2DataFrame(last.content(), true).stream(stream), promise);
            return;
        }
        // Converted before anything is written: a failure here leaves the content to the caller's release.
        Http2Headers trailerFields = HttpConversionUtil.toHttp2Headers(trailers, true);
        PromiseCombiner parts = new PromiseCombiner(ctx.executor());
        if (last.content().isReadable()) {
            parts.add(ctx.write(new DefaultHttp2DataFrame(last.content(), false).stream(stream)));
        } else {
            last.content().release();
        }
        sentEnd = true;
        write(new DefaultHttp2HeadersFrame(trailerFields, true).stream(stream), promise, parts);
    }

    /** Writes {@code frame}, the last of {@code parts}: {@code promise} completes when all have. */
    private void write(Object frame, ChannelPromise promise, PromiseCombiner parts) {
        parts.add(ctx.write(frame));
        parts.finish(promise);
    }

    @Override
    public void read() {
        readRequested = true;
        if (delivering || pending == null || pending.isEmpty()) {
            return; // the next frames go to the exchange as they arrive
        }
        delivering = true;
        try {
            Http2StreamFrame frame;
            while (!ended && (frame = pending.poll()) != null) {
                deliver(frame);
                if (!exchange.wantsData()) {
                    break; // the rest waits for demand, its window not yet given back
                }
            }
        } finally {
            delivering = false;
        }
        readComplete();
        if (closedWithPending && (pending == null || pending.isEmpty())) {
            closedWithPending = false;
            streamClosed();
        }
    }

    @Override
    public boolean reportedUnprocessed(Exchange failed, Throwable failure) {
        // A GOAWAY that excludes this stream closes it: writes still pending or issued later fail,
        // often before the stream's close reaches streamClosed below.
        boolean closedByPeer = failure instanceof ClosedChannelException
                || Http2CodecUtil.getEmbeddedHttp2Exception(failure) != null;
        if (closedByPeer && connection.unprocessed(stream.id())) {
            failed.onUnprocessed(goAwayMessage(), connection.processedStreams());
            return true;
        }
        return false;
    }

    @Override
    public void finished(Exchange done, boolean reusable) {
        if (ended) {
            return;
        }
        ended = true;
        releasePending();
        if (decompressor != null) {
            decompressor.reset();
        }
        if (!closed && Http2CodecUtil.isStreamIdValid(stream.id()) && ctx.channel().isActive()) {
            if (resetError != null) {
                reset(resetError);
            } else if (!(receivedEnd && sentEnd)) {
                reset(Http2Error.CANCEL);
            }
        }
        connection.streamEnded(this);
    }

    private void reset(Http2Error error) {
        connection.batcher().writeUrgently(); // even when a head's write fails into here
        ctx.write(new DefaultHttp2ResetFrame(error).stream(stream), ctx.voidPromise());
        ctx.flush();
    }

    // ---- from the connection ----

    /** A HEADERS or DATA frame of this stream. */
    void onFrame(Http2StreamFrame frame, long arrivedNanos) {
        lastReadNanos = arrivedNanos;
        if (ended) {
            ReferenceCountUtil.release(frame);
            return;
        }
        if (isEndStream(frame)) {
            receivedEnd = true;
        }
        if (readRequested && !delivering && (pending == null || pending.isEmpty())) {
            deliver(frame);
            if (!ended) {
                if (!exchange.wantsData()) {
                    // Enough for now: what follows waits here, its window not given back, until the
                    // exchange asks again (after the read-complete at the end of this batch).
                    readRequested = false;
                }
                if (!inReadBatch) {
                    inReadBatch = true;
                    connection.readCompleteLater(this);
                }
            }
        } else {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(frame);
        }
    }

    /** The connection's read batch ended. */
    void readCompleteOfBatch() {
        inReadBatch = false;
        readComplete();
    }

    /** The server reset the stream (RST_STREAM). */
    void onReset(long code) {
        if (ended) {
            return;
        }
        if (code == Http2Error.REFUSED_STREAM.code()) {
            exchange.onUnprocessed("The server " + authority() + " refused the stream (REFUSED_STREAM) "
                    + "without processing the request", false);
        } else {
            exchange.onRemoteError("The server " + authority() + " reset the stream with " + errorName(code));
        }
    }

    /** The codec found an error on this stream; the stream is reset with {@code error} after the exchange heard. */
    void onStreamError(Throwable cause, Http2Error error) {
        resetError = error;
        if (ended) {
            if (!closed && ctx.channel().isActive()) {
                reset(error);
            }
            return;
        }
        exchange.onFailure(cause);
    }

    /** The stream's writability, or the connection's, changed. */
    void onWritabilityChanged() {
        if (!ended) {
            exchange.onWritabilityChanged();
        }
    }

    /** The codec closed the stream: ended normally, reset, above a GOAWAY, or the connection closed. */
    void onClosed() {
        closed = true;
        if (ended) {
            return;
        }
        if (pending != null && !pending.isEmpty()) {
            closedWithPending = true; // what already arrived is read first
            return;
        }
        streamClosed();
    }

    private void streamClosed() {
        if (ended) {
            return;
        }
        Throwable cause = connection.failure();
        if (connection.unprocessed(stream.id())) {
            exchange.onUnprocessed(goAwayMessage(), connection.processedStreams());
        } else if (cause != null) {
            exchange.onFailure(cause);
        } else {
            exchange.onInactive();
        }
    }

    // ---- internals ----

    private void deliver(Http2StreamFrame frame) {
        Object msg;
        try {
            msg = toHttpObject(frame);
        } catch (Http2Exception e) {
            ReferenceCountUtil.release(frame);
            exchange.onFailure(new DecoderException(e));
            return;
        }
        if (frame instanceof Http2DataFrame data) {
            consumedBytes += data.initialFlowControlledBytes();
        }
        if (decompressor == null && decompression != null && msg instanceof HttpResponse head
                && head.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
            decompressor = new ResponseDecompressor(decompression, ctx.alloc(),
                    ResponseDecompressor.Output.of(exchange::onInbound, exchange::onFailure));
        }
        if (decompressor != null) {
            decompressor.accept(msg);
        } else {
            exchange.onInbound(msg);
        }
    }

    private void readComplete() {
        readRequested = false;
        if (consumedBytes > 0 && !closed && !ended) {
            // Window back for what the exchange took; the codec sends WINDOW_UPDATE past its threshold.
            int bytes = consumedBytes;
            consumedBytes = 0;
            ctx.write(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream), ctx.voidPromise());
            ctx.flush();
        }
        if (!ended) {
            if (decompressor != null) {
                decompressor.endBatch(); // the exchange asks again itself while it still wants data
            }
            exchange.onReadComplete();
        }
    }

    private void releasePending() {
        if (pending != null) {
            Http2StreamFrame frame;
            while ((frame = pending.poll()) != null) {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private Object toHttpObject(Http2StreamFrame frame) throws Http2Exception {
        if (frame instanceof Http2DataFrame data) {
            return data.isEndStream() ? new DefaultLastHttpContent(data.content(), EmptyHttpHeaders.INSTANCE)
                    : new DefaultHttpContent(data.content());
        }
        Http2HeadersFrame headersFrame = (Http2HeadersFrame) frame;
        Http2Headers headers = headersFrame.headers();
        CharSequence status = headers.status();
        if (status == null && headersFrame.isEndStream()) {
            LastHttpContent trailers = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, true);
            HttpConversionUtil.addHttp2ToHttpHeaders(stream.id(), headers, trailers.trailingHeaders(),
                    HttpVersion.HTTP_1_1, true, true);
            return trailers;
        }
        HttpResponseStatus code = HttpConversionUtil.parseStatus(status);
        // Exchange relies on every response name and value having been checked by RFC 9110. The
        // codec has done it (validateHeaders: names are lower-case tokens, values carry no CR, LF or
        // NUL and start with a visible character; Http2AbuseTest holds it to that), so no check here.
        // Sized for every field but :status, the one pseudo-header field a response has.
        CharSequence[] pairs = new CharSequence[2 * Math.max(0, headers.size() - 1)];
        int n = 0;
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence name = field.getKey();
            // Pseudo-header fields (:status) are HTTP/2's own; the codec already refused unknown ones.
            if (name.length() > 0 && name.charAt(0) != ':') {
                if (n == pairs.length) {
                    pairs = Arrays.copyOf(pairs, n + 2);
                }
                pairs[n++] = name;
                pairs[n++] = field.getValue();
            }
        }
        // Read in order and looked up a few times, never changed: no hash table is built for them.
        HttpHeaders fields = new ReadOnlyHttpHeaders(false, n == pairs.length ? pairs : Arrays.copyOf(pairs, n));
        if (headersFrame.isEndStream() || isInformational(status)) {
            // A response without a body, or a 1xx whose real response follows: one whole object.
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, Unpooled.EMPTY_BUFFER, fields,
                    EmptyHttpHeaders.INSTANCE);
        }
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, code, fields);
    }

    private static boolean isInformational(CharSequence status) {
        return status != null && status.length() == 3 && status.charAt(0) == '1';
    }

    private static boolean isEndStream(Http2StreamFrame frame) {
        return frame instanceof Http2DataFrame data ? data.isEndStream() : ((Http2HeadersFrame) frame).isEndStream();
    }

    private String goAwayMessage() {
        return "The server " + authority() + " closed the connection (GOAWAY) before processing the request";
    }

    private static String errorName(long code) {
        Http2Error error = Http2Error.valueOf(code);
        return error == null ? "error code " + code : error.name() + " (" + code + ")";
    }

    /** The request head, and the whole body when not null: an HTTP/2 stream's {@link #headMessage}. */
    private record Head(RequestHead head, ByteBuf content) {}
}
