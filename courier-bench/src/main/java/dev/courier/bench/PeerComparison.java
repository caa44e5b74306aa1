package dev.courier.bench;

import dev.courier.bench.peers.BenchClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The peer comparison: every scenario for every client, each client run in a fresh JVM of its
 * own ({@link ClientProcess}) against nginx in a process of its own ({@link NginxServer}), with
 * wrk and h2load as references, in interleaved rounds (for each round, for each scenario, for each
 * client); writes a Markdown report with the median of the rounds and a PNG chart.
 *
 * <pre>
 * sh courier-bench/peers.sh [--clients courier,jdk,...] [--scenarios S1,S2,...] [--rounds 3]
 *     [--warmup 30s] [--duration 10s] [--out BENCHMARKS.md] [--java /path/to/java]
 *     [--jvm-arg -XX:...]... [--profile cpu|itimer|alloc|wall] [--no-references] [--no-pin] [--keep-going] [--work DIR]
 * </pre>
 *
 * <p>Any error of a client (or reference) fails the run at once, naming the client, scenario and
 * round, with the end of its log; {@code --keep-going} records the failure instead, goes on, and
 * exits 1 at the end.
 */
public final class PeerComparison {
    /** JVM flags of every client process, after the heap flags (see {@link Scenario#heapFlags}). */
    static final List<String> COMMON_JVM_FLAGS = List.of("-XX:+UseG1GC");
    /** Extra time a client process gets beyond its warm-up and window before it is killed. */
    private static final Duration PROCESS_SLACK = Duration.ofSeconds(200);

    private final Options o;
    private final Path work;
    private final Pinning pinning;
    private final Map<Scenario, Map<String, List<Result>>> results = new LinkedHashMap<>();
    private final Map<Scenario, Map<String, String>> failures = new LinkedHashMap<>();
    private final Map<Scenario, Map<String, String>> unsupported = new LinkedHashMap<>();
    private final PrintWriter raw;
    /** TCP's congestion control as the run started (the report's machine note). */
    private final String congestionControl;

