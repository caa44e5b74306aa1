package dev.courier.internal.body;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/** Helpers for subscribers that must be turned away: Flow requires onSubscribe before any onError. */
public final class Subscriptions {
    /** A subscription with nothing behind it, given to a subscriber that is about to receive a terminal signal. */
    public static final Flow.Subscription EMPTY = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private Subscriptions() {}

    /** Signals {@code error} to {@code subscriber} after the {@code onSubscribe} that Flow requires first. */
    public static void reject(Flow.Subscriber<? super ByteBuffer> subscriber, Throwable error) {
        subscriber.onSubscribe(EMPTY);
        subscriber.onError(error);
    }
}
