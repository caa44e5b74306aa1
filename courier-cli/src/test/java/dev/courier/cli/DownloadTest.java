package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Url;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of a download that need no server: file names, unique names, the progress bar's text. */
class DownloadTest {
    @TempDir
    Path dir;

    @Test
    void fileNameFromContentDispositionThenUrl() {
        Url url = Url.parse("http://h/files/report%20v2.pdf?x=1");
        assertThat(Download.filename(url, "attachment; filename=\"a b.txt\"", "text/plain")).isEqualTo("a b.txt");
        assertThat(Download.filename(url, "attachment; filename*=UTF-8''na%C3%AFve.txt; filename=\"x.txt\"", null))
                .isEqualTo("naïve.txt");
        assertThat(Download.filename(url, "attachment; filename=plain.csv", null)).isEqualTo("plain.csv");
        // Never a path: only the base name, no leading dots.
        assertThat(Download.filename(url, "attachment; filename=\"../../etc/.passwd\"", null)).isEqualTo("passwd");
        assertThat(Download.filename(url, "inline", null)).isEqualTo("report v2.pdf");
        assertThat(Download.filename(Url.parse("http://h/api/items"), null, "application/json; charset=utf-8"))
                .isEqualTo("items.json");
        assertThat(Download.filename(Url.parse("http://h/"), null, "text/html")).isEqualTo("index.html");
    }

    @Test
    void existingFilesGetASuffix() throws Exception {
        Path name = dir.resolve("data.bin");
        assertThat(create(name)).isEqualTo(name);
        Files.writeString(dir.resolve("data.bin-1"), "x");
        assertThat(create(name)).isEqualTo(dir.resolve("data.bin-2"));
        assertThat(Files.readString(name)).isEmpty();
    }

    @Test
    void aDanglingLinkIsNeverWrittenThrough() throws Exception {
        Path outside = dir.resolve("outside.txt");
        Path inside = Files.createDirectory(dir.resolve("downloads"));
        Path link = Files.createSymbolicLink(inside.resolve("evil.txt"), outside);
        Path created = create(link);
        assertThat(created).isEqualTo(inside.resolve("evil.txt-1"));
        assertThat(outside).doesNotExist();
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void suffixesAreCapped() throws Exception {
        Path name = dir.resolve("f");
        Files.writeString(name, "x");
        for (int i = 1; i <= Download.MAX_SUFFIX; i++) {
            Files.writeString(dir.resolve("f-" + i), "x");
        }
        assertThatThrownBy(() -> create(name)).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("all exist");
    }

    private static Path create(Path name) throws java.io.IOException {
        Download.CreatedFile file = Download.createUnique(name);
        file.out().close();
        return file.path();
    }

    @Test
    void continueNeedsAnOutputFile() {
        assertThatThrownBy(() -> new Download(null, true, System.err, false, false)).isInstanceOf(UsageException.class);
    }

    @Test
    void progressBarOffATerminalPrintsOneSummaryLine() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        ProgressBar bar = ProgressBar.start(out, "file.bin", 3000, false);
        bar.resumeFrom(1000);
        bar.advance(2000);
        assertThat(buffer.size()).isZero();
        bar.finish();
        bar.finish();
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("file.bin  3.0 kB in ").contains("(1.0 kB were already there)").endsWith("\n");
        assertThat(text.lines()).hasSize(1);
    }

    @Test
    void progressBarOnATerminalRedrawsInPlace() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        ProgressBar bar = ProgressBar.start(out, "file.bin", 1000, true);
        bar.advance(500);
        bar.finish();
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\rfile.bin  [").contains("  0%  0 B / 1.0 kB").endsWith("\n");
        // Redrawn with carriage returns: one line on the screen, ended once.
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(text.substring(text.lastIndexOf('\r'))).startsWith("\rfile.bin  500 B in ");
        assertThat(ProgressBar.size(999)).isEqualTo("999 B");
        assertThat(ProgressBar.size(1_500_000)).isEqualTo("1.5 MB");
    }
}
