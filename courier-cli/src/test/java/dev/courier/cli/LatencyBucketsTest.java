package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The latency histogram's rows. */
class LatencyBucketsTest {
    @Test
    void rowsCoverEveryValueInOrder() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(500 + i * 3L);          // a body from 0.5 to 3.5 ms
        }
        h.recordValue(900_000);                   // and a tail at 0.9 s
        List<LatencyBuckets.Bucket> rows = LatencyBuckets.of(h, 14);

        assertThat(rows).hasSizeLessThanOrEqualTo(14).hasSizeGreaterThan(5);
        assertThat(rows.stream().mapToLong(LatencyBuckets.Bucket::count).sum()).isEqualTo(1001);
        assertThat(rows.get(0).fromMicros()).isEqualTo(h.getMinValue());
        assertThat(rows.get(rows.size() - 1).toMicros()).isEqualTo(h.getMaxValue());
        assertThat(rows.get(rows.size() - 1).count()).isEqualTo(1);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).fromMicros()).isEqualTo(rows.get(i - 1).toMicros() + 1);
            assertThat(rows.get(i).toMicros()).isGreaterThanOrEqualTo(rows.get(i).fromMicros());
        }
    }

    @Test
    void aNarrowSpreadGivesNoMoreRowsThanValues() {
        Histogram h = new Histogram(3);
        h.recordValue(10);
        h.recordValue(11);
        h.recordValue(12);
        List<LatencyBuckets.Bucket> rows = LatencyBuckets.of(h, 14);

        assertThat(rows).hasSize(3);
        assertThat(rows).extracting(LatencyBuckets.Bucket::count).containsExactly(1L, 1L, 1L);
    }

    @Test
    void oneValueIsOneRowAndNoneIsNone() {
        Histogram h = new Histogram(3);
        assertThat(LatencyBuckets.of(h, 14)).isEmpty();
        h.recordValueWithCount(1234, 5);
        assertThat(LatencyBuckets.of(h, 14)).hasSize(1).first().extracting(LatencyBuckets.Bucket::count).isEqualTo(5L);
    }
}
