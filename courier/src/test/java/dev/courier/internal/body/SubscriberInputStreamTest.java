package dev.courier.internal.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SubscriberInputStreamTest {

    @Test
    void readsBytesUnsignedAndSkipsEmptyChunks() throws IOException {
        ManualSource source = ManualSource.manual();
        SubscriberInputStream in = new SubscriberInputStream();
        source.subscribe(in);
        source.emit(ByteBuffer.allocate(0));
        source.emit(ByteBuffer.wrap(new byte[] {(byte) 0xff, 7}));
        source.complete();

        assertThat(in.available()).isEqualTo(2);
        assertThat(in.read()).isEqualTo(255);
        assertThat(in.read(new byte[4], 0, 0)).isZero();
        assertThat(in.read()).isEqualTo(7);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void everyBufferTakenIsReplacedEvenWhenEmpty() throws IOException {
        ManualSource source = ManualSource.manual();
        SubscriberInputStream in = new SubscriberInputStream();
        source.subscribe(in);
        source.emit(ByteBuffer.allocate(0));
        source.emit(ByteBuffer.allocate(0));
        source.emit(ByteBuffer.allocate(0));
        source.emit(ByteBuffer.wrap(new byte[] {5}));

        assertThat(in.read()).isEqualTo(5);
        assertThat(source.requested() - source.delivered()).isEqualTo(SubscriberInputStream.PREFETCH);
    }

    @Test
    void closeBeforeSubscriptionCancelsOnArrival() {
        SubscriberInputStream in = new SubscriberInputStream();
        in.close();
        ManualSource source = ManualSource.manual();
        source.subscribe(in);
        assertThat(source.isCancelled()).isTrue();
        assertThat(source.requested()).isZero();
    }

    @Test
    void interruptedReaderGetsInterruptedIoException() {
        SubscriberInputStream in = new SubscriberInputStream();
        ManualSource.manual().subscribe(in);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void queuedDataIsReadBeforeTheError() throws IOException {
        ManualSource source = ManualSource.manual();
        SubscriberInputStream in = new SubscriberInputStream();
        source.subscribe(in);
        source.emit(ByteBuffer.wrap(new byte[] {1, 2}));
        IllegalStateException boom = new IllegalStateException("boom");
        source.error(boom);
        assertThat(in.readNBytes(2)).containsExactly(1, 2);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(boom);
    }
}
