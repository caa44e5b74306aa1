package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier serve} as a process: what it prints, what it serves, and that it stops on a signal. */
@org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ServeCommandTest {
    private static final Pattern URL = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)");

    @Test
    void servesHttpbinOnBothPortsWithTheCaItWrote(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Process serve = start("serve", "--port", "0", "--ca-file", ca.toString());
        try {
            List<String> urls = urls(serve);
            assertThat(urls).hasSize(2);
            assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
            try (AsyncClient client = AsyncClient.builder().verify(ca).trustEnv(false).build()) {
                Response plain = client.get(urls.get(0) + "/get?q=1").join();
                assertThat(plain.statusCode()).isEqualTo(200);
                assertThat(plain.json().get("args").get("q").asText()).isEqualTo("1");
                Response tls = client.get(urls.get(1) + "/status/418").join();
                assertThat(tls.statusCode()).isEqualTo(418);
                assertThat(tls.httpVersion()).isEqualTo("HTTP/2");
            }
        } finally {
            stop(serve);
        }
        assertThat(serve.exitValue()).isIn(0, 143);
    }

    @Test
    void http2OnlyAnswersHttp1With505(@TempDir Path dir) throws Exception {
        Process serve = start("serve", "--port", "0", "--http2", "--ca-file", dir.resolve("ca.pem").toString());
        try {
            List<String> urls = urls(serve);
            try (AsyncClient http1 = AsyncClient.builder().trustEnv(false).build();
                    AsyncClient h2c = AsyncClient.builder().trustEnv(false).http1(false).http2(true).build()) {
                assertThat(http1.get(urls.get(0) + "/get").join().statusCode()).isEqualTo(505);
                Response r = h2c.get(urls.get(0) + "/get").join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.httpVersion()).isEqualTo("HTTP/2");
            }
        } finally {
            stop(serve);
        }
    }

    @Test
    void aTemporaryCaFileIsDeletedOnStop() throws Exception {
        Process serve = start("serve", "--port", "0");
        Path ca = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 10 && ca == null; i++) {
                String line = lines.readLine();
                if (line == null) break;
                Matcher m = Pattern.compile("CA certificate (\\S+)").matcher(line);
                if (m.find()) ca = Path.of(m.group(1));
            }
            assertThat(ca).isNotNull();
            assertThat(ca).exists();
        } finally {
            stop(serve);
        }
        assertThat(ca).doesNotExist();
    }

    @Test
    void aPortInUseFailsAndDebugShowsTheStackTrace() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            CliProcess.Result plain = CliProcess.run("serve", "--port", port);
            assertThat(plain.exitCode()).as(plain.toString()).isNotZero();
            assertThat(plain.stderr()).startsWith("courier: ").doesNotContain("\tat ");
            // --debug belongs to the subcommand: the failure handler must read the subcommand's options.
            CliProcess.Result debug = CliProcess.run("serve", "--port", port, "--debug");
            assertThat(debug.exitCode()).as(debug.toString()).isEqualTo(plain.exitCode());
            assertThat(debug.stderr()).contains("\tat ");
        }
    }

    @Test
    void aBadPortIsAUsageError() {
        CliProcess.Result r = CliProcess.run("serve", "--port", "70000");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("--port").doesNotContain("\tat ");
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(CliProcess.javaCommand());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The two URLs serve prints, read from its first lines (bounded by the test's timeout). */
    private static List<String> urls(Process serve) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String line = lines.readLine();
            if (line == null) break;
            Matcher m = URL.matcher(line);
            if (line.startsWith("  ") && m.find()) urls.add(m.group(1));
            if (line.startsWith("Try:")) break;
        }
        return urls;
    }

    private static void stop(Process serve) throws InterruptedException {
        serve.destroy();
        if (!serve.waitFor(30, TimeUnit.SECONDS)) {
            serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("courier serve did not stop on SIGTERM");
        }
    }
}
