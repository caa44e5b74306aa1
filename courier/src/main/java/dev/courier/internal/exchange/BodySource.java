package dev.courier.internal.exchange;

/** What a response body publisher asks of the exchange feeding it; called on the exchange's event loop. */
public interface BodySource {
    /** The subscriber wants more and nothing is buffered: read from the network. */
    void readMore();

    /** The subscriber cancelled before the end: drain or close, and release the connection. */
    void abandon();
}
