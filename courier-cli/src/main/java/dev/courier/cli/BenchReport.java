package dev.courier.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The report of a {@link LoadTest}: a text page for people (totals, latency percentiles, a latency
 * histogram drawn with bars, status codes, errors by kind) or one JSON object for machines, with
 * the same numbers. Latencies are measured in microseconds and shown in milliseconds (seconds from
 * one second up).
 *
 * <pre>{@code
 * LoadTest.Result result = new LoadTest(settings).run(null);
 * BenchReport.text(result, out);                        // the page, as wide as the terminal
 * out.println(BenchReport.json(result).toString());     // or the object
 * }</pre>
 */
final class BenchReport {
    /** The percentiles reported, with their labels. */
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};
    private static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p99.9"};

    private BenchReport() {}

    /** Writes the text report, as wide as {@link Terminal#width()}, with block bars where the output charset has them. */
    static void text(LoadTest.Result result, PrintWriter out) {
        text(result, out, Terminal.width(), blocksEncodable());
    }

    /**
     * Writes the text report.
     *
     * @param width   the columns the histogram's bars may fill
     * @param unicode whether to draw bars with {@code █} (else {@code #})
     */
    static void text(LoadTest.Result result, PrintWriter out, int width, boolean unicode) {
        LoadTest.Settings s = result.settings();
        out.println(s.method() + " " + s.url());
        out.println("  " + count(s.concurrency()) + " concurrent, " + bounds(s)
                + (result.httpVersions().isEmpty() ? "" : ", " + String.join(" + ", result.httpVersions()))
                + (result.stopped() ? ", stopped early" : ""));
        out.println();
        out.printf(Locale.ROOT, "  %-12s %s (%s responses, %s errors)%n", "Requests", count(result.requests()),
                count(result.responses()), count(result.errors()));
        out.printf(Locale.ROOT, "  %-12s %s%n", "Duration", seconds(result.elapsed().toNanos() / 1e9));
        out.printf(Locale.ROOT, "  %-12s %.1f requests/s%n", "Throughput", result.requestsPerSecond());
        out.printf(Locale.ROOT, "  %-12s %s of bodies, %s/s%n", "Received", bytes(result.bytesReceived()),
                bytes((long) result.bytesPerSecond()));

        Histogram h = result.latency();
        if (h.getTotalCount() > 0) {
            out.println();
            out.println("Latency");
            latencyLine(out, "min", h.getMinValue());
            latencyLine(out, "mean", Math.round(h.getMean()));
            for (int i = 0; i < PERCENTILES.length; i++) {
                latencyLine(out, PERCENTILE_LABELS[i], h.getValueAtPercentile(PERCENTILES[i]));
            }
            latencyLine(out, "max", h.getMaxValue());
            out.printf(Locale.ROOT, "  %-7s %10s%n", "stdev", millis(Math.round(h.getStdDeviation())));
            histogram(out, h, width, unicode);
        }

        if (!result.statusCodes().isEmpty()) {
            out.println();
            out.println("Status codes");
            result.statusCodes().forEach((status, n) -> out.printf(Locale.ROOT, "  %-7d %10s%n", status, count(n)));
        }
        if (!result.errorCounts().isEmpty()) {
            out.println();
            out.println("Errors");
            int kindWidth = result.errorCounts().keySet().stream().mapToInt(String::length).max().orElse(0);
            result.errorCounts().forEach((kind, e) -> {
                String line = String.format(Locale.ROOT, "  %-" + Math.max(7, kindWidth) + "s %10s  ", kind,
                        count(e.count()));
                // The whole message, even past the width: it says what to fix, and a terminal wraps it.
                out.println(line + clip(e.example() == null ? "" : e.example(), 500));
            });
        }
        out.flush();
    }

    private static void latencyLine(PrintWriter out, String label, long micros) {
        out.printf(Locale.ROOT, "  %-7s %10s%n", label, millis(micros));
    }

    private static void histogram(PrintWriter out, Histogram h, int width, boolean unicode) {
        List<LatencyBuckets.Bucket> buckets = LatencyBuckets.of(h, LatencyBuckets.DEFAULT_ROWS);
        long most = buckets.stream().mapToLong(LatencyBuckets.Bucket::count).max().orElse(0);
        // "  " + 10 label + "  " + 10 count + "  " + bar, ending a column short of the edge
        int barWidth = Math.max(10, width - 27);
        char block = unicode ? '█' : '#';
        out.println();
        out.println("Latency histogram (upper bound, responses)");
        for (LatencyBuckets.Bucket b : buckets) {
            int length = most == 0 ? 0 : (int) Math.round((double) b.count() * barWidth / most);
            if (length == 0 && b.count() > 0) {
                length = 1; // a few slow answers are exactly what the histogram is for: keep them visible
            }
            out.printf(Locale.ROOT, "  %10s  %10s  %s%n", millis(b.toMicros()), count(b.count()),
                    String.valueOf(block).repeat(length));
        }
    }

    /** The report as one JSON object; durations in milliseconds or seconds as the names say. */
    static ObjectNode json(LoadTest.Result result) {
        ObjectMapper mapper = new ObjectMapper();
        LoadTest.Settings s = result.settings();
        ObjectNode root = mapper.createObjectNode();
        root.put("url", s.url());
        root.put("method", s.method());
        root.put("concurrency", s.concurrency());
        root.put("http2", s.http2());
        root.put("requests", result.requests());
        root.put("responses", result.responses());
        root.put("errors", result.errors());
        root.put("durationSeconds", decimal(result.elapsed().toNanos(), 9));
        root.put("requestsPerSecond", round(result.requestsPerSecond(), 1));
        root.put("bytesReceived", result.bytesReceived());
        root.put("bytesPerSecond", round(result.bytesPerSecond(), 1));
        ArrayNode versions = root.putArray("httpVersions");
        result.httpVersions().forEach(versions::add);
        Histogram h = result.latency();
        if (h.getTotalCount() > 0) {
            ObjectNode latency = root.putObject("latencyMs");
            latency.put("min", decimal(h.getMinValue(), 3));
            latency.put("mean", decimal(Math.round(h.getMean()), 3));
            for (int i = 0; i < PERCENTILES.length; i++) {
                latency.put(PERCENTILE_LABELS[i], decimal(h.getValueAtPercentile(PERCENTILES[i]), 3));
            }
            latency.put("max", decimal(h.getMaxValue(), 3));
            latency.put("stdev", decimal(Math.round(h.getStdDeviation()), 3));
        } else {
            root.putNull("latencyMs");
        }
        ArrayNode rows = root.putArray("histogram");
        for (LatencyBuckets.Bucket b : LatencyBuckets.of(h, LatencyBuckets.DEFAULT_ROWS)) {
            rows.addObject().put("fromMs", decimal(b.fromMicros(), 3)).put("toMs", decimal(b.toMicros(), 3))
                    .put("count", b.count());
        }
        ObjectNode statuses = root.putObject("statusCodes");
        result.statusCodes().forEach((status, n) -> statuses.put(String.valueOf(status), n));
        ObjectNode errors = root.putObject("errorsByKind");
        for (Map.Entry<String, LoadTest.ErrorCount> e : result.errorCounts().entrySet()) {
            errors.putObject(e.getKey()).put("count", e.getValue().count()).put("example", e.getValue().example());
        }
        root.put("stopped", result.stopped());
        return root;
    }

    /** {@code 0.812 ms}, {@code 12.35 ms}, {@code 123.4 ms}, {@code 1.234 s}: about four significant digits. */
    static String millis(long micros) {
        if (micros >= 1_000_000) {
            return seconds(micros / 1e6);
        }
        double ms = micros / 1000.0;
        String pattern = ms < 10 ? "%.3f ms" : ms < 100 ? "%.2f ms" : "%.1f ms";
        return String.format(Locale.ROOT, pattern, ms);
    }

    /** {@code 1.234 s}, {@code 123.4 s}. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 100 ? "%.3f s" : "%.1f s", seconds);
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 3.2 MiB}, {@code 1.1 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String bounds(LoadTest.Settings s) {
        String byCount = s.requests() > 0 ? count(s.requests()) + " requests" : null;
        String byTime = s.duration() != null ? "for " + seconds(s.duration().toNanos() / 1e9) : null;
        if (byCount != null && byTime != null) {
            return byCount + " or " + byTime + ", whichever ends first";
        }
        return byCount != null ? byCount : byTime != null ? byTime : "for at most " + LoadTest.MAX_DURATION.toHours() + " h";
    }

    private static String clip(String text, int max) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** {@code value} / 10^scale as an exact decimal: microseconds to milliseconds with scale 3. */
    private static BigDecimal decimal(long value, int scale) {
        return BigDecimal.valueOf(value, scale);
    }

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    /** Whether stdout's charset, as picocli picks it, can print the block character. */
    private static boolean blocksEncodable() {
        Charset charset;
        try {
            String name = System.getProperty("sun.stdout.encoding");
            charset = name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (RuntimeException e) {
            return false;
        }
        return charset.newEncoder().canEncode('█');
    }
}
