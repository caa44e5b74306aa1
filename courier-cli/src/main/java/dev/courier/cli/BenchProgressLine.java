package dev.courier.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The live line of a running {@link LoadTest} on a terminal: elapsed time, requests done, the
 * current rate and errors, redrawn in place with a carriage return at each progress report. It
 * never grows past the terminal's width, since a wrapped line cannot be redrawn; {@link #clear()}
 * wipes it before the report is written.
 *
 * <pre>{@code
 * BenchProgressLine line = new BenchProgressLine(err, Terminal.width());
 * LoadTest.Result result = test.run(line);
 * line.clear();
 * }</pre>
 *
 * <p>Only for a terminal: written to a pipe or a file, the redraws would pile up as noise.
 */
final class BenchProgressLine implements Consumer<LoadTest.Progress> {
    private final PrintWriter err;
    private final int width;
    private int drawn;

    BenchProgressLine(PrintWriter err, int width) {
        this.err = err;
        this.width = width;
    }

    @Override
    public void accept(LoadTest.Progress p) {
        String line = String.format(Locale.ROOT, "%6.1f s  %,12d requests  %,10.0f req/s  %,d errors",
                p.elapsed().toNanos() / 1e9, p.requests(), p.requestsPerSecond(), p.errors());
        if (line.length() > width - 1) {
            line = line.substring(0, Math.max(0, width - 1));
        }
        // Spaces over the rest of a longer previous line, so no digits of it remain.
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Wipes the line, leaving the cursor at its start. */
    void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }
}
