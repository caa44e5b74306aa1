package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier bench} as a user runs it: a separate process, its output on pipes, its exit code. */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The whole of stdout as one JSON object: nothing else may be printed there. */
    private static JsonNode json(CliProcess.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.stdout());
    }

    @Test
    void countedRunReportsRequestsAndStatuses() {
        CliProcess.Result r = CliProcess.run("bench", server.url("/get"), "-n", "200", "-c", "8");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .containsPattern("(?m)^\\s*Requests\\s+200 \\(200 responses, 0 errors\\)")
                .containsPattern("(?m)^Status codes\\R\\s*200\\s+200\\s*$")
                .contains("Latency", "p50", "p99.9", "Latency histogram", "HTTP/1.1");
        assertThat(r.stderr()).as("no live line on a pipe").isEmpty();
    }

    @Test
    void theLocalhostShorthandWorksAsInTheRequestForm() throws IOException {
        String port = server.url("/").replaceAll(".*:(\\d+)/.*", "$1");
        JsonNode report = json(CliProcess.run("bench", ":" + port + "/get", "-n", "5", "-c", "1", "--json"));
        assertThat(report.get("responses").asLong()).isEqualTo(5);
    }

    @Test
    void jsonHasTheFieldsAndNothingElse() throws IOException {
        JsonNode report = json(CliProcess.run("bench", server.url("/get"), "-n", "200", "-c", "8", "--json"));

        assertThat(report.get("requests").asLong()).isEqualTo(200);
        assertThat(report.get("responses").asLong()).isEqualTo(200);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("statusCodes").get("200").asLong()).isEqualTo(200);
        assertThat(report.get("concurrency").asInt()).isEqualTo(8);
        assertThat(report.get("requestsPerSecond").isNumber()).isTrue();
        assertThat(report.get("durationSeconds").isNumber()).isTrue();
        assertThat(report.get("bytesReceived").asLong()).isPositive();
        JsonNode latency = report.get("latencyMs");
        for (String field : new String[] {"min", "mean", "p50", "p90", "p99", "p99.9", "max", "stdev"}) {
            assertThat(latency.get(field)).as(field).isNotNull();
            assertThat(latency.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(latency.get("min").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
        long histogramTotal = 0;
        for (JsonNode row : report.get("histogram")) {
            histogramTotal += row.get("count").asLong();
        }
        assertThat(histogramTotal).isEqualTo(200);
        assertThat(report.get("errorsByKind").isEmpty()).isTrue();
        assertThat(report.get("httpVersions").toString()).isEqualTo("[\"HTTP/1.1\"]");
    }

    @Test
    void http2OverTlsWithTheServersCa(@TempDir Path dir) throws IOException {
        Path ca = dir.resolve("ca.pem");
        Files.write(ca, server.caCertificatePem());

        JsonNode report = json(CliProcess.run("bench", server.httpsUrl("/get"), "-n", "100", "-c", "8", "--http2",
                "--verify", ca.toString(), "--json"));

        assertThat(report.get("statusCodes").get("200").asLong()).isEqualTo(100);
        assertThat(report.get("httpVersions").toString()).isEqualTo("[\"HTTP/2\"]");
    }

    @Test
    void http2CleartextByPriorKnowledge() throws IOException {
        JsonNode report = json(CliProcess.run("bench", server.url("/get"), "-n", "100", "-c", "8", "--http2", "--json"));

        assertThat(report.get("statusCodes").get("200").asLong()).isEqualTo(100);
        assertThat(report.get("httpVersions").toString()).isEqualTo("[\"HTTP/2\"]");
    }

    @Test
    void anUntrustedCertificateIsAnErrorKind() throws IOException {
        CliProcess.Result r = CliProcess.run("bench", server.httpsUrl("/get"), "-n", "10", "-c", "2", "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode report = JSON.readTree(r.stdout());
        assertThat(report.get("errorsByKind").get("tls").get("count").asLong()).isEqualTo(10);
    }

    @Test
    void aClosedPortGivesErrorsByKindAndExit1() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CliProcess.Result r = CliProcess.run("bench", "http://127.0.0.1:" + port + "/", "-n", "20", "-c", "4");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout())
                .containsPattern("(?m)^\\s*Requests\\s+20 \\(0 responses, 20 errors\\)")
                .containsPattern("(?m)^Errors\\R\\s*refused\\s+20\\s+connection failed: ");

        JsonNode report = JSON.readTree(CliProcess.run("bench", "http://127.0.0.1:" + port + "/", "-n", "20", "-c", "4",
                "--json").stdout());
        assertThat(report.get("errors").asLong()).isEqualTo(20);
        assertThat(report.get("errorsByKind").get("refused").get("count").asLong()).isEqualTo(20);
        assertThat(report.get("errorsByKind").get("refused").get("example").asText()).contains("127.0.0.1");
        assertThat(report.get("latencyMs").isNull()).isTrue();
    }

    @Test
    void nonSuccessStatusesAreCountedNotFailed() throws IOException {
        JsonNode report = json(CliProcess.run("bench", server.url("/status/503"), "-n", "50", "-c", "4", "--json"));

        assertThat(report.get("statusCodes").get("503").asLong()).isEqualTo(50);
        assertThat(report.get("errors").asLong()).isZero();
    }

    @Test
    void aDurationRunEnds() throws IOException {
        JsonNode report = json(CliProcess.run("bench", server.url("/get"), "-d", "1s", "-c", "4", "--json"));

        assertThat(report.get("requests").asLong()).isPositive();
        assertThat(report.get("statusCodes").get("200").asLong()).isEqualTo(report.get("requests").asLong());
    }

    @Test
    void methodHeadersAndBodyAreSent(@TempDir Path dir) throws IOException {
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"a\":1}");

        // --body=@FILE: as a separate argument, picocli's own @-file expansion (on in Main) takes "@FILE" first.
        JsonNode report = json(CliProcess.run("bench", server.url("/post"), "-n", "5", "-c", "1", "--body=@" + body,
                "-H", "Content-Type: application/json", "-H", "X-Bench: 1", "--json"));
        assertThat(report.get("method").asText()).isEqualTo("POST");
        assertThat(report.get("statusCodes").get("200").asLong()).isEqualTo(5);

        JsonNode put = json(CliProcess.run("bench", server.url("/put"), "-n", "3", "-c", "1", "-m", "put",
                "--body", "text", "--json"));
        assertThat(put.get("statusCodes").get("200").asLong()).isEqualTo(3);
        // /get refuses POST with 405: the method really is sent.
        JsonNode wrong = json(CliProcess.run("bench", server.url("/get"), "-n", "3", "-m", "POST", "--json"));
        assertThat(wrong.get("statusCodes").get("405").asLong()).isEqualTo(3);
    }

    @Test
    void usageErrorsExit2() {
        String url = server.url("/get");
        String[][] bad = {
            {"bench", url, "-c", "0"},
            {"bench", url, "-d", "10x"},
            {"bench", url, "-n", "0"},
            {"bench", url, "-H", "no-colon"},
            {"bench", url, "--body", "@/no/such/file"},
            {"bench", url, "--verify", "/no/such/ca.pem"},
            {"bench", "ftp://127.0.0.1/"},
            {"bench"},
        };
        for (String[] args : bad) {
            CliProcess.Result r = CliProcess.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
            assertThat(r.stdout()).as(String.join(" ", args)).isEmpty();
            assertThat(r.stderr()).as(String.join(" ", args)).isNotBlank();
        }
        assertThat(CliProcess.run("bench", url, "-d", "10x").stderr()).contains("unknown unit 'x'");
        assertThat(CliProcess.run("bench", url, "-c", "0").stderr()).contains("-c must be between 1 and");
    }
}
