package dev.courier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The request body piped into the command ({@code echo '{"a":1}' | courier POST URL}), read as
 * httpie reads it: when standard input is not a terminal and no data items are given, unless
 * {@code --ignore-stdin}.
 *
 * <p>The body is read whole before sending, so it can be sent again for a redirect or a digest
 * challenge. An empty input (such as {@code /dev/null}, or a closed pipe) is no body. When nothing
 * arrives for a while, a warning suggests {@code --ignore-stdin}: a script that runs the command
 * with an open, silent stdin would otherwise wait with no clue why.
 *
 * <pre>{@code
 * byte[] body = StdinBody.read(System.in, System.err, 10);
 * }</pre>
 */
final class StdinBody {
    private StdinBody() {}

    /**
     * All of {@code in}; warns on {@code err} when nothing has arrived after {@code warnAfterSeconds}.
     */
    static byte[] read(InputStream in, PrintStream err, long warnAfterSeconds) throws IOException {
        CountDownLatch firstByte = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                if (!firstByte.await(warnAfterSeconds, TimeUnit.SECONDS)) {
                    err.println("courier: warning: no data on stdin after " + warnAfterSeconds
                            + " s; still waiting (use --ignore-stdin when stdin is not the body)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "courier-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            int first = in.read();
            firstByte.countDown();
            if (first < 0) {
                return new byte[0];
            }
            byte[] rest = in.readAllBytes();
            byte[] all = new byte[rest.length + 1];
            all[0] = (byte) first;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return all;
        } finally {
            firstByte.countDown();
            watcher.interrupt();
        }
    }
}
