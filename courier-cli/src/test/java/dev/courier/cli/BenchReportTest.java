package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Headers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's text and JSON, from a result made up here. */
class BenchReportTest {
    private static LoadTest.Result result() {
        LoadTest.Settings s = new LoadTest.Settings("http://127.0.0.1:8080/get", "GET", Headers.empty(), null, 4,
                Duration.ofSeconds(2), 0, Duration.ofSeconds(10), false, true, null);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 90; i++) {
            h.recordValue(1_000 + i * 10L);
        }
        h.recordValue(250_000);
        return new LoadTest.Result(s, 100, 9, Duration.ofSeconds(2), 3 * 1024 * 1024, h, Map.of(200, 80L, 503, 11L),
                Map.of("refused", new LoadTest.ErrorCount(9, "connection failed: refused")), Set.of("HTTP/1.1"), false);
    }

    @Test
    void unitsReadNaturally() {
        assertThat(BenchReport.millis(812)).isEqualTo("0.812 ms");
        assertThat(BenchReport.millis(12_345)).isEqualTo("12.35 ms");
        assertThat(BenchReport.millis(123_456)).isEqualTo("123.5 ms");
        assertThat(BenchReport.millis(1_234_567)).isEqualTo("1.235 s");
        assertThat(BenchReport.bytes(512)).isEqualTo("512 B");
        assertThat(BenchReport.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(BenchReport.bytes(3L << 20)).isEqualTo("3.0 MiB");
    }

    @Test
    void textHasEverySection() {
        StringWriter text = new StringWriter();
        BenchReport.text(result(), new PrintWriter(text), 60, false);

        assertThat(text.toString())
                .contains("GET http://127.0.0.1:8080/get", "4 concurrent, for 2.000 s, HTTP/1.1")
                .containsPattern("Requests\\s+100 \\(91 responses, 9 errors\\)")
                .containsPattern("Throughput\\s+50.0 requests/s")
                .containsPattern("Received\\s+3.0 MiB of bodies, 1.5 MiB/s")
                .containsPattern("p99.9\\s+250.\\d ms")
                .containsPattern("(?m)^\\s+250.\\d ms\\s+1  #$")
                .containsPattern("(?m)^  200\\s+80$")
                .containsPattern("(?m)^  503\\s+11$")
                .containsPattern("(?m)^  refused\\s+9  connection failed: refused$");
        for (String line : text.toString().split("\n")) {
            if (line.contains("#")) {
                assertThat(line.length()).as(line).isLessThanOrEqualTo(60);
            }
        }
    }

    @Test
    void jsonHasTheSameNumbers() {
        JsonNode json = BenchReport.json(result());

        assertThat(json.get("requests").asLong()).isEqualTo(100);
        assertThat(json.get("responses").asLong()).isEqualTo(91);
        assertThat(json.get("requestsPerSecond").asDouble()).isEqualTo(50.0);
        assertThat(json.get("latencyMs").get("max").asDouble()).isBetween(249.0, 251.0);
        assertThat(json.get("statusCodes").get("503").asLong()).isEqualTo(11);
        assertThat(json.get("errorsByKind").get("refused").get("count").asLong()).isEqualTo(9);
        long total = 0;
        for (JsonNode row : json.get("histogram")) {
            total += row.get("count").asLong();
        }
        assertThat(total).isEqualTo(91);
    }
}
