package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courier --download} run as a process against the TestServer's {@code /range/N}, whose
 * bytes are {@code 'a' + i % 26} and which honours {@code Range}: saving, resuming, an already
 * complete file, a pipe instead of a file, and an error status.
 */
class DownloadProcessTest {
    private static final int SIZE = 60_000;
    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static byte[] expected(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    @Test
    void downloadsIntoTheOutputFileWithASummaryLine() throws Exception {
        Path file = dir.resolve("full.bin");
        CliProcess.Result r = CliProcess.run("-d", "-o", file.toString(), server.url("/range/" + SIZE));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected(SIZE));
        assertThat(r.stdout()).isEmpty();
        // stderr is no terminal: no bar, no headers, one summary line.
        assertThat(r.stderr()).startsWith(file + "  60.0 kB in ").doesNotContain("\r");
        assertThat(r.stderr().lines()).hasSize(1);
    }

    @Test
    void continueResumesAPartialFileThenFindsItComplete() throws Exception {
        Path file = dir.resolve("part.bin");
        Files.write(file, Arrays.copyOf(expected(SIZE), 12_345));
        CliProcess.Result resumed = CliProcess.run("--download", "--continue", "--output", file.toString(),
                server.url("/range/" + SIZE));
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected(SIZE));
        assertThat(resumed.stderr()).contains("were already there");

        CliProcess.Result again = CliProcess.run("-d", "-c", "-o", file.toString(), server.url("/range/" + SIZE));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stderr()).contains("already complete");
        assertThat(Files.readAllBytes(file)).isEqualTo(expected(SIZE));
    }

    @Test
    void withoutOutputAPipedStdoutGetsTheBody() {
        CliProcess.Result r = CliProcess.of("-d", server.url("/range/1000")).directory(dir).run();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(expected(1000));
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void anErrorStatusSavesNothing() {
        Path file = dir.resolve("missing.bin");
        CliProcess.Result r = CliProcess.run("-d", "-o", file.toString(), server.url("/status/404"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stderr()).contains("HTTP 404").contains("nothing downloaded");
        assertThat(file).doesNotExist();
    }
}
