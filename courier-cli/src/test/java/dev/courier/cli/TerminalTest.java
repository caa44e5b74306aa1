package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command on a real terminal (tmux): colours, formatted JSON and a progress bar redrawn in
 * place, where the process tests on a pipe see none of them.
 */
@org.junit.jupiter.api.Timeout(value = 180, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class TerminalTest {
    private static final String ESC = "\u001b[";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aResponseIsColouredAndItsJsonFormatted() throws Exception {
        try (TmuxSession tmux = TmuxSession.start(120, 50, courier("GET", server.url("/get"), "q==terminal"))) {
            String screen = tmux.awaitScreen(s -> s.contains("[exit 0]"));
            assertThat(screen).contains(ESC);
            assertThat(plain(screen))
                    .contains("HTTP/1.1 200 OK")
                    .containsPattern("(?m)^        \"q\": \"terminal\"");
        }
    }

    @Test
    void aMissingPasswordIsAskedForOnTheTerminal() throws Exception {
        String url = server.url("/basic-auth/ada/lovelace");
        try (TmuxSession tmux = TmuxSession.start(120, 30, courier("-a", "ada", "-b", url))) {
            tmux.awaitScreen(s -> s.contains("courier: password for ada:"));
            tmux.type("lovelace");
            String screen = plain(tmux.awaitScreen(s -> s.contains("[exit")));
            assertThat(screen).contains("[exit 0]").contains("\"authenticated\": true").doesNotContain("lovelace\n");
        }
    }

    @Test
    void aDownloadShowsItsProgressBar(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drip.bin");
        String url = server.url("/drip?numbytes=4000000&duration=2");
        try (TmuxSession tmux = TmuxSession.start(120, 20, courier("--download", "--output", file.toString(), url))) {
            List<String> screens = tmux.screensUntil(s -> s.contains("[exit"));
            String last = plain(screens.get(screens.size() - 1));
            assertThat(last).contains("[exit 0]").containsPattern("4\\.0 MB in [0-9.]+ s");
            assertThat(screens.stream().map(TerminalTest::plain))
                    .as("a bar drawn before the end")
                    .anyMatch(s -> s.matches("(?s).*\\[=*>? *\\] +\\d{1,2}%.*ETA.*"));
            assertThat(Files.size(file)).isEqualTo(4_000_000);
        }
    }

    @Test
    void theDemoIsColouredAndDrawsItsBars() throws Exception {
        try (TmuxSession tmux = TmuxSession.start(120, 60, courier("demo", "--bench-duration", "1s"))) {
            List<String> screens = tmux.screensUntil(s -> s.contains("[exit"));
            String all = String.join("\n", screens);
            assertThat(all).contains(ESC + "1m");
            assertThat(plain(all)).contains("[exit 0]").containsPattern("\\[=*>? *\\] +\\d{1,2}%");
        }
    }

    private static String courier(String... args) {
        List<String> words = new ArrayList<>(CliProcess.javaCommand());
        words.addAll(List.of(args));
        return TmuxSession.quote(words);
    }

    /** The screen without its colour sequences. */
    private static String plain(String screen) {
        return screen.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
