package dev.courier.internal.body;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A blocking pull source of body chunks, read by one thread at a time and closed exactly when its reader is done. */
public interface ChunkSource extends Closeable {
    /** The chunk size for files and streams: big enough to amortise a syscall, small enough to keep memory flat. */
    int CHUNK_SIZE = 64 * 1024;

    /**
     * Returns the next chunk, or null at the end; may block.
     *
     * <p>A returned buffer belongs to the caller: it must not share mutable state with the source.
     */
    ByteBuffer next() throws IOException;

    /** Releases whatever the source holds; safe to call more than once and before the first {@link #next()}. */
    @Override
    void close() throws IOException;
}
