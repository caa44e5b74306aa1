package dev.courier.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;

/** BENCHMARKS.md and its chart: the medians of the rounds per client and scenario, and Courier's ratios. */
final class Report {
    static final String COURIER = "courier";

    private final PeerComparison.Options o;
    private final Map<Scenario, Map<String, List<Result>>> results;
    private final Map<Scenario, Map<String, String>> failures;
    private final Map<Scenario, Map<String, String>> unsupported;
    private final PeerComparison.Pinning pinning;
    private final List<String> references;
    private final String command;
    private final Duration took;
    /** When the run ended (a report written again from raw results keeps its run's time). */
    private final ZonedDateTime finished;
    /** TCP's congestion control when the run started, or null for runs that did not record it. */
    private final String congestionControl;

    Report(PeerComparison.Options o, Map<Scenario, Map<String, List<Result>>> results,
            Map<Scenario, Map<String, String>> failures, Map<Scenario, Map<String, String>> unsupported,
            PeerComparison.Pinning pinning, List<String> references, String command, Duration took,
            ZonedDateTime finished, String congestionControl) {
        this.o = o;
        this.results = results;
        this.failures = failures;
        this.unsupported = unsupported;
        this.pinning = pinning;
        this.references = references;
        this.command = command;
        this.took = took;
        this.finished = finished;
        this.congestionControl = congestionControl;
    }

