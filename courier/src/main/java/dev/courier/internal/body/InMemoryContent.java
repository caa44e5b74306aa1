package dev.courier.internal.body;

/**
 * A request body held in memory, which a transport may send straight from its array (never writing
 * to it) instead of subscribing to its publisher.
 */
public interface InMemoryContent {
    /** The body's own array: read it, never modify it. */
    byte[] array();
}
