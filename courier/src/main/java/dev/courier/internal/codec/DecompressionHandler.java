package dev.courier.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Netty inbound handler that decodes response bodies by their Content-Encoding, within the limits
 * of a {@link DecompressionSettings}; it sits after the HTTP/1.1 client codec, or after
 * {@code Http2StreamFrameToHttpObjectCodec} on an HTTP/2 stream channel.
 *
 * <pre>{@code
 * pipeline.addLast("codec", new HttpClientCodec());
 * pipeline.addLast("decompress", new DecompressionHandler(DecompressionSettings.defaults()));
 * }</pre>
 *
 * <p>Rules, per response:
 * <ul>
 * <li>Response headers are passed on unchanged: Content-Encoding and Content-Length stay as the server
 *     sent them, and the client documents that the body it delivers is decoded.
 * <li>1xx, 204 and 304 responses, failed decodes of the HTTP codec, and bodies with no coding (or only
 *     "identity") pass through untouched.
 * <li>The list is decoded in reverse header order (the last-applied coding first). If any listed
 *     coding is unknown or disabled, the whole body passes through untouched (as httpx does): a list
 *     cannot be half decoded, since an unknown layer may sit under known ones.
 * <li>More than {@code maxCodings} listed codings fail the body; this is raised when its first byte
 *     arrives, so an empty body (a HEAD response) does not fail.
 * <li>Decoded bytes go on as {@link HttpContent} pieces of at most 32 KiB, all that a chunk yields,
 *     then a {@link LastHttpContent} with the original trailers.
 * <li>On a failure (limit passed, corrupt or truncated stream) every held buffer is released, a
 *     {@link ContentDecodingException} is fired through {@code exceptionCaught}, and the rest of the
 *     body, its {@link LastHttpContent} included, is dropped. The connection is then unusable for
 *     another exchange; the owner closes it (or resets the HTTP/2 stream).
 * </ul>
 *
 * <p>Reads on demand ({@code autoRead} off): when a read batch swallowed body bytes without passing
 * anything on (a gzip header, a compressed block still incomplete), this handler asks for one more
 * read, as Netty's decoders do, so a consumer that reads once per demand is never stalled. After a
 * failure it asks for nothing more.
 */
public final class DecompressionHandler extends ChannelInboundHandlerAdapter {
    private enum Mode { PASS, DECODE, FAIL_AT_BODY, DROP }

    private final DecompressionSettings settings;
    private ChannelHandlerContext ctx;
    private Mode mode = Mode.PASS;
    /** The codings of the current body, in decoding order (DECODE). */
    private List<ContentCoding> codings;
    /** The failure to raise at the first body byte (FAIL_AT_BODY). */
    private String pendingFailure;
    /** Started at the first body byte, so that bodiless responses never load a native decoder. */
    private DecoderChain chain;
    /** True while the chain runs: a piece passed on may lead downstream to close or remove us. */
    private boolean decoding;
    /** Set when the channel closed or this handler was removed while the chain ran. */
    private boolean abandoned;
    private boolean swallowedInBatch;
    private boolean passedOnInBatch;