    private PeerComparison(Options o, Path work, Pinning pinning, PrintWriter raw, String congestionControl) {
        this.o = o;
        this.work = work;
        this.pinning = pinning;
        this.raw = raw;
        this.congestionControl = congestionControl;
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("peer comparison: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return;
        }
        if (o.fromResults != null) {
            System.setProperty("java.awt.headless", "true");
            reportOnly(o.fromResults, o.out);
            return;
        }
        for (String c : o.clients) {
            if (!BenchClients.names().contains(c)) {
                System.err.println("peer comparison: unknown client '" + c + "'; known: " + String.join(",", BenchClients.names()));
                System.exit(2);
            }
        }
        if (!NginxServer.installed()) {
            System.err.println("peer comparison: nginx is not installed (" + NginxServer.NGINX + "). The comparison "
                    + "needs it as its server: apt-get install nginx-light (or nginx), then run again.");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path work = o.work != null ? o.work
                : Files.createTempDirectory("courier-peers-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-");
        Files.createDirectories(work.resolve("logs"));
        Pinning pinning = Pinning.choose(!o.noPin);
        Files.createDirectories(o.out.toAbsolutePath().getParent());
        Path rawFile = Report.siblingWithExtension(o.out, ".jsonl");
        int exit;
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(rawFile, StandardCharsets.UTF_8))) {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("type", "run");
            header.put("args", args);
            header.put("command", command(args));
            String congestionControl = Proc.tcpCongestionControl();
            header.put("tcpCongestionControl", congestionControl);
            raw.println(Result.JSON.writeValueAsString(header));
            exit = new PeerComparison(o, work, pinning, raw, congestionControl).run(args);
        }
        System.exit(exit);
    }

    /**
     * --from-results: writes the report of an earlier run again from its raw results (the .jsonl
     * next to its report), with the options of that run; this machine's description.
     */
    private static void reportOnly(Path jsonl, Path out) throws Exception {
        Options o = null;
        String command = null;
        String congestionControl = null;
        Duration took = Duration.ZERO;
        ZonedDateTime finished = null;
        Map<Scenario, Map<String, List<Result>>> results = new LinkedHashMap<>();
        Map<Scenario, Map<String, String>> unsupported = new LinkedHashMap<>();
        List<String> references = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (line.contains("\"type\":\"run\"")) {
                var header = Result.JSON.readTree(line);
                List<String> args = new ArrayList<>();
                header.get("args").forEach(a -> args.add(a.asText()));
                o = Options.parse(args.toArray(String[]::new));
                command = header.get("command").asText();
                if (header.hasNonNull("tcpCongestionControl")) {
                    congestionControl = header.get("tcpCongestionControl").asText();
                }
            } else if (line.contains("\"type\":\"end\"")) {
                var end = Result.JSON.readTree(line);
                took = Duration.ofSeconds(end.get("tookSeconds").asLong());
                if (end.hasNonNull("finished")) {
                    finished = ZonedDateTime.parse(end.get("finished").asText());
                }
            } else {
                Result r = Result.parse(line);
                if (r != null && Boolean.TRUE.equals(r.unsupported)) {
                    unsupported.computeIfAbsent(Scenario.parse(r.scenario), k -> new LinkedHashMap<>()).put(r.client, r.error);
                } else if (r != null) {
                    results.computeIfAbsent(Scenario.parse(r.scenario), k -> new LinkedHashMap<>())
                            .computeIfAbsent(r.client, k -> new ArrayList<>()).add(r);
                    if (Boolean.TRUE.equals(r.reference) && !references.contains(r.client)) {
                        references.add(r.client);
                    }
                }
            }
        }
        if (o == null) {
            throw new IllegalArgumentException(jsonl + " has no run header");
        }
        o.out = out;
        new Report(o, results, Map.of(), unsupported, Pinning.choose(!o.noPin), references, command, took,
                finished, congestionControl).write();
        log("wrote " + out + " and " + Report.siblingWithExtension(out, ".png") + " from " + jsonl);
    }

    private int run(String[] args) throws Exception {
        log("work directory: " + work + " (logs in " + work.resolve("logs") + ")");
        log(pinning.describe());
        List<String> references = new ArrayList<>();
        if (!o.noReferences) {
            for (String tool : List.of("wrk", "h2load")) {
                if (References.available(tool)) {
                    references.add(tool);
                } else {
                    log(tool + " is not installed: its reference rows are left out (apt-get install -y "
                            + (tool.equals("wrk") ? "wrk" : "nghttp2-client") + ")");
                }
            }
        }
        long start = System.nanoTime();
        try (NginxServer server = NginxServer.start(work.resolve("nginx"), pinning.serverCpu)) {
            log("nginx " + NginxServer.version() + ": http " + server.httpPort + ", https+h2 " + server.tlsPort
                    + ", h2c " + server.h2cPort);
            for (int round = 1; round <= o.rounds; round++) {
                int r = round;
                for (Scenario s : o.scenarios) {
                    for (String client : o.clients) {
                        if (unsupported.getOrDefault(s, Map.of()).containsKey(client)) {
                            continue;
                        }
                        if (!attempt(r, s, client, () -> runClient(server, r, s, client))) {
                            return 1;
                        }
                    }
                    String tool = References.toolFor(s).orElse(null);
                    if (tool != null && references.contains(tool)) {
                        if (!attempt(r, s, tool, () -> runReference(server, r, s, tool))) {
                            return 1;
                        }
                    }
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        ZonedDateTime finished = ZonedDateTime.now(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS);
        raw.println("{\"type\":\"end\",\"tookSeconds\":" + took.toSeconds() + ",\"finished\":\"" + finished + "\"}");
        raw.flush();
        Report report = new Report(o, results, failures, unsupported, pinning, references, command(args), took,
                finished, congestionControl);
        report.write();
        log("wrote " + o.out + " and " + Report.siblingWithExtension(o.out, ".png") + " (raw results: "
                + Report.siblingWithExtension(o.out, ".jsonl") + ")");
        if (!failures.isEmpty()) {
            log("FAILED runs (--keep-going): " + failures);
            return 1;
        }
        return 0;
    }

    private interface Step {
        Result run() throws Exception;
    }

    /** The client cannot speak the scenario's protocol: skipped in every round, shown as such. */
    private static final class UnsupportedRun extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Result result;

        UnsupportedRun(Result result) {
            super(result.error, null, false, false);
            this.result = result;
        }
    }

    /** Runs one step; on failure, stops the run (false) or, with --keep-going, records it. */
    private boolean attempt(int round, Scenario s, String client, Step step) {
        log("round " + round + "/" + o.rounds + " " + s + " " + client + " ...");
        try {
            Result r = step.run();
            r.round = round;
            results.computeIfAbsent(s, k -> new LinkedHashMap<>()).computeIfAbsent(client, k -> new ArrayList<>()).add(r);
            raw.println(r.toJson());
            raw.flush();
            log("  " + summary(s, r));
            return true;
        } catch (UnsupportedRun e) {
            unsupported.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(client, e.getMessage());
            raw.println(e.result.toJson());
            raw.flush();
            log("  skipped, not supported: " + e.getMessage());
            return true;
        } catch (Exception e) {
            String message = "client '" + client + "' failed in scenario " + s + " (round " + round + "): " + e.getMessage();
            System.err.println();
            System.err.println("peer comparison: " + message);
            if (o.keepGoing) {
                failures.computeIfAbsent(s, k -> new LinkedHashMap<>()).putIfAbsent(client, firstLine(e.getMessage()));
                return true;
            }
            System.err.println("peer comparison: stopped (--keep-going records failures and goes on).");
            return false;
        }
    }

    /** One client process: start it, follow its events, and check its result. */
    private Result runClient(NginxServer server, int round, Scenario s, String client) throws Exception {
        List<String> cmd = new ArrayList<>(pinning.clientPrefix());
        cmd.add(o.java);
        cmd.addAll(s.heapFlags());
        cmd.addAll(COMMON_JVM_FLAGS);
        if (s.kind == Scenario.Kind.IDLE) {
            cmd.add("-XX:+AlwaysPreTouch");
            cmd.add("-XX:NativeMemoryTracking=summary");
        }
        cmd.addAll(o.jvmArgs);
        String name = "r" + round + "-" + s + "-" + client;
        if (o.profile != null) {
            cmd.add("-Dcourier.bench.profile=" + o.profile);
            cmd.add("-Dcourier.bench.profileOut=" + work.resolve("profiles").resolve(name + "." + o.profile));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClientProcess.class.getName(),
                "--client", client, "--scenario", s.name(),
                "--http-port", Integer.toString(server.httpPort),
                "--tls-port", Integer.toString(server.tlsPort),
                "--h2c-port", Integer.toString(server.h2cPort),
                "--ca", server.caPem.toString(),
                "--warmup-ms", Long.toString(o.warmup.toMillis()),
                "--duration-ms", Long.toString(o.duration.toMillis())));
        Path err = work.resolve("logs").resolve(name + ".err");
        Path out = work.resolve("logs").resolve(name + ".out");
        Files.writeString(err, String.join(" ", cmd) + "\n\n");
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .start();
        Duration limit = o.warmup.plus(o.duration).plus(PROCESS_SLACK);
        Watchdog watchdog = new Watchdog(p, limit);
        Result result = null;
        long cpu0 = 0;
        long t0 = 0;
        Double serverCpu = null;
        int status;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                w.println(line);
                if (line.contains("\"event\":\"window-start\"")) {
                    cpu0 = server.workerCpuUs();
                    t0 = System.nanoTime();
                } else if (line.contains("\"event\":\"window-end\"")) {
                    long us = (System.nanoTime() - t0) / 1000;
                    serverCpu = us > 0 ? 100.0 * (server.workerCpuUs() - cpu0) / us : null;
                } else {
                    Result parsed = Result.parse(line);
                    if (parsed != null) {
                        result = parsed;
                    }
                }
            }
            status = p.waitFor();
        } finally {
            watchdog.cancel();
            p.destroyForcibly();
        }
        if (watchdog.fired) {
            throw new IOException("killed after " + limit.toSeconds() + " s" + tail(err, out));
        }
        if (result == null) {
            throw new IOException("exited with status " + status + " without a result line" + tail(err, out));
        }
        if (status == 0 && Boolean.TRUE.equals(result.unsupported)) {
            throw new UnsupportedRun(result);
        }
        if (status != 0 || result.errors == null || result.errors > 0) {
            throw new IOException((result.error != null ? result.error : "exit status " + status)
                    + " (errors: " + result.errors + ", exit status " + status + ")" + tail(err, out));
        }
        if (!server.alive()) {
            throw new IOException("nginx is gone: " + server.log());
        }
        result.serverCpuPct = serverCpu;
        return result;
    }

    /** One reference tool: a warm-up run, then the timed run under /usr/bin/time. */
    private Result runReference(NginxServer server, int round, Scenario s, String tool) throws Exception {
        String name = "r" + round + "-" + s + "-" + tool;
        Path log = work.resolve("logs").resolve(name + ".out");
        Files.writeString(log, "");
        long warm = Math.max(1, Math.round(o.warmup.toMillis() / 1000.0));
        long timed = Math.max(1, Math.round(o.duration.toMillis() / 1000.0));
        exec(References.command(tool, s, server, warm, work), log);
        Path time = work.resolve("logs").resolve(name + ".time");
        List<String> cmd = new ArrayList<>(List.of(References.TIME.toString(), "-f", "%U %S", "-o", time.toString()));
        cmd.addAll(References.command(tool, s, server, timed, work));
        long cpu0 = server.workerCpuUs();
        long t0 = System.nanoTime();
        String output = exec(cmd, log);
        long us = (System.nanoTime() - t0) / 1000;
        long cpu1 = server.workerCpuUs();
        List<String> timeLines = Files.readAllLines(time);
        Result r = References.parse(tool, s, output, timeLines.get(timeLines.size() - 1));
        if (r.errors > 0) {
            throw new IOException(r.error + " (log: " + log + ")");
        }
        r.serverCpuPct = 100.0 * (cpu1 - cpu0) / us;
        return r;
    }

    /** Runs a command (pinned like the clients), appending its output to {@code log}; fails on a non-zero exit. */
    private String exec(List<String> command, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(pinning.clientPrefix());
        cmd.addAll(command);
        Files.writeString(log, "$ " + String.join(" ", cmd) + "\n", StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Watchdog watchdog = new Watchdog(p, o.warmup.plus(o.duration).plus(PROCESS_SLACK));
        String output;
        int status;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor();
        } finally {
            watchdog.cancel();
            p.destroyForcibly();
        }
        Files.writeString(log, output + "\n", StandardOpenOption.APPEND);
        if (status != 0 || watchdog.fired) {
            throw new IOException(command.get(0) + " exited with status " + status + ": " + output.strip()
                    + " (log: " + log + ")");
        }
        return output;
    }

    /** The logs' paths and their last lines (the JVM prints its start-up errors to stdout). */
    private static String tail(Path err, Path out) {
        StringBuilder b = new StringBuilder("\n  logs: ").append(err).append(", ").append(out);
        try {
            List<String> errLines = Files.readAllLines(err);
            // The first two lines are the command and a blank line.
            tail(b, "stderr", errLines.subList(Math.min(2, errLines.size()), errLines.size()));
            tail(b, "stdout", Files.readAllLines(out).stream().filter(l -> !l.startsWith("{")).toList());
        } catch (IOException e) {
            // the paths will do
        }
        return b.toString();
    }

    private static void tail(StringBuilder b, String name, List<String> lines) {
        if (!lines.isEmpty()) {
            b.append("\n  last lines of its ").append(name).append(':');
            lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> b.append("\n    | ").append(l));
        }
    }

    private static String summary(Scenario s, Result r) {
        return switch (s.kind) {
            case DOWNLOAD -> String.format("%.0f MiB/s, CPU %.0f µs/MiB", r.mibPerSec,
                    r.cpuUsPerMiB == null ? Double.NaN : r.cpuUsPerMiB);
            case IDLE -> String.format("%d connections, heap %.1f KiB/conn, native %.1f KiB/conn, RSS %.1f KiB/conn",
                    r.idleConnections, nan(r.heapKiBPerConn), nan(r.nativeKiBPerConn), nan(r.rssKiBPerConn));
            default -> String.format("%.0f req/s, p50 %s µs, CPU %.1f µs/req%s", r.reqPerSec,
                    r.p50Us == null ? "-" : String.format("%.0f", r.p50Us), nan(r.cpuUsPerReq),
                    r.serverCpuPct == null ? "" : String.format(", server CPU %.0f%%", r.serverCpuPct));
        };
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static String command(String[] args) {
        String c = System.getProperty("bench.command");
        if (c != null && !c.isBlank()) {
            return c.strip();
        }
        return "java -cp <courier-bench class path> " + PeerComparison.class.getName() + " " + String.join(" ", args);
    }

    private static void log(String message) {
        System.out.println("[peers " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + message);
    }

    /** Kills a process that outlives its time, or the runner. */
    private static final class Watchdog {
        volatile boolean fired;
        private final Thread thread;
        private final Thread hook;

        Watchdog(Process p, Duration limit) {
            hook = new Thread(p::destroyForcibly, "client-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            thread = new Thread(() -> {
                try {
                    if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                        fired = true;
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                } catch (InterruptedException ignored) {
                    // cancelled
                }
            }, "watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        void cancel() {
            thread.interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    /**
     * CPU placement: on a machine with two or more CPUs (and taskset), nginx's one worker is
     * pinned to the last CPU and the clients (and wrk, h2load) to the others, so that the server
     * never takes the client's CPU and the client JVM sees the same CPUs in every run.
     */
    record Pinning(int serverCpu, String clientCpus) {
        static Pinning choose(boolean wanted) {
            int n = Runtime.getRuntime().availableProcessors();
            if (!wanted || n < 2 || Tools.which("taskset").isEmpty()) {
                return new Pinning(-1, null);
            }
            return new Pinning(n - 1, n == 2 ? "0" : "0-" + (n - 2));
        }

        List<String> clientPrefix() {
            return clientCpus == null ? List.of() : List.of("taskset", "-c", clientCpus);
        }

        String describe() {
            return clientCpus == null
                    ? "not pinned: nginx (one worker) and the clients share all CPUs"
                    : "nginx's worker pinned to CPU " + serverCpu + "; clients, wrk and h2load to CPU " + clientCpus;
        }
    }

    /** The command line. */
    static final class Options {
        static final String USAGE = """
                usage: sh courier-bench/peers.sh [options]   (or: java -cp <class path> dev.courier.bench.PeerComparison [options])
                  --clients a,b,...     clients to compare (default: all, %s)
                  --scenarios S1,...    scenarios (default: all, %s)
                  --rounds N            interleaved rounds; the report shows the median (default 3)
                  --warmup 30s          warm-up per run (ms, s or m; default 30s)
                  --duration 10s        timed window per run (default 10s)
                  --out BENCHMARKS.md   the report; the chart (.png) and raw results (.jsonl) go next to it
                  --java PATH           the java of the client processes (default: this JVM's)
                  --jvm-arg FLAG        an extra JVM flag for every client process (repeatable)
                  --profile EVENT       profile each client's timed window with async-profiler (cpu, itimer,
                                        alloc or wall): work/profiles/<run>.<event>.html and .collapsed
                  --no-references       do not run wrk and h2load
                  --no-pin              do not pin nginx and the clients to separate CPUs
                  --keep-going          record a failing run and go on (exit status 1 at the end)
                  --work DIR            working directory for nginx's files and the logs (default: a new temp dir)
                  --from-results F      only write the report (--out) again from an earlier run's raw results F (.jsonl)
                """.formatted(String.join(",", BenchClients.names()),
                Arrays.stream(Scenario.values()).map(Enum::name).collect(Collectors.joining(",")));

        List<String> clients = BenchClients.names();
        List<Scenario> scenarios = List.of(Scenario.values());
        int rounds = 3;
        // The client has one CPU, shared with its JIT: 10 s left the larger clients compiling in the window.
        Duration warmup = Duration.ofSeconds(30);
        Duration duration = Duration.ofSeconds(10);
        Path out = Path.of("BENCHMARKS.md");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvmArgs = new ArrayList<>();
        boolean noReferences;
        boolean noPin;
        boolean keepGoing;
        boolean help;
        Path work;
        Path fromResults;
        String profile;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--no-references" -> o.noReferences = true;
                    case "--no-pin" -> o.noPin = true;
                    case "--keep-going" -> o.keepGoing = true;
                    default -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("unknown option or missing value: " + a);
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--clients" -> o.clients = Arrays.stream(v.split(",")).map(String::trim)
                                    .filter(x -> !x.isEmpty()).toList();
                            case "--scenarios" -> o.scenarios = Arrays.stream(v.split(",")).map(String::trim)
                                    .filter(x -> !x.isEmpty()).map(Scenario::parse).toList();
                            case "--rounds" -> o.rounds = Integer.parseInt(v);
                            case "--warmup" -> o.warmup = duration(v);
                            case "--duration" -> o.duration = duration(v);
                            case "--out" -> o.out = Path.of(v);
                            case "--java" -> o.java = v;
                            case "--jvm-arg" -> o.jvmArgs.add(v);
                            case "--work" -> o.work = Path.of(v);
                            case "--from-results" -> o.fromResults = Path.of(v);
                            case "--profile" -> o.profile = v;
                            default -> throw new IllegalArgumentException("unknown option: " + a);
                        }
                    }
                }
            }
            if (o.rounds < 1 || o.clients.isEmpty() || o.scenarios.isEmpty() || o.duration.isZero()) {
                throw new IllegalArgumentException("need at least one round, client, scenario and a non-zero duration");
            }
            return o;
        }

        static Duration duration(String v) {
            String s = v.trim().toLowerCase();
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        }
    }
}
