package dev.courier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import one.profiler.AsyncProfiler;

/**
 * Profiles a client process over its timed window only (warm-up and JIT excluded) with
 * async-profiler, when the runner asks for it ({@code peers.sh --profile cpu|alloc|wall|itimer}
 * sets {@code -Dcourier.bench.profile=EVENT -Dcourier.bench.profileOut=PATH}). Writes
 * {@code PATH.collapsed} (folded stacks, one line per stack, for scripts) and {@code PATH.html}
 * (a flame graph).
 *
 * <pre>
 * sh courier-bench/peers.sh --clients courier --scenarios S2 --rounds 1 --profile cpu
 * # then: work/profiles/r1-S2-courier.cpu.html
 * </pre>
 *
 * <p>{@code cpu} needs perf events (kernel.perf_event_paranoid at most 2 for own processes);
 * {@code itimer} works everywhere.
 */
final class WindowProfiler {
    private final AsyncProfiler profiler;
    private final String event;
    private final Path out;

    private WindowProfiler(AsyncProfiler profiler, String event, Path out) {
        this.profiler = profiler;
        this.event = event;
        this.out = out;
    }

    /** A profiler when the system properties ask for one, else null. */
    static WindowProfiler fromSystemProperties() throws Exception {
        String event = System.getProperty("courier.bench.profile");
        if (event == null || event.isEmpty()) {
            return null;
        }
        Path out = Path.of(System.getProperty("courier.bench.profileOut", "profile." + event));
        Files.createDirectories(out.toAbsolutePath().getParent());
        return new WindowProfiler(AsyncProfiler.getInstance(), event, out);
    }

    void start() throws Exception {
        String options = switch (event) {
            case "alloc" -> "event=alloc,alloc=64k";
            case "wall" -> "event=wall,interval=1ms";
            case "cpu", "itimer" -> "event=" + event + ",interval=1ms";
            default -> throw new IllegalArgumentException("unknown profile event " + event
                    + " (cpu, itimer, alloc or wall)");
        };
        profiler.execute("start," + options);
    }

    void stop() throws Exception {
        profiler.execute("stop");
        profiler.execute("collapsed,file=" + out + ".collapsed");
        profiler.execute("flamegraph,file=" + out + ".html");
    }
}
