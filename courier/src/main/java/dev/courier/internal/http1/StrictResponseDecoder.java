package dev.courier.internal.http1;

import dev.courier.internal.SafeText;
import dev.courier.internal.http.KnownFieldNames;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Netty's HTTP/1.1 response decoder with Courier's limits set explicitly and ambiguous messages
 * refused: a response carrying both Transfer-Encoding and Content-Length is invalid (Netty would
 * drop the Content-Length and carry on, which is how request smuggling starts), and so is one with
 * whitespace between a field's name and its colon. It also knows when the request was HEAD, so
 * such a response is read without a body.
 */
final class StrictResponseDecoder extends HttpResponseDecoder {
    private static final DefaultHeaders.NameValidator<CharSequence> NETTY_NAME_CHECK =
            DefaultHttpHeadersFactory.headersFactory().getNameValidator();

    /**
     * Netty's validating factory, except that a shared name (see KnownFieldNames) is not checked
     * again on every response: it is a valid token by construction, and checking it byte by byte
     * was a tenth of the head's decoding. Every other name, and every value, is checked as before.
     */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidator(name -> {
                if (!KnownFieldNames.isShared(name)) {
                    NETTY_NAME_CHECK.validateName(name);
                }
            });

    private final BooleanSupplier headRequest;

    StrictResponseDecoder(int maxInitialLineLength, int maxHeaderSize, BooleanSupplier headRequest) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                // Every name and value checked by RFC 9110 here; Exchange relies on it and does not check again.
                .setValidateHeaders(true)
                .setHeadersFactory(HEADERS)
                .setAllowDuplicateContentLengths(false)
                .setAllowPartialChunks(true));
        this.headRequest = headRequest;
    }

    /**
     * Common names are shared, not made anew for every response (see KnownFieldNames). A name must
     * end at the colon: Netty's response decoder ends it at the first space or tab and skips to the
     * colon, so "Content Type: x" would arrive as "Content: x". RFC 9112 §5.1 allows no whitespace
     * there, since parsers that differ on it have been used to smuggle fields past one another.
     */
    @Override
    protected AsciiString splitHeaderName(byte[] line, int start, int length) {
        if (line[start + length] != ':') {
            throw new IllegalArgumentException("a response header field has whitespace between its name "
                    + SafeText.quote(new String(line, start, length, StandardCharsets.ISO_8859_1), 64)
                    + " and the colon");
        }
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
