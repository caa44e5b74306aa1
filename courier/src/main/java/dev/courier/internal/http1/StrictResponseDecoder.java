package dev.courier.internal.http1;

import dev.courier.internal.SafeText;
import dev.courier.internal.http.KnownFieldNames;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
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
 * whitespace between a field's name and its colon, or with more than one Content-Length field
 * whatever its HTTP version. It also knows when the request was HEAD, so such a response is read
 * without a body.
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
    /** True from a head's status line until its last field: trailer fields go through splitHeaderName too. */
    private boolean readingHead;
    /** Whether the head being read has had a Content-Length field yet. */
    private boolean contentLengthSeen;

    StrictResponseDecoder(int maxInitialLineLength, int maxHeaderSize, BooleanSupplier headRequest) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                // Every name and value checked by RFC 9110 here; Exchange relies on it and does not check again.
                .setValidateHeaders(true)
                .setHeadersFactory(HEADERS)
                .setAllowDuplicateContentLengths(false)
                // CRLF ends every line, never a bare LF (RFC 9112 §2.2). Netty's default says so too,
                // but a JVM-wide property (io.netty.handler.codec.http.defaultStrictLineParsing),
                // perhaps set for a server in the same process, would loosen this client with it.
                .setStrictLineParsing(true)
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
        AsciiString name = known != null ? known : super.splitHeaderName(line, start, length);
        if (readingHead && HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
            if (contentLengthSeen) {
                throw new IllegalArgumentException("the response has more than one Content-Length field");
            }
            contentLengthSeen = true;
        }
        return name;
    }

    /**
     * A new head starts. Its Content-Length fields are counted from here because Netty refuses
     * several only in an HTTP/1.1 message: for HTTP/1.0 it keeps the first value and replaces the
     * rest with it, so "Content-Length: 5" and "Content-Length: 6" would read 5 bytes where another
     * parser reads 6, and the copy that reaches Exchange has only one field left to check.
     */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        readingHead = true;
        contentLengthSeen = false;
        return super.createMessage(initialLine);
    }

    /** Called once a head's fields are all read, so the trailers that may follow are not counted. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        readingHead = false;
        return headRequest.getAsBoolean() || super.isContentAlwaysEmpty(msg);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("the response has both Transfer-Encoding and Content-Length");
    }
}
