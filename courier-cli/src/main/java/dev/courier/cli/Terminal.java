package dev.courier.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the command knows about where its output goes: a terminal gets colours, formatted JSON and
 * progress bars; a pipe or a file gets the raw body and no escape codes.
 */
final class Terminal {
    private Terminal() {}

    /** Whether standard output is a terminal. */
    static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    /** Whether standard input is a terminal (when it is not, a piped body may be waiting there). */
    static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    /** Whether standard error is a terminal (progress bars and live lines go there). */
    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** Whether colours are welcome on standard output: a terminal, and {@link #coloursAllowed} by the environment. */
    static boolean colours() {
        return stdoutIsTerminal() && coloursAllowed(System.getenv());
    }

    /** Whether {@code env} allows colours: no NO_COLOR (no-color.org) and a TERM other than dumb. */
    static boolean coloursAllowed(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
    }

    /** The terminal's width in columns: $COLUMNS when set, else what the terminal says, else 80. */
    static int width() {
        int columns = columns(System.getenv("COLUMNS"));
        if (columns > 0) return columns;
        Integer asked = askedWidth;
        if (asked == null) {
            asked = stdoutIsTerminal() || stderrIsTerminal() ? askTerminal() : 0;
            askedWidth = asked;
        }
        return asked > 0 ? asked : 80;
    }

    private static volatile Integer askedWidth;

    private static int columns(String text) {
        if (text == null) return 0;
        try {
            int n = Integer.parseInt(text.trim());
            return n >= 20 && n <= 1000 ? n : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code stty size} on the controlling terminal: Java itself cannot ask it for its size. */
    private static int askTerminal() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) return 0;
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = stty.getInputStream().readNBytes(64);
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return 0;
            }
            String[] rowsAndColumns = new String(out, StandardCharsets.US_ASCII).trim().split("\\s+");
            return rowsAndColumns.length == 2 ? columns(rowsAndColumns[1]) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static boolean isTerminal(int fd) {
        // Linux names the device behind each descriptor; System.console() only answers for stdin and
        // stdout together, and on newer JDKs not even that.
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd <= 1 && System.console() != null;
        }
    }
}
