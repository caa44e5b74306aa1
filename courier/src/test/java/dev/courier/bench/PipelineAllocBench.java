package dev.courier.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.support.servers.NginxServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Transport;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.ObjectName;

/**
 * Heap allocated per request by the whole client (every thread of this JVM; the server, when there
 * is one, is nginx in its own process), for small GETs with 64 in flight. The figure to watch for
 * the request pipeline and the body read is the {@code mock} one: a transport that answers on a
 * thread of its own (as an event loop would) with a 100-byte streamed body, so everything
 * allocated is the client's pipeline, Response and body handling. {@code h1} and {@code h2} add the
 * real transport against nginx (h2 over TLS).
 *
 * <p>With {@code histo} (run it on Epsilon, which never frees, so that the class histogram counts
 * every object allocated) it also prints the classes allocated per request, CompletableFuture
 * among them.
 *
 * <pre>
 * mvn -q -o -pl courier test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp courier/target/classes:courier/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.courier.bench.PipelineAllocBench mock|h1|h2 [requests]
 * java -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xmx6g -cp ... \
 *     dev.courier.bench.PipelineAllocBench mock 20000 histo
 * </pre>
 */
public final class PipelineAllocBench {
    private static final int IN_FLIGHT = 64;
    private static final byte[] SMALL = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private PipelineAllocBench() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "mock";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        boolean histo = args.length > 2 && args[2].equals("histo");
        switch (mode) {
            case "mock" -> {
                try (MockLoopTransport transport = new MockLoopTransport();
                     AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                    measure(mode, client, "http://bench.test/small", requests, histo);
                }
            }
            case "h1" -> {
                try (NginxServer nginx = NginxServer.builder().file("/small", SMALL).keepaliveRequests(10_000_000)
                        .start();
                     HttpTransport transport = HttpTransport.builder().build();
                     AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                    measure(mode, client, nginx.url("/small"), requests, histo);
                }
            }
            case "h2" -> {
                try (NginxServer nginx = NginxServer.builder().file("/small", SMALL).keepaliveRequests(10_000_000)
                        .tls().http2(true).start();
                     HttpTransport transport = HttpTransport.builder()
                             .verify(TestCertificates.localhost().clientSslContext()).build();
                     AsyncClient client = AsyncClient.builder().transport(transport).build()) {
                    String url = nginx.httpsUrl("/small");
                    if (!client.get(url).join().httpVersion().equals("HTTP/2")) {
                        throw new IllegalStateException("nginx did not negotiate h2");
                    }
                    measure(mode, client, url, requests, histo);
                }
            }
            default -> throw new IllegalArgumentException("mode: mock, h1 or h2");
        }
    }

    private static void measure(String mode, AsyncClient client, String url, int requests, boolean histo)
            throws Exception {
        // Warm-up as long as the measured run, so that C2 has compiled the path.
        run(client, url, histo ? requests : Math.max(requests, 100_000));
        Map<String, long[]> before = histo ? histogram() : null;
        long bytes0 = THREADS.getTotalThreadAllocatedBytes();
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        run(client, url, requests);
        long nanos = System.nanoTime() - t0;
        long cpu = OS.getProcessCpuTime() - cpu0;
        long bytes = THREADS.getTotalThreadAllocatedBytes() - bytes0;
        System.out.printf("%s: %,d requests, %,d B allocated/request, CPU %.1f µs/request, %,.0f req/s%n", mode,
                requests, bytes / requests, cpu / 1e3 / requests, requests * 1e9 / nanos);
        if (histo) {
            Map<String, long[]> after = histogram();
            after.entrySet().stream()
                    .map(e -> {
                        long[] b = before.getOrDefault(e.getKey(), new long[2]);
                        return Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
                    })
                    .filter(e -> e.getValue()[0] * 10 >= requests)
                    .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
                    .forEach(e -> System.out.printf("  %6.2f objects %7.1f B  %s%n",
                            e.getValue()[0] / (double) requests, e.getValue()[1] / (double) requests, e.getKey()));
        }
    }

    private static void run(AsyncClient client, String url, int requests) throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(requests);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            next(client, url, requests, issued, done, failure);
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed", failure.get());
        }
    }

    private static void next(AsyncClient client, String url, int requests, AtomicInteger issued, CountDownLatch done,
            AtomicReference<Throwable> failure) {
        if (issued.getAndIncrement() >= requests) {
            return;
        }
        client.get(url).whenComplete((r, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else if (r.statusCode() != 200 || r.content().length != SMALL.length) {
                failure.compareAndSet(null, new IllegalStateException(r + " " + r.content().length));
            }
            done.countDown();
            next(client, url, requests, issued, done, failure);
        });
    }

    /** Instances and bytes by class name, every object on the heap counted (reachable or not). */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[] {"-all"}}, new String[] {String[].class.getName()});
        Map<String, long[]> counts = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                counts.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return counts;
    }

    /**
     * Answers every request on one thread of its own, as an event loop would: the head first, then
     * (on demand) the 100-byte body in one chunk, each chunk a fresh buffer as the network's are.
     */
    private static final class MockLoopTransport implements Transport {
        private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mock-loop");
            t.setDaemon(true);
            return t;
        });

        @Override
        public CompletableFuture<Response> send(Request request) {
            CompletableFuture<Response> head = new CompletableFuture<>();
            loop.execute(() -> head.complete(Response.builder()
                    .status(200)
                    .header("Content-Type", "text/plain")
                    .header("Content-Length", "100")
                    .body(new OneChunk())
                    .request(request)
                    .build()));
            return head;
        }

        @Override
        public void close() {
            loop.shutdown();
        }

        private final class OneChunk implements Flow.Publisher<ByteBuffer>, Flow.Subscription {
            private Flow.Subscriber<? super ByteBuffer> subscriber;
            private boolean sent;

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
                loop.execute(() -> {
                    subscriber = s;
                    s.onSubscribe(this);
                });
            }

            @Override
            public void request(long n) {
                loop.execute(() -> {
                    if (!sent) {
                        sent = true;
                        subscriber.onNext(ByteBuffer.allocate(SMALL.length).put(SMALL).flip());
                        subscriber.onComplete();
                    }
                });
            }

            @Override
            public void cancel() {
                sent = true;
            }
        }
    }
}