    /** This machine's TCP congestion control now (new sockets get it), or "unknown". */
    static String congestionControl() {
        try {
            return Proc.read(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")).strip();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** {@code BENCHMARKS.md} → {@code BENCHMARKS.png}. */
    static Path siblingWithExtension(Path out, String extension) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    /** A figure of a result, or null. */
    private record Metric(String label, Function<Result, Double> value, boolean higherIsBetter) {}

    private static final Metric REQ_PER_SEC = new Metric("req/s", r -> r.reqPerSec, true);
    private static final Metric P50 = new Metric("p50 latency µs", r -> r.p50Us, false);
    private static final Metric MIB_PER_SEC = new Metric("MiB/s", r -> r.mibPerSec, true);
    private static final Metric CPU_PER_REQ = new Metric("CPU µs/req", r -> r.cpuUsPerReq, false);
    private static final Metric CPU_PER_MIB = new Metric("CPU µs/MiB", r -> r.cpuUsPerMiB, false);
    private static final Metric KIB_PER_CONN = new Metric("KiB/connection (heap + native)", Report::kibPerConn, false);
    private static final Metric CPU_PER_CONN = new Metric("CPU µs/connection (burst)", r -> r.cpuUsPerReq, false);

    private static Double kibPerConn(Result r) {
        return r.nativeKiBPerConn == null || r.heapKiBPerConn == null ? null : r.nativeKiBPerConn + r.heapKiBPerConn;
    }

    /** The scenario's headline figures: throughput (S1: latency; S6: memory) first, then CPU. */
    private static List<Metric> headline(Scenario s) {
        if (s == Scenario.S1) {
            return List.of(P50, CPU_PER_REQ);
        }
        return switch (s.kind) {
            case GET, UPLOAD -> List.of(REQ_PER_SEC, CPU_PER_REQ);
            case DOWNLOAD -> List.of(MIB_PER_SEC, CPU_PER_MIB);
            case IDLE -> List.of(KIB_PER_CONN, CPU_PER_CONN);
        };
    }

    void write() throws IOException {
        Files.createDirectories(o.out.toAbsolutePath().getParent());
        Path png = siblingWithExtension(o.out, ".png");
        chart(png);
        Files.writeString(o.out, markdown(png.getFileName().toString()), StandardCharsets.UTF_8);
    }

    /** Appended to the report when present (the runner works from the repository root). */
    static final Path FINDINGS = Path.of("courier-bench", "FINDINGS.md");

    private String markdown(String png) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Courier and the Java HTTP clients, side by side\n\n");
        b.append("Generated by `").append(command).append("` on ")
                .append(finished == null ? "an unrecorded date"
                        : finished.withZoneSameInstant(ZoneOffset.UTC)
                                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" (took ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s). ")
                .append(o.rounds).append(" interleaved round(s), warm-up ").append(seconds(o.warmup))
                .append(", timed window ").append(seconds(o.duration))
                .append(" per run; every figure is the median of the rounds. Raw results: `")
                .append(siblingWithExtension(o.out, ".jsonl").getFileName()).append("`.\n\n");
        b.append("Ratios are Courier's figure divided by the other's: for req/s and MiB/s above 1 means Courier is "
                + "faster; for latency, CPU and memory below 1 means Courier is quicker or spends less.\n\n");
        summary(b);
        b.append("\n![Per scenario: throughput (S1: p50 latency, S6: memory per connection) and CPU](").append(png)
                .append(")\n\n");
        machine(b);
        method(b);
        for (Scenario s : o.scenarios) {
            scenario(b, s);
        }
        if (Files.isRegularFile(FINDINGS)) {
            // The narrative half of the report (what the profiles showed, what changed and by how much)
            // is kept in the source tree, so that regenerating the tables never loses it.
            b.append('\n').append(Files.readString(FINDINGS, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private void summary(StringBuilder b) {
        b.append("| Scenario | Figure | Courier | Best peer | Courier ÷ best peer | Reference | Courier ÷ reference |\n");
        b.append("|---|---|--:|---|--:|---|--:|\n");
        for (Scenario s : o.scenarios) {
            for (Metric m : headline(s)) {
                Double courier = median(s, COURIER, m);
                Optional<Map.Entry<String, Double>> best = best(s, m);
                String ref = References.toolFor(s).filter(references::contains).orElse(null);
                Double refValue = ref == null || m == KIB_PER_CONN ? null : median(s, ref, m);
                b.append("| ").append(s).append(" | ").append(m.label).append(" | ").append(num(courier)).append(" | ")
                        .append(best.map(e -> e.getKey() + " " + num(e.getValue())).orElse("–")).append(" | ")
                        .append(ratio(courier, best.map(Map.Entry::getValue).orElse(null))).append(" | ")
                        .append(refValue == null ? "–" : ref + " " + num(refValue)).append(" | ")
                        .append(ratio(courier, refValue)).append(" |\n");
            }
        }
    }

    private void machine(StringBuilder b) {
        b.append("## Machine\n\n");
        String cpu = cpuinfo().orElse("unknown CPU");
        long memKiB = meminfo();
        b.append("- CPU: ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs; memory ").append(String.format(Locale.ROOT, "%.0f GiB", memKiB / 1048576.0)).append('\n');
        b.append("- OS: ").append(osRelease()).append(", Linux ").append(Proc.read(Path.of("/proc/sys/kernel/osrelease")).strip())
                .append('\n');
        String jvm = results.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .filter(r -> r.jvm != null).map(r -> r.jvm).findFirst().orElse("?");
        b.append("- Client JVM: ").append(jvm).append(" (`").append(o.java).append("`)\n");
        b.append("- Client JVM flags: `").append(String.join(" ", Scenario.S1.heapFlags())).append(' ')
                .append(String.join(" ", PeerComparison.COMMON_JVM_FLAGS))
                .append(o.jvmArgs.isEmpty() ? "" : " " + String.join(" ", o.jvmArgs))
                .append("`; S4: `").append(String.join(" ", Scenario.S4.heapFlags())).append("`; S6 adds `-XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary`\n");
        b.append("- TCP congestion control: ").append(congestionControl == null
                ? "not recorded, the run predates 2026-11-23 09:30 UTC" : congestionControl + ", when the run started")
                .append(" (S5's uploads depend on it: FINDINGS item 27)\n");
        b.append("- Server: ").append(NginxServer.version()).append(", one worker process\n");
        for (String tool : references) {
            b.append("- Reference: ").append(References.version(tool)).append('\n');
        }
        b.append("- CPU placement: ").append(pinning.describe()).append('\n');
        b.append("- Other work on the machine during the run is not controlled: compare the ratios of one run, "
                + "not absolute figures across runs.\n\n");
    }

    private void method(StringBuilder b) {
        b.append("""
                ## Method

                - **Processes.** The server is nginx (one worker, `access_log off`, `keepalive_requests` 10⁹), in a \
                process of its own on three loopback ports: cleartext HTTP/1.1, TLS with ALPN h2 (certificate from a \
                CA made for the run; the clients trust its PEM), and h2c by prior knowledge. Each run is a fresh JVM \
                (`dev.courier.bench.ClientProcess`) for one client and one scenario, with the runner's class path and \
                the same JVM flags for every client. /small (100 B) is answered from memory (`return 200`) in runs \
                made after 2026-11-22 20:16 UTC (FINDINGS item 23). Runs made before it, those of \
                BENCHMARKS-all-clients.md, BENCHMARKS-S4.md and BENCHMARKS-S1-S4-S5.md among them, served /small \
                as a file, whose open, sendfile and TCP_CORK toggles took more than half of nginx's CPU per request \
                and made nginx's one core, not the client, the limit of S2, S3 and S3c.
                - **Rounds.** For each round, for each scenario, for each client (then the reference tool): one run. \
                The tables show the median of the rounds per figure; ± is half the range of the main figure over \
                the rounds, in % of its median.
                - **Load.** A closed loop: N requests in flight, each completion (on the client's own thread) starting \
                the next; no harness thread per request. The loop runs without a break from the first warm-up \
                request to the end of the timed window, which is cut out of that steady state (counts, latencies, \
                CPU and allocation read at its two edges), as wrk and h2load measure. The warm-up is long (30 s by \
                default) because the client runs on one CPU, which its JIT compilers share: with 10 s, the larger \
                clients were still compiling their hot paths in the window, and the ranking changed from run to \
                run. Halfway through the warm-up the harness does once what the window's start does (read /proc, \
                flip the latency histogram, whose range is fixed so it never resizes), so that the real start takes \
                no path for the first time and makes the JIT recompile the loop inside the window; each result's \
                `jitMsInWindow` (in the raw results) is the JIT's compile time during the window (elapsed, from the \
                JVM), and `jitCpuUsInWindow` the CPU its compiler threads used in it (from /proc). Every response is \
                checked: status 200, and for S4 exactly 100 MiB; any error fails the run. S6 runs its own phases \
                (below).
                - **Latency**: per request, start to completion, in an HdrHistogram (p50, p99, p99.9).
                - **CPU**: the client process's user + system time over the window (`/proc/self/stat`, all threads \
                including GC and JIT), divided by the requests (S4: by the MiB). wrk and h2load: `/usr/bin/time -f \
                "%U %S"` of their timed run (their warm-up is a separate run).
                - **Allocation**: Java heap bytes allocated over the window per request (S4: per MiB), from \
                `com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()` (all threads, exited ones \
                included). Off-heap (direct) buffers are not counted, so a client that pools direct buffers \
                (the Netty-based ones) shows less than one that reads into heap arrays; the harness adds the same \
                small per-request allocation (a completion callback) to every client.
                - **Peak RSS**: `VmHWM` of the client process at the end of the run (warm-up included).
                - **Server CPU**: nginx's worker CPU time over the window, in % of one core. Near 100 % the server is \
                the limit and req/s stop telling the clients apart; CPU per request still does.
                - **S5 upload**: nginx reads each 1 MiB body whole before it answers (the mirror module's \
                `mirror_request_body on`; a plain `return 200` would answer first and discard the body after).
                - **S6 idle connections**: the client's pool allows 1,000 connections. Warm-up: bursts of 1,000 \
                concurrent GETs of /slow by throwaway clients of the same configuration, each closed after its \
                burst, so that the measured client runs compiled code (the JIT's own native memory moves RSS by \
                megabytes). Then the measured client: 1 s on /small with 8 in flight; settle (the JIT idle for \
                1 s, HotSpot's spare compiler arenas freed, full GC); baseline (RSS, live heap, the process's \
                established connections to the server counted in `/proc/self/net/tcp*`); 1,000 concurrent GETs \
                of /slow (2 KiB, which nginx sends at 512 B/s so that each holds its own connection 4–5 s); \
                1 s idle; full GC; again, within ~2 s of the burst (some pools close idle connections after \
                5 s). Per connection: live-heap delta plus native-memory delta, divided by the connections \
                the burst added (a pool that reuses a connection instead of opening one, or closes idle ones \
                early, shows fewer than 1,000). Native memory is what HotSpot's Native Memory Tracking \
                (`-XX:NativeMemoryTracking=summary`, read in-process as `jcmd` prints it) reports committed \
                for thread stacks, malloc'd and direct or Unsafe memory and the other categories a connection \
                can use; the JVM's own machinery (heap, GC, classes, code and compiler, symbols, arenas) is \
                left out, since it moves with the JIT and the collector, not with connections. Memory that \
                native libraries malloc themselves and the kernel's socket buffers are in no category. The \
                RSS delta (the heap is pre-touched with `-XX:+AlwaysPreTouch`, so it shows native memory only) \
                is given for reference: it moves by megabytes with the JVM's own native memory, a signal as \
                large as the one measured. CPU/connection is the burst's CPU per request, connection set-up \
                included.
                - **References**: wrk (HTTP/1.1) and h2load (HTTP/2), one thread, at the scenario's concurrency; \
                they show how close to the server's limit a client gets. h2load reports no latency percentiles.

                """);
    }

    private void scenario(StringBuilder b, Scenario s) {
        b.append("## ").append(s).append(" — ").append(s.title).append("\n\n");
        Map<String, List<Result>> byClient = results.getOrDefault(s, Map.of());
        List<String> rows = rows(s);
        switch (s.kind) {
            case GET, UPLOAD -> {
                boolean upload = s.kind == Scenario.Kind.UPLOAD;
                b.append("| Client | req/s | ± |").append(upload ? " MiB/s |" : "")
                        .append(" p50 µs | p99 µs | p99.9 µs | CPU µs/req | alloc B/req | peak RSS MiB | server CPU % |\n");
                b.append("|---|--:|--:|").append(upload ? "--:|" : "").append("--:|--:|--:|--:|--:|--:|--:|\n");
                for (String c : rows) {
                    if (failed(b, s, c, upload ? 11 : 10)) {
                        continue;
                    }
                    b.append("| ").append(label(c)).append(" | ").append(num(median(s, c, REQ_PER_SEC))).append(" | ")
                            .append(spread(byClient.get(c), REQ_PER_SEC)).append(" | ");
                    if (upload) {
                        b.append(num(median(s, c, r -> r.mibPerSec))).append(" | ");
                    }
                    b.append(num(median(s, c, r -> r.p50Us))).append(" | ")
                            .append(num(median(s, c, r -> r.p99Us))).append(" | ")
                            .append(num(median(s, c, r -> r.p999Us))).append(" | ")
                            .append(num(median(s, c, CPU_PER_REQ))).append(" | ")
                            .append(num(median(s, c, r -> r.allocBytesPerReq))).append(" | ")
                            .append(mib(median(s, c, r -> r.peakRssKiB == null ? null : r.peakRssKiB.doubleValue())))
                            .append(" | ").append(num(median(s, c, r -> r.serverCpuPct))).append(" |\n");
                }
            }
            case DOWNLOAD -> {
                b.append("| Client | MiB/s | ± | CPU µs/MiB | alloc B/MiB | peak RSS MiB | server CPU % |\n");
                b.append("|---|--:|--:|--:|--:|--:|--:|\n");
                for (String c : rows) {
                    if (failed(b, s, c, 7)) {
                        continue;
                    }
                    b.append("| ").append(label(c)).append(" | ").append(num(median(s, c, MIB_PER_SEC))).append(" | ")
                            .append(spread(byClient.get(c), MIB_PER_SEC)).append(" | ")
                            .append(num(median(s, c, CPU_PER_MIB))).append(" | ")
                            .append(num(median(s, c, r -> r.allocBytesPerMiB))).append(" | ")
                            .append(mib(median(s, c, r -> r.peakRssKiB == null ? null : r.peakRssKiB.doubleValue())))
                            .append(" | ").append(num(median(s, c, r -> r.serverCpuPct))).append(" |\n");
                }
            }
            case IDLE -> {
                b.append("| Client | connections | KiB/conn (heap + native) | ± | heap KiB/conn | native KiB/conn "
                        + "| RSS KiB/conn | CPU µs/conn (burst) | alloc B/conn (burst) |\n");
                b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
                for (String c : rows) {
                    if (failed(b, s, c, 9)) {
                        continue;
                    }
                    b.append("| ").append(label(c)).append(" | ")
                            .append(num(median(s, c, r -> r.idleConnections == null ? null : r.idleConnections.doubleValue())))
                            .append(" | ").append(num(median(s, c, KIB_PER_CONN))).append(" | ")
                            .append(spread(byClient.get(c), KIB_PER_CONN)).append(" | ")
                            .append(num(median(s, c, r -> r.heapKiBPerConn))).append(" | ")
                            .append(num(median(s, c, r -> r.nativeKiBPerConn))).append(" | ")
                            .append(num(median(s, c, r -> r.rssKiBPerConn))).append(" | ")
                            .append(num(median(s, c, CPU_PER_CONN))).append(" | ")
                            .append(num(median(s, c, r -> r.allocBytesPerReq))).append(" |\n");
                }
            }
        }
        b.append('\n');
        for (Metric m : headline(s)) {
            Double courier = median(s, COURIER, m);
            Optional<Map.Entry<String, Double>> best = best(s, m);
            b.append("- Courier's ").append(m.label).append(" ÷ best peer's");
            b.append(best.map(e -> " (" + e.getKey() + ")").orElse("")).append(": **")
                    .append(ratio(courier, best.map(Map.Entry::getValue).orElse(null))).append("**");
            String ref = References.toolFor(s).filter(references::contains).orElse(null);
            if (ref != null && s.kind != Scenario.Kind.IDLE) {
                b.append("; ÷ ").append(ref).append("'s: **").append(ratio(courier, median(s, ref, m))).append("**");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** Writes a failure row (of a table of {@code columns}) for a client without results; false otherwise. */
    private boolean failed(StringBuilder b, Scenario s, String client, int columns) {
        String failure = failures.getOrDefault(s, Map.of()).get(client);
        String refused = unsupported.getOrDefault(s, Map.of()).get(client);
        if (results.getOrDefault(s, Map.of()).containsKey(client)) {
            return false;
        }
        String why = refused != null ? "not supported (" + s.protocol + ")"
                : "FAILED: " + (failure == null ? "no result" : failure.replace("|", "\\|"));
        b.append("| ").append(label(client)).append(" | ").append(why).append(" |")
                .append(" |".repeat(columns - 2)).append('\n');
        return true;
    }

    /** The clients in order, then the scenario's reference. */
    private List<String> rows(Scenario s) {
        List<String> rows = new ArrayList<>(o.clients);
        References.toolFor(s).filter(references::contains).ifPresent(rows::add);
        return rows;
    }

    private String label(String client) {
        if (client.equals(COURIER)) {
            return "**courier**";
        }
        return references.contains(client) ? client + " (reference)" : client;
    }

    private Double median(Scenario s, String client, Metric m) {
        return median(s, client, m.value);
    }

    private Double median(Scenario s, String client, Function<Result, Double> f) {
        List<Result> rs = results.getOrDefault(s, Map.of()).get(client);
        if (rs == null) {
            return null;
        }
        List<Double> v = rs.stream().map(f).filter(Objects::nonNull).sorted().toList();
        if (v.isEmpty()) {
            return null;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** The best peer (not Courier, not a reference) for {@code m}. */
    private Optional<Map.Entry<String, Double>> best(Scenario s, Metric m) {
        Comparator<Map.Entry<String, Double>> byValue = Map.Entry.comparingByValue();
        return o.clients.stream()
                .filter(c -> !c.equals(COURIER))
                .map(c -> Map.entry(c, Optional.ofNullable(median(s, c, m)).orElse(Double.NaN)))
                .filter(e -> !e.getValue().isNaN())
                .max(m.higherIsBetter ? byValue : byValue.reversed());
    }

    private static String spread(List<Result> rs, Metric m) {
        if (rs == null || rs.size() < 2) {
            return "–";
        }
        List<Double> v = rs.stream().map(m.value).filter(Objects::nonNull).sorted().toList();
        if (v.size() < 2) {
            return "–";
        }
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return String.format(Locale.ROOT, "%.1f%%", 100 * (v.get(n - 1) - v.get(0)) / 2 / median);
    }

    private static String ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String num(Double d) {
        if (d == null || d.isNaN()) {
            return "–";
        }
        double a = Math.abs(d);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", d);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String mib(Double kib) {
        return kib == null ? "–" : String.format(Locale.ROOT, "%.0f", kib / 1024);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * One row per scenario: its throughput (or memory) chart and its CPU chart, a bar per client,
     * Courier's in orange, the references' in grey.
     */
    private void chart(Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (Scenario s : o.scenarios) {
            for (Metric m : headline(s)) {
                List<String> names = new ArrayList<>();
                List<Double> courier = new ArrayList<>();
                List<Double> peers = new ArrayList<>();
                List<Double> refs = new ArrayList<>();
                for (String c : rows(s)) {
                    boolean ref = references.contains(c);
                    Double v = median(s, c, m);
                    names.add(ref ? c + " (ref)" : c);
                    courier.add(c.equals(COURIER) ? rounded(v) : null);
                    peers.add(!ref && !c.equals(COURIER) ? rounded(v) : null);
                    refs.add(ref ? rounded(v) : null);
                }
                CategoryChart chart = new CategoryChartBuilder().width(640).height(320)
                        .title(s + ": " + m.label + (m.higherIsBetter ? " (higher is better)" : " (lower is better)"))
                        .build();
                CategoryStyler st = chart.getStyler();
                st.setLegendVisible(false);
                st.setChartBackgroundColor(Color.WHITE);
                st.setPlotGridVerticalLinesVisible(false);
                st.setXAxisLabelRotation(names.size() > 5 ? 30 : 0);
                st.setYAxisMin(0.0);
                st.setYAxisDecimalPattern("#,##0.##");
                st.setOverlapped(true);
                st.setLabelsVisible(true);
                st.setLabelsFontColorAutomaticEnabled(false);
                st.setLabelsFontColor(Color.DARK_GRAY);
                st.setLabelsPosition(1.0);
                st.setChartTitleBoxVisible(false);
                st.setSeriesColors(new Color[] {new Color(0xdd6b20), new Color(0x2b6cb0), new Color(0x8a8a8a)});
                chart.addSeries("courier", names, courier);
                chart.addSeries("peers", names, peers);
                chart.addSeries("references", names, refs);
                charts.add(chart);
            }
        }
        BitmapEncoder.saveBitmap(charts, o.scenarios.size(), 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Three significant figures or so, for the bar labels. */
    private static Double rounded(Double d) {
        if (d == null || d.isNaN()) {
            return null;
        }
        double scale = Math.abs(d) >= 100 ? 1 : Math.abs(d) >= 10 ? 10 : 100;
        return Math.round(d * scale) / scale;
    }

    private static Optional<String> cpuinfo() {
        return Proc.read(Path.of("/proc/cpuinfo")).lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
    }

    private static long meminfo() {
        return Proc.read(Path.of("/proc/meminfo")).lines().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
    }

    private static String osRelease() {
        Path p = Path.of("/etc/os-release");
        if (!Files.exists(p)) {
            return "unknown OS";
        }
        return Proc.read(p).lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("unknown OS");
    }
}
