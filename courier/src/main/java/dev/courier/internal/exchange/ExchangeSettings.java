package dev.courier.internal.exchange;

/**
 * The limits and defaults of every exchange on one transport, HTTP/1.1 or HTTP/2.
 *
 * @param maxStatusLineLength longest status line accepted (HTTP/1.1)
 * @param maxHeaderSize largest response header block accepted, in bytes (for HTTP/2, the
 *     SETTINGS_MAX_HEADER_LIST_SIZE advertised)
 * @param maxHeaderCount most response header fields accepted
 * @param maxInterimResponses most 1xx responses accepted before the final one
 * @param drainLimit most bytes read and discarded from an abandoned body to keep its connection
 *     (HTTP/1.1; an HTTP/2 stream is reset instead)
 * @param acceptEncoding the Accept-Encoding sent when the caller sets none, or null
 */
public record ExchangeSettings(int maxStatusLineLength, int maxHeaderSize, int maxHeaderCount, int maxInterimResponses,
        long drainLimit, String acceptEncoding) {
}
