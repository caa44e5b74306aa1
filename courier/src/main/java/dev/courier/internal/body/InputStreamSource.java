package dev.courier.internal.body;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A chunk source over an {@link InputStream} (a file's or a caller's), read in chunks of at most {@link #CHUNK_SIZE}.
 *
 * <p>When a length is declared the source delivers exactly that many bytes: a stream that ends early is an error,
 * and bytes past the length are left unread, because a Content-Length that disagrees with the body would corrupt
 * the HTTP framing.
 */
public final class InputStreamSource implements ChunkSource {
    private final Path file;
    private final long length;
    private InputStream in;
    private long remaining;
    private boolean closed;

    private InputStreamSource(Path file, InputStream in, long length) {
        this.file = file;
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    /** A source over {@code in} delivering {@code length} bytes, or everything up to EOF when {@code length} is -1. */
    public static InputStreamSource of(InputStream in, long length) {
        return new InputStreamSource(null, in, length);
    }

    /** A source over {@code file}, opened on the first {@link #next()} so that creating one costs no file handle. */
    public static InputStreamSource ofFile(Path file, long length) {
        return new InputStreamSource(file, null, length);
    }

    @Override
    public ByteBuffer next() throws IOException {
        if (closed) {
            throw new IOException("Stream closed");
        }
        if (remaining == 0) {
            return null;
        }
        if (in == null) {
            in = Files.newInputStream(file);
        }
        int want = remaining < 0 ? CHUNK_SIZE : (int) Math.min(CHUNK_SIZE, remaining);
        byte[] chunk = new byte[want];
        int n;
        // Some streams legally return 0; an empty chunk would look like progress to nobody, so read again.
        do {
            n = in.read(chunk, 0, want);
        } while (n == 0);
        if (n < 0) {
            if (remaining > 0) {
                throw new IOException("Body ended after " + (length - remaining) + " of the " + length
                        + " bytes its length declared");
            }
            remaining = 0;
            return null;
        }
        if (remaining > 0) {
            remaining -= n;
        }
        return ByteBuffer.wrap(chunk, 0, n);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (in != null) {
                in.close();
            }
        }
    }
}
