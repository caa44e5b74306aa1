package dev.courier.integration;

import dev.courier.Client;
import dev.courier.Response;
import dev.courier.Timeout;
import dev.courier.support.LeakDetection;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.InputStream;
import java.time.Duration;

/**
 * Run in a forked JVM with a small heap by {@link LargeDownloadTest}: streams a URL and prints what it
 * read, and how many buffers Netty's pooled allocator handed out (Courier's channels take it when the
 * heap puts Netty's default allocator in low-memory mode), and the buffer leaks Netty's detector saw.
 */
public final class LargeDownloadMain {
    private LargeDownloadMain() {}

    public static void main(String[] args) throws Exception {
        // Netty's leak detector at paranoid, reporting to LeakDetection: it must be set before Netty makes its first.
        Class.forName(LeakDetection.class.getName());
        long total = 0;
        try (Client client = Client.builder().timeout(Timeout.of(Duration.ofSeconds(60))).build();
             Response response = client.stream("GET", args[0]);
             InputStream body = response.bodyStream()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
            }
            System.out.println("status=" + response.statusCode() + " bytes=" + total
                    + " maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " pooledDirectAllocations=" + PooledByteBufAllocator.DEFAULT.metric().directArenas().stream()
                            .mapToLong(PoolArenaMetric::numAllocations).sum());
        }
        System.out.println("leaks=" + LeakDetection.collect());
    }
}
