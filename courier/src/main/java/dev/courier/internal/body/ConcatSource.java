package dev.courier.internal.body;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A chunk source that reads several sources one after another, as a multipart body reads its parts. */
public final class ConcatSource implements ChunkSource {
    private final List<? extends ChunkSource> parts;
    private int index;

    /** Creates a source over {@code parts}; each part is closed once it is exhausted, and all of them on close. */
    public ConcatSource(List<? extends ChunkSource> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public ByteBuffer next() throws IOException {
        while (index < parts.size()) {
            ChunkSource part = parts.get(index);
            ByteBuffer chunk = part.next();
            if (chunk != null) {
                return chunk;
            }
            part.close();
            index++;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (; index < parts.size(); index++) {
            try {
                parts.get(index).close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
