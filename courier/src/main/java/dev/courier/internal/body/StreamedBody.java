package dev.courier.internal.body;

import dev.courier.RequestBody;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/** A replayable body of known length streamed from a source opened afresh for every publisher (files, multipart). */
public class StreamedBody extends RequestBody {
    private final long length;
    private final String contentType;
    private final Flow.Publisher<ByteBuffer> publisher;

    public StreamedBody(long length, String contentType, Supplier<? extends ChunkSource> sources) {
        this.length = length;
        this.contentType = contentType;
        this.publisher = PullPublisher.replayable(sources);
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public boolean isReplayable() {
        return true;
    }

    @Override
    public Flow.Publisher<ByteBuffer> publisher() {
        return publisher;
    }
}
