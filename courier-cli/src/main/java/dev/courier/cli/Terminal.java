package dev.courier.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** Whether standard error is a terminal (progress bars and live lines go there). */
    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /** Whether colours are welcome on standard output: a terminal, and no NO_COLOR (no-color.org). */
    static boolean colours() {
        String noColor = System.getenv("NO_COLOR");
        return stdoutIsTerminal() && (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** The terminal's width in columns: $COLUMNS when set, else 80. */
    static int width() {
        String columns = System.getenv("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.trim());
                if (n >= 20 && n <= 1000) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 80;
    }

    private static boolean isTerminal(int fd) {
        // Linux names the device behind each descriptor; System.console() only answers for stdin and
        // stdout together, and on newer JDKs not even that.
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fd == 1 && System.console() != null;
        }
    }
}
