package dev.courier.internal.http1;

import dev.courier.internal.http.KnownFieldNames;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;
import java.util.function.BooleanSupplier;

/**
 * Netty's HTTP/1.1 response decoder with Courier's limits set explicitly and ambiguous framing
 * refused: a response carrying both Transfer-Encoding and Content-Length is invalid (Netty would
 * drop the Content-Length and carry on, which is how request smuggling starts). It also knows when
 * the request was HEAD, so such a response is read without a body.
 */
final class StrictResponseDecoder extends HttpResponseDecoder {
    private final BooleanSupplier headRequest;

    StrictResponseDecoder(int maxInitialLineLength, int maxHeaderSize, BooleanSupplier headRequest) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                // Every name and value checked by RFC 9110 here; Exchange relies on it and does not check again.
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false)
                .setAllowPartialChunks(true));
        this.headRequest = headRequest;
    }

    /** Common names are shared, not made anew for every response (see KnownFieldNames). */
    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
        AsciiString known = KnownFieldNames.find(line, start, length);
        return known != null ? known : super.splitHeaderName(line, start, length);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return headRequest.getAsBoolean() || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("the response has both Transfer-Encoding and Content-Length");
    }
}
