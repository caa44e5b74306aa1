package dev.courier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * A command on a real terminal: a detached tmux session on a private server socket, read back with
 * {@code capture-pane}, so tests see what a person sees (colours, a progress bar redrawn in place).
 * When tmux is missing the calling test is skipped, unless {@code CI=true}, where it fails.
 *
 * <pre>{@code
 * try (TmuxSession tmux = TmuxSession.start(120, 40, command)) {
 *     String screen = tmux.awaitScreen(s -> s.contains("[exit 0]"));
 * }
 * }</pre>
 */
final class TmuxSession implements AutoCloseable {
    private static final Path TMUX = Path.of("/usr/bin/tmux");
    /** 600 polls of 50 ms: about 30 s for a screen to appear. */
    private static final int MAX_POLLS = 600;

    private final String socket;

    private TmuxSession(String socket) {
        this.socket = socket;
    }

    /** Starts {@code command} (run by sh) in a width x height terminal; the shell stays after it ends. */
    static TmuxSession start(int width, int height, String command) throws IOException, InterruptedException {
        if (!Files.isExecutable(TMUX)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("tmux is not installed; .ci/run installs it");
            }
            Assumptions.abort("tmux is not installed (apt-get install tmux)");
        }
        TmuxSession session = new TmuxSession("courier-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        // The exit line marks the end; the sleep keeps the pane (and its last screen) for capture.
        String script = "unset NO_COLOR; " + command + "; echo \"[exit $?]\"; sleep 300";
        session.tmux("new-session", "-d", "-s", "t", "-x", String.valueOf(width), "-y", String.valueOf(height),
                "sh", "-c", script);
        return session;
    }

    /** The screen as text; with {@code escapes}, with the SGR sequences of its colours. */
    String capture(boolean escapes) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("capture-pane", "-p", "-t", "t"));
        if (escapes) args.add("-e");
        return tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} into the pane, then Enter. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", text);
        tmux("send-keys", "-t", "t", "Enter");
    }

    /** Polls the screen (with escapes) until {@code done} holds; fails with the last screen after ~30 s. */
    String awaitScreen(Predicate<String> done) throws IOException, InterruptedException {
        String screen = "";
        for (int i = 0; i < MAX_POLLS; i++) {
            screen = capture(true);
            if (done.test(screen)) return screen;
            Thread.sleep(50);
        }
        throw new AssertionError("the terminal never showed what was expected; last screen:\n" + screen);
    }

    /** Every distinct screen seen while polling until {@code done}: to catch what is redrawn in place. */
    List<String> screensUntil(Predicate<String> done) throws IOException, InterruptedException {
        List<String> screens = new ArrayList<>();
        for (int i = 0; i < MAX_POLLS; i++) {
            String screen = capture(true);
            if (screens.isEmpty() || !screens.get(screens.size() - 1).equals(screen)) screens.add(screen);
            if (done.test(screen)) return screens;
            Thread.sleep(20);
        }
        throw new AssertionError("the terminal never finished; last screen:\n" + screens.get(screens.size() - 1));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    /** A shell-quoted command line. */
    static String quote(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(TMUX.toString(), "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " hung");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }
}
