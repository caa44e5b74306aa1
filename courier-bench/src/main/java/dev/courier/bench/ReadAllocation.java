package dev.courier.bench;

import com.sun.management.ThreadMXBean;
import dev.courier.AsyncClient;
import java.lang.management.ManagementFactory;

/**
 * Heap allocated per MiB when a whole body is read into memory ({@code get(url)} then
 * {@code content()}), for FINDINGS item 17. The server runs in a process of its own, so that only
 * the client's allocation is counted, for example:
 *
 * <pre>{@code
 * head -c 3158001 /dev/urandom > /tmp/www/3m.bin
 * python3 -m http.server 18777 --bind 127.0.0.1 --directory /tmp/www &
 * java -cp "courier-bench/target/classes:$(cat courier-bench/target/jmh.classpath)" \
 *     dev.courier.bench.ReadAllocation http://127.0.0.1:18777/3m.bin
 * }</pre>
 *
 * <p>It prints the heap bytes allocated per MiB read (all threads; {@code content()}'s own copy of
 * the body, 1 MiB per MiB, included) and the process's CPU time per MiB, over 300 reads after 150
 * to warm up.
 */
public final class ReadAllocation {
    private static final int WARM_UP = 150;
    private static final int READS = 300;

    private ReadAllocation() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ReadAllocation URL");
            System.exit(2);
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (AsyncClient client = AsyncClient.builder().build()) {
            for (int i = 0; i < WARM_UP; i++) {
                client.get(args[0]).join().raiseForStatus().content();
            }
            long cpu0 = os.getProcessCpuTime();
            long allocated0 = threads.getTotalThreadAllocatedBytes();
            long bytes = 0;
            for (int i = 0; i < READS; i++) {
                bytes += client.get(args[0]).join().raiseForStatus().content().length;
            }
            double mib = bytes / (1024.0 * 1024);
            double allocatedMib = (threads.getTotalThreadAllocatedBytes() - allocated0) / (1024.0 * 1024);
            System.out.printf("%,d reads, %.1f MiB: %.2f MiB allocated per MiB, CPU %.0f µs per MiB%n", READS, mib,
                    allocatedMib / mib, (os.getProcessCpuTime() - cpu0) / 1000.0 / mib);
        }
    }
}