    /** Creates the handler for one connection (or HTTP/2 stream); it is not sharable. */
    public DecompressionHandler(DecompressionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        reset();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reset();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse) {
            HttpResponse response = (HttpResponse) msg;
            if (response.status().code() < 200) {
                passOn(msg); // an interim response: the real one, and its body, follow
                return;
            }
            startResponse(response);
            if (mode != Mode.PASS && msg instanceof HttpContent) {
                // A full response (aggregated, or HTTP/2 headers with end of stream): send its head
                // on alone, then handle its content as the body.
                passOn(new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers()));
                body((HttpContent) msg);
            } else {
                passOn(msg);
            }
        } else if (msg instanceof HttpContent) {
            body((HttpContent) msg);
        } else {
            passOn(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (swallowedInBatch && !passedOnInBatch && !ctx.channel().config().isAutoRead()) {
            ctx.read();
        }
        swallowedInBatch = false;
        passedOnInBatch = false;
        ctx.fireChannelReadComplete();
    }

    /** Decides how the body of {@code response} is handled. */
    private void startResponse(HttpResponse response) {
        closeChain(); // a previous body that never ended (the codec failed mid-way) is dropped
        mode = Mode.PASS;
        codings = null;
        pendingFailure = null;
        int status = response.status().code();
        if (!response.decoderResult().isSuccess() || status == 204 || status == 304) {
            return;
        }
        List<String> listed = ContentCoding.listed(response.headers().getAll(HttpHeaderNames.CONTENT_ENCODING),
                settings.maxCodings());
        if (listed.isEmpty()) {
            return;
        }
        if (listed.size() > settings.maxCodings()) {
            mode = Mode.FAIL_AT_BODY;
            pendingFailure = "more than " + settings.maxCodings() + " content codings";
            return;
        }
        List<ContentCoding> order = new ArrayList<>(listed.size());
        for (int i = listed.size() - 1; i >= 0; i--) {
            ContentCoding coding = ContentCoding.forToken(listed.get(i));
            if (coding == null || !settings.isEnabled(coding)) {
                return; // unknown or disabled anywhere in the list: the body passes through as sent
            }
            order.add(coding);
        }
        codings = List.copyOf(order);
        mode = Mode.DECODE;
    }

    private void body(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        switch (mode) {
            case DECODE:
                decode(content, last);
                break;
            case FAIL_AT_BODY:
                if (content.content().isReadable()) {
                    content.release();
                    fail(new ContentDecodingException(pendingFailure), last);
                } else {
                    passOn(content);
                    if (last) {
                        mode = Mode.PASS;
                    }
                }
                break;
            case DROP:
                content.release();
                if (last) {
                    mode = Mode.PASS;
                }
                break;
            default:
                passOn(content);
                break;
        }
    }

    private void decode(HttpContent content, boolean last) {
        if (content.decoderResult().isFailure()) {
            // The HTTP codec reports a broken body itself; its error, not ours, is the one to see.
            closeChain();
            mode = Mode.PASS;
            passOn(content);
            return;
        }
        HttpHeaders trailers = last ? ((LastHttpContent) content).trailingHeaders() : null;
        ContentDecodingException failure = null;
        swallowedInBatch = true;
        decoding = true;
        try {
            ByteBuf data = content.content();
            if (data.isReadable()) {
                if (chain == null) {
                    chain = new DecoderChain(codings, settings, ctx.alloc(), this::emit);
                }
                chain.feed(data);
            }
            if (last && chain != null) {
                chain.finish();
            }
        } catch (ContentDecodingException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new ContentDecodingException("cannot decode the response body: " + e, e);
        } finally {
            decoding = false;
            content.release();
        }
        if (abandoned) {
            abandoned = false;
            closeChain();
            return;
        }
        if (failure != null) {
            fail(failure, last);
            return;
        }
        if (last) {
            closeChain();
            mode = Mode.PASS;
            codings = null;
            passOn(trailers.isEmpty() ? LastHttpContent.EMPTY_LAST_CONTENT
                    : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
        }
    }

    /** Passes a decoded piece on; the chain's sink. */
    private void emit(ByteBuf piece) {
        if (abandoned) {
            piece.release();
            throw new ContentDecodingException("response body abandoned");
        }
        passOn(new DefaultHttpContent(piece));
        if (abandoned) {
            throw new ContentDecodingException("response body abandoned");
        }
    }

    private void fail(ContentDecodingException failure, boolean last) {
        swallowedInBatch = false; // after a failure, ask for no more data
        closeChain();
        codings = null;
        pendingFailure = null;
        mode = last ? Mode.PASS : Mode.DROP;
        ctx.fireExceptionCaught(failure);
    }

    private void passOn(Object msg) {
        passedOnInBatch = true;
        ctx.fireChannelRead(msg);
    }

    /** Forgets the current body; if the chain is running, it is stopped and freed once it unwinds. */
    private void reset() {
        mode = Mode.PASS;
        codings = null;
        pendingFailure = null;
        if (decoding) {
            abandoned = true;
        } else {
            closeChain();
        }
    }

    private void closeChain() {
        DecoderChain c = chain;
        chain = null;
        if (c != null) {
            c.close();
        }
    }
}
