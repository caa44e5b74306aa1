package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.courier.AsyncClient;
import dev.courier.Response;
import dev.courier.support.servers.NginxServer;
import dev.courier.transport.HttpTransport;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A quick figure for the transport against Debian's nginx on loopback (nginx in its own process):
 * requests per second and client CPU per request, HTTP/1.1 sequential and with 64 in flight, and
 * HTTP/2 over TLS with 64 streams in flight on one connection. The
 * peer comparison proper is courier-bench's; this is the transport's own yardstick.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -pl courier -Dmdep.outputFile=/tmp/cp.txt
 * java -cp courier/target/classes:courier/target/test-classes:$(cat /tmp/cp.txt) dev.courier.bench.NginxQuickBench [seconds [h1|h2]]
 * </pre>
 */
public final class NginxQuickBench {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private NginxQuickBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        byte[] small = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
        String only = args.length > 1 ? args[1] : "";
        if (!only.equals("h2")) {
            http1(small, seconds);
        }
        if (!only.equals("h1")) {
            http2(small, seconds);
        }
    }

    private static void http1(byte[] small, int seconds) throws Exception {
        try (NginxServer nginx = NginxServer.builder().file("/small", small).keepaliveRequests(1_000_000).start();
             HttpTransport transport = HttpTransport.builder().build();
             AsyncClient client = AsyncClient.builder().transport(transport).build()) {
            String url = nginx.url("/small");
            sequential(client, url, 3);
            report("sequential", sequential(client, url, seconds));
            concurrent(client, url, 64, 3);
            report("64 concurrent", concurrent(client, url, 64, seconds));
            System.out.println("transport: " + transport + ", pool: " + transport.poolStats());
        }
    }

    private static void http2(byte[] small, int seconds) throws Exception {
        // HTTP/2 over TLS: 64 streams in flight on one connection (nginx's limit is 128).
        try (NginxServer nginx = NginxServer.builder().file("/small", small).keepaliveRequests(1_000_000)
                .tls().http2(true).start();
             HttpTransport transport = HttpTransport.builder()
                     .verify(dev.courier.support.servers.TestCertificates.localhost().clientSslContext()).build();
             AsyncClient client = AsyncClient.builder().transport(transport).build()) {
            String url = nginx.httpsUrl("/small");
            if (!client.get(url).join().httpVersion().equals("HTTP/2")) {
                throw new IllegalStateException("nginx did not negotiate h2");
            }
            // C2 is still compiling the HTTP/2 path after a few seconds (on 2 cores it competes with
            // the event loop): warm up as long as the measured window.
            concurrent(client, url, 64, seconds);
            report("h2 64 streams", concurrent(client, url, 64, seconds));
            System.out.println("transport: " + transport + ", pool: " + transport.poolStats());
            h2load(url, seconds);
        }
    }

    /**
     * The near-limit reference in the same run, when nghttp2-client is installed: h2load with one
     * connection and 64 streams, its CPU time from /usr/bin/time.
     */
    private static void h2load(String url, int seconds) throws Exception {
        java.nio.file.Path h2load = java.nio.file.Path.of("/usr/bin/h2load");
        java.nio.file.Path time = java.nio.file.Path.of("/usr/bin/time");
        if (!java.nio.file.Files.isExecutable(h2load) || !java.nio.file.Files.isExecutable(time)) {
            System.out.println("h2load: not installed (apt-get install nghttp2-client)");
            return;
        }
        Process p = new ProcessBuilder(time.toString(), "-f", "cpu %U %S", h2load.toString(), "-c1", "-m64",
                "-D" + seconds, "--warm-up-time=2", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("requests: \\d+ total, \\d+ started, (\\d+) done")
                .matcher(out);
        java.util.regex.Matcher rate = java.util.regex.Pattern.compile("finished in [^,]+, ([\\d.]+) req/s").matcher(out);
        java.util.regex.Matcher cpu = java.util.regex.Pattern.compile("cpu ([\\d.]+) ([\\d.]+)").matcher(out);
        if (!done.find() || !rate.find() || !cpu.find()) {
            System.out.println("h2load: unexpected output\n" + out);
            return;
        }
        long requests = Long.parseLong(done.group(1));
        double cpuSeconds = Double.parseDouble(cpu.group(1)) + Double.parseDouble(cpu.group(2));
        System.out.printf("%-14s %,10.0f req/s, client CPU %.1f µs/req (%d requests; CPU includes warm-up)%n",
                "h2load -c1 -m64", Double.parseDouble(rate.group(1)), cpuSeconds * 1e6 / requests, requests);
    }

    private record Run(long requests, long nanos, long cpuNanos, long[] latencies) {}

    private static Run sequential(AsyncClient client, String url, int seconds) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long[] latencies = new long[4_000_000];
        int n = 0;
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        while (System.nanoTime() < end && n < latencies.length) {
            long s = System.nanoTime();
            Response r = client.get(url).join();
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode());
            }
            latencies[n++] = System.nanoTime() - s;
        }
        return new Run(n, System.nanoTime() - t0, OS.getProcessCpuTime() - cpu0, Arrays.copyOf(latencies, n));
    }

    private static Run concurrent(AsyncClient client, String url, int inFlight, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(inFlight);
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            loop(client, url, end, done, finished);
        }
        finished.await();
        return new Run(done.get(), System.nanoTime() - t0, OS.getProcessCpuTime() - cpu0, new long[0]);
    }

    private static void loop(AsyncClient client, String url, long end, AtomicLong done, CountDownLatch finished) {
        CompletableFuture<Response> call = client.get(url);
        call.whenComplete((r, e) -> {
            if (e != null) {
                e.printStackTrace();
                finished.countDown();
                return;
            }
            done.incrementAndGet();
            if (System.nanoTime() < end) {
                loop(client, url, end, done, finished);
            } else {
                finished.countDown();
            }
        });
    }

    private static void report(String name, Run run) {
        double seconds = run.nanos() / 1e9;
        String latency = "";
        if (run.latencies().length > 0) {
            long[] sorted = run.latencies().clone();
            Arrays.sort(sorted);
            latency = String.format(", p50 %.1f µs, p99 %.1f µs", sorted[sorted.length / 2] / 1e3,
                    sorted[(int) (sorted.length * 0.99)] / 1e3);
        }
        System.out.printf("%-14s %,10.0f req/s, client CPU %.1f µs/req%s (%d requests)%n", name,
                run.requests() / seconds, run.cpuNanos() / 1e3 / run.requests(), latency, run.requests());
    }
}
