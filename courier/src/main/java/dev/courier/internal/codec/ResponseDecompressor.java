package dev.courier.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
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
import java.util.function.Consumer;

/**
 * Decodes response bodies by their Content-Encoding, within the limits of a
 * {@link DecompressionSettings}: HTTP objects in ({@link #accept}), HTTP objects out to an
 * {@link Output}. {@link DecompressionHandler} runs it in an HTTP/1.1 pipeline; an HTTP/2 stream
 * calls it directly. The rules are {@link DecompressionHandler}'s.
 *
 * <pre>{@code
 * ResponseDecompressor d = new ResponseDecompressor(settings, alloc, output);
 * d.accept(httpObject); // decoded objects reach output.message(...)
 * }</pre>
 */
public final class ResponseDecompressor {
    /** Where decoded objects and failures go. */
    public interface Output {
        /** An HTTP object, decoded or passed through. */
        void message(Object msg);

        /** The body cannot be decoded; the rest of it, its last content included, is dropped. */
        void failure(ContentDecodingException failure);

        /** An output of two callbacks. */
        static Output of(Consumer<Object> message, Consumer<? super ContentDecodingException> failure) {
            return new Output() {
                @Override
                public void message(Object msg) {
                    message.accept(msg);
                }

                @Override
                public void failure(ContentDecodingException e) {
                    failure.accept(e);
                }
            };
        }
    }

    private enum Mode { PASS, DECODE, FAIL_AT_BODY, DROP }

    private final DecompressionSettings settings;
    private final ByteBufAllocator alloc;
    private final Output output;
    private Mode mode = Mode.PASS;
    /** The codings of the current body, in decoding order (DECODE). */
    private List<ContentCoding> codings;
    /** The failure to raise at the first body byte (FAIL_AT_BODY). */
    private String pendingFailure;
    /** Started at the first body byte, so that bodiless responses never load a native decoder. */
    private DecoderChain chain;
    /** True while the chain runs: a piece passed on may lead downstream to close or reset us. */
    private boolean decoding;
    /** Set when the exchange was reset while the chain ran. */
    private boolean abandoned;
    private boolean swallowed;
    private boolean passedOn;

    public ResponseDecompressor(DecompressionSettings settings, ByteBufAllocator alloc, Output output) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
        this.output = Objects.requireNonNull(output, "output");
    }

    /** Takes one inbound HTTP object; what it yields goes to the output at once. */
    public void accept(Object msg) {
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

    /**
     * Ends a read batch: true when the batch swallowed body bytes (a gzip header, a block still
     * incomplete) without passing anything on, so the reader should ask for more.
     */
    public boolean endBatch() {
        boolean starved = swallowed && !passedOn;
        swallowed = false;
        passedOn = false;
        return starved;
    }

    /** Forgets the current body; if the chain is running, it is stopped and freed once it unwinds. */
    public void reset() {
        mode = Mode.PASS;
        codings = null;
        pendingFailure = null;
        if (decoding) {
            abandoned = true;
        } else {
            closeChain();
        }
    }

    /** Decides how the body of {@code response} is handled. */
    private void startResponse(HttpResponse response) {
        closeChain(); // a previous body that never ended (the codec failed mid-way) is dropped
        mode = Mode.PASS;
        codings = null;
        pendingFailure = null;
        int status = response.status().code();
        if (!response.decoderResult().isSuccess() || status == 204 || status == 304
                || !response.headers().contains(HttpHeaderNames.CONTENT_ENCODING)) {
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
        swallowed = true;
        decoding = true;
        try {
            ByteBuf data = content.content();
            if (data.isReadable()) {
                if (chain == null) {
                    chain = new DecoderChain(codings, settings, alloc, this::emit);
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
        swallowed = false; // after a failure, ask for no more data
        closeChain();
        codings = null;
        pendingFailure = null;
        mode = last ? Mode.PASS : Mode.DROP;
        output.failure(failure);
    }

    private void passOn(Object msg) {
        passedOn = true;
        output.message(msg);
    }

    private void closeChain() {
        DecoderChain c = chain;
        chain = null;
        if (c != null) {
            c.close();
        }
    }
}
