package dev.courier.internal.netty;

/**
 * Names of the handlers in a Courier connection's pipeline, in order from the socket inwards:
 * <pre>
 * activity       notes when bytes arrive (the read timeout counts from the last arrival)
 * proxy-ssl      SslHandler for an https proxy (TLS to the proxy itself, ALPN http/1.1)
 * proxy          Netty's HttpProxyHandler (CONNECT) or Socks5ProxyHandler, for a tunnel; it
 *                holds what is written behind it until the tunnel is open
 * secure-connect-start  SecureConnectStartHandler (https, with an event listener): reports
 *                the start of the origin's handshake, then removes itself
 * ssl            SslHandler (https only; SNI, hostname verification and ALPN for the origin)
 * protocol       ProtocolSelectionHandler (https only): installs one of the two below once ALPN
 *                has chosen, then removes itself
 * HTTP/1.1:
 *   decoder        StrictResponseDecoder (HTTP/1.1 response parsing with explicit limits)
 *   encoder        HeadAndBodyRequestEncoder (Netty's; a heap body's start goes with the head)
 *   decompressor   DecompressionHandler (gzip, deflate, br, zstd, bounded)
 *   exchange       Http1Connection (bridges HTTP objects to the current exchange)
 * HTTP/2:
 *   flush-batcher  Http2FlushBatcher (one write for the streams a read or a task batch started;
 *                  new requests wait a few reads while others are answered)
 *   h2-codec       Http2FrameCodec (frames, HPACK, flow control, SETTINGS and the codec's limits)
 *   exchange       Http2Connection (SETTINGS, GOAWAY, PING; routes each stream's frames to its
 *                  Http2ExchangeStream, which converts them to HTTP objects and decompresses)
 * </pre>
 */
public final class PipelineNames {
    public static final String ACTIVITY = "activity";
    public static final String PROXY_SSL = "proxy-ssl";
    public static final String PROXY = "proxy";
    public static final String SECURE_CONNECT_START = "secure-connect-start";
    public static final String SSL = "ssl";
    public static final String PROTOCOL = "protocol";
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";
    public static final String DECOMPRESSOR = "decompressor";
    public static final String EXCHANGE = "exchange";
    public static final String FLUSH_BATCHER = "flush-batcher";
    public static final String HTTP2_CODEC = "h2-codec";

    private PipelineNames() {}
}
