package dev.courier.internal.body;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/** A test subscriber that records every signal and requests only what the test asks for. */
public final class RecordingSubscriber implements Flow.Subscriber<ByteBuffer> {
    private final long initialRequest;
    private final List<ByteBuffer> items = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private Consumer<RecordingSubscriber> onNextAction = s -> {};
    private Flow.Subscription subscription;
    private Throwable error;
    private boolean completed;

    public RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /** Runs {@code action} after recording each item, e.g. to request more from inside onNext. */
    public RecordingSubscriber onEachItem(Consumer<RecordingSubscriber> action) {
        this.onNextAction = action;
        return this;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        signals.add("onSubscribe");
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(ByteBuffer item) {
        synchronized (this) {
            signals.add("onNext");
            items.add(item);
        }
        onNextAction.accept(this);
    }

    @Override
    public synchronized void onError(Throwable t) {
        signals.add("onError");
        error = t;
    }

    @Override
    public synchronized void onComplete() {
        signals.add("onComplete");
        completed = true;
    }

    public void request(long n) {
        subscription.request(n);
    }

    public void cancel() {
        subscription.cancel();
    }

    public synchronized List<ByteBuffer> items() {
        return List.copyOf(items);
    }

    public synchronized List<String> signals() {
        return List.copyOf(signals);
    }

    public synchronized Throwable error() {
        return error;
    }

    public synchronized boolean isCompleted() {
        return completed;
    }

    /** All bytes received so far, without consuming the recorded buffers. */
    public synchronized byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer item : items) {
            ByteBuffer view = item.duplicate();
            byte[] chunk = new byte[view.remaining()];
            view.get(chunk);
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }
}
