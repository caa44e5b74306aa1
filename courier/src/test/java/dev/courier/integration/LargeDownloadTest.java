package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB through the streaming API each way, in a JVM whose heap is capped at 64 MiB: bodies are
 * read and sent on demand, so memory stays bounded whatever the size. The download also shows that
 * Courier's channels take Netty's pooled allocator under such a heap.
 */
class LargeDownloadTest {
    private static final long ONE_GIB = 1L << 30;

    @Test
    void oneGibibyteWithA64MebibyteHeap() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, ONE_GIB);
            byte[] chunk = new byte[256 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < ONE_GIB; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        server.start();
        try {
            String output = runWithSmallHeap(LargeDownloadMain.class,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/big");
            assertThat(output).contains("status=200 bytes=" + ONE_GIB).contains("maxHeapMiB=");
            // With 64 MiB of heap Netty's default allocator is in low-memory mode, so the reads come from
            // the pooled allocator (ChannelAllocator).
            Matcher pooled = Pattern.compile("pooledDirectAllocations=(\\d+)").matcher(output);
            assertThat(pooled.find()).as(output).isTrue();
            // 1 GiB in reads of up to 64 KiB: far more than 1,024 of them, each too big for a thread cache.
            assertThat(Long.parseLong(pooled.group(1))).as(output).isGreaterThan(1024);
            assertThat(output).contains("leaks=[]");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void oneGibibyteUploadWithA64MebibyteHeap() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/upload", exchange -> {
            long received = 0;
            byte[] buffer = new byte[256 * 1024];
            try (var in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
            }
            byte[] answer = Long.toString(received).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        try {
            String output = runWithSmallHeap(LargeUploadMain.class,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/upload", Long.toString(ONE_GIB));
            assertThat(output).contains("status=200 answer=" + ONE_GIB).contains("maxHeapMiB=");
        } finally {
            server.stop(0);
        }
    }

    /** Runs {@code main} in a JVM with 64 MiB of heap and direct memory; bounded wait; returns its output. */
    private static String runWithSmallHeap(Class<?> main, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:MaxDirectMemorySize=64m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("%s finished; output:%n%s", main.getSimpleName(), output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
