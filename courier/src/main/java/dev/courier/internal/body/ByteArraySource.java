package dev.courier.internal.body;

import java.nio.ByteBuffer;

/** A chunk source over a byte array, handing out read-only slices so consumers cannot change the stored bytes. */
public final class ByteArraySource implements ChunkSource {
    private final byte[] content;
    private int position;

    /** Creates a source over {@code content}, which is shared, not copied: the caller must not change it afterwards. */
    public ByteArraySource(byte[] content) {
        this.content = content;
    }

    @Override
    public ByteBuffer next() {
        if (position >= content.length) {
            return null;
        }
        int length = Math.min(CHUNK_SIZE, content.length - position);
        ByteBuffer chunk = ByteBuffer.wrap(content, position, length).slice().asReadOnlyBuffer();
        position += length;
        return chunk;
    }

    @Override
    public void close() {
        position = content.length;
    }
}
