package dev.courier.internal;

/**
 * Knows which threads are I/O threads, where blocking would stall every connection they serve.
 * Transports mark their threads; the blocking {@code Client} refuses to wait on one.
 */
public final class IoThreads {
    private static final ThreadLocal<Boolean> IO = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private IoThreads() {}

    /** Marks the current thread as an I/O thread; called once by a transport's thread factory. */
    public static void markCurrentThread() {
        IO.set(Boolean.TRUE);
    }

    /** True when the current thread is an I/O thread. */
    public static boolean isIoThread() {
        return IO.get();
    }

    /** Throws IllegalStateException when the current thread must not block. */
    public static void requireBlockingAllowed() {
        if (isIoThread()) {
            throw new IllegalStateException("The blocking Client was called on an I/O thread (" + Thread.currentThread()
                    .getName() + "), which would stall every connection it serves: use AsyncClient there, "
                    + "or set AsyncClient.builder().executor(...) so callbacks run elsewhere");
        }
    }
}
