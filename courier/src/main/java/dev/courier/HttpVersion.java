package dev.courier;

/**
 * An HTTP protocol version, with the label {@link Response#httpVersion()} reports and its ALPN id.
 *
 * <pre>{@code
 * if (response.httpVersion().equals(HttpVersion.HTTP_2.label())) { ... }
 * }</pre>
 */
public enum HttpVersion {
    /** HTTP/1.1, ALPN id {@code http/1.1}. */
    HTTP_1_1("HTTP/1.1", "http/1.1"),
    /** HTTP/2, ALPN id {@code h2}. */
    HTTP_2("HTTP/2", "h2");

    private final String label;
    private final String alpnId;

    HttpVersion(String label, String alpnId) {
        this.label = label;
        this.alpnId = alpnId;
    }

    /** The label as {@code Response.httpVersion()} returns it: {@code HTTP/1.1} or {@code HTTP/2}. */
    public String label() {
        return label;
    }

    /** The protocol id offered in TLS ALPN. */
    public String alpnId() {
        return alpnId;
    }
}
