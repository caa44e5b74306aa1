package dev.courier.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A latency histogram cut into a dozen or so rows for people: from the fastest response to the
 * slowest, with bucket edges spaced geometrically. Latencies have long tails (most answers in a
 * millisecond, a few in a second), and equal-width rows would put nearly everything in the first
 * one; geometric rows give the body and the tail a few rows each, and read as linear rows when the
 * spread is narrow.
 *
 * <pre>{@code
 * for (LatencyBuckets.Bucket b : LatencyBuckets.of(result.latency(), 14)) {
 *     System.out.println(b.toMicros() + " " + b.count());
 * }
 * }</pre>
 */
final class LatencyBuckets {
    /** Rows in the report when the caller has no reason to choose. */
    static final int DEFAULT_ROWS = 14;

    private LatencyBuckets() {}

    /**
     * One row: the responses whose latency falls in {@code [fromMicros, toMicros]}.
     *
     * @param fromMicros the bucket's lowest latency, in microseconds
     * @param toMicros   its highest, inclusive
     * @param count      responses in it
     */
    record Bucket(long fromMicros, long toMicros, long count) {}

    /**
     * At most {@code rows} buckets covering {@code histogram}'s values (in microseconds), fewer when
     * the values span fewer distinct microseconds; none for an empty histogram.
     */
    static List<Bucket> of(Histogram histogram, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be at least 1: " + rows);
        }
        if (histogram.getTotalCount() == 0) {
            return List.of();
        }
        long lo = histogram.getMinValue();
        long hi = histogram.getMaxValue();
        long[] upper = edges(lo, hi, rows);
        long[] counts = new long[upper.length];
        for (HistogramIterationValue v : histogram.recordedValues()) {
            counts[indexOf(upper, v.getValueIteratedTo())] += v.getCountAtValueIteratedTo();
        }
        List<Bucket> buckets = new ArrayList<>(upper.length);
        long from = lo;
        for (int i = 0; i < upper.length; i++) {
            buckets.add(new Bucket(from, upper[i], counts[i]));
            from = upper[i] + 1;
        }
        return Collections.unmodifiableList(buckets);
    }

    /** Inclusive upper edges, strictly increasing, the last one {@code hi}. */
    private static long[] edges(long lo, long hi, int rows) {
        if (hi <= lo) {
            return new long[] {hi};
        }
        double base = Math.max(lo, 1);
        double ratio = Math.pow(hi / base, 1.0 / rows);
        long[] upper = new long[rows];
        int n = 0;
        long previous = lo - 1;
        for (int k = 1; k <= rows; k++) {
            long edge = k == rows ? hi : Math.min(hi, Math.round(base * Math.pow(ratio, k)));
            // Integer microseconds: close edges collapse, and each row must cover at least one value.
            edge = Math.max(edge, previous + 1);
            if (edge >= hi) {
                upper[n++] = hi;
                break;
            }
            upper[n++] = edge;
            previous = edge;
        }
        long[] out = new long[n];
        System.arraycopy(upper, 0, out, 0, n);
        return out;
    }

    /** The first bucket whose upper edge is at or above {@code value} (the last for anything above). */
    private static int indexOf(long[] upper, long value) {
        int low = 0;
        int high = upper.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (upper[mid] >= value) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
