package dev.courier.integration;

import dev.courier.Client;
import dev.courier.Response;
import dev.courier.Timeout;
import java.io.InputStream;
import java.time.Duration;

/** Run in a forked JVM with a small heap by {@link LargeDownloadTest}: uploads {@code args[1]} bytes from a stream. */
public final class LargeUploadMain {
    private LargeUploadMain() {}

    public static void main(String[] args) {
        long size = Long.parseLong(args[1]);
        InputStream zeros = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        try (Client client = Client.builder().timeout(Timeout.of(Duration.ofSeconds(60))).build()) {
            Response response = client.post(args[0], o -> o.body(dev.courier.RequestBody.of(zeros, size)));
            System.out.println("status=" + response.statusCode() + " answer=" + response.text()
                    + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }
}
