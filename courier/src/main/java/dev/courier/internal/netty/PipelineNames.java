package dev.courier.internal.netty;

/**
 * Names of the handlers in a Courier connection's pipeline, in order from the socket inwards:
 * <pre>
 * activity       notes when bytes arrive (the read timeout counts from the last arrival)
 * ssl            SslHandler (https only; SNI and hostname verification for the origin)
 * decoder        StrictResponseDecoder (HTTP/1.1 response parsing with explicit limits)
 * encoder        HttpRequestEncoder
 * decompressor   DecompressionHandler (gzip, deflate, br, zstd, bounded)
 * exchange       Http1ConnectionHandler (bridges HTTP objects to the current exchange)
 * </pre>
 */
public final class PipelineNames {
    public static final String ACTIVITY = "activity";
    public static final String SSL = "ssl";
    public static final String DECODER = "decoder";
    public static final String ENCODER = "encoder";
    public static final String DECOMPRESSOR = "decompressor";
    public static final String EXCHANGE = "exchange";

    private PipelineNames() {}
}
