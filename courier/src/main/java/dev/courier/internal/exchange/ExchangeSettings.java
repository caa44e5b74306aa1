package dev.courier.internal.exchange;

/**
 * The HTTP/1.1 limits and defaults of one transport.
 *
 * @param maxStatusLineLength longest status line accepted
 * @param maxHeaderSize largest response header block accepted, in bytes
 * @param maxHeaderCount most response header fields accepted
 * @param maxInterimResponses most 1xx responses accepted before the final one
 * @param drainLimit most bytes read and discarded from an abandoned body to keep its connection
 * @param acceptEncoding the Accept-Encoding sent when the caller sets none, or null
 */
public record ExchangeSettings(int maxStatusLineLength, int maxHeaderSize, int maxHeaderCount, int maxInterimResponses,
        long drainLimit, String acceptEncoding) {
}
