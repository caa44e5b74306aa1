package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Url;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where session files go, and what the user reads when one cannot be written. */
class SessionTest {
    @TempDir
    Path dir;

    @Test
    void theHostDirectoryIsAlwaysOneSafeName() {
        Map<String, String> env = Map.of("COURIER_CONFIG_DIR", dir.toString());
        Path sessions = dir.resolve("sessions");
        Path dots = Session.fileFor("s", Url.parse("http://../x"), env);
        assertThat(dots.getParent().getParent()).isEqualTo(sessions);
        assertThat(dots.getParent().getFileName().toString()).isEqualTo("__");
        assertThat(Session.fileFor("s", Url.parse("http://example.org:8080/"), env))
                .isEqualTo(sessions.resolve("example.org_8080").resolve("s.json"));
        assertThat(Session.directoryName("a/b\\c:d")).isEqualTo("a_b_c_d");
        assertThat(Session.directoryName(".")).isEqualTo("_");
        assertThat(Session.directoryName("")).isEqualTo("_");
    }

    @Test
    void aSessionThatCannotBeWrittenSaysWhichFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path file = notADirectory.resolve("s.json");
        assertThatThrownBy(() -> Session.load(file).save()).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot write the session file " + file);
    }

    @Test
    void anUncheckedIoExceptionWithItsOwnMessageKeepsIt() {
        Throwable own = new UncheckedIOException("cannot write the session file f: disk full", new IOException("tmp"));
        assertThat(FailureReporter.describe(FailureReporter.unwrap(own))).contains("cannot write the session file f");
        Throwable plain = new UncheckedIOException(new IOException("tmp"));
        assertThat(FailureReporter.describe(FailureReporter.unwrap(plain))).isEqualTo("I/O error: tmp");
    }
}
