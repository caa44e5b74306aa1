package dev.courier.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A transfer's progress for people: on a terminal, one line redrawn in place (at most ten times a
 * second) with the size, percentage, rate and time left; elsewhere nothing until the end. Either
 * way {@link #finish()} leaves one summary line.
 *
 * <pre>
 * big.iso  [==========&gt;          ]  52%  5.2 MB / 10.0 MB  12.1 MB/s  ETA 0:01
 * big.iso  10.0 MB in 0.83 s, 12.0 MB/s
 * </pre>
 *
 * Used by {@code courier --download} and {@code courier demo}. Thread-safe, so several threads
 * may report to one bar.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.start(System.err, "big.iso", contentLength, Terminal.stderrIsTerminal());
 * while ((n = in.read(buffer)) >= 0) { out.write(buffer, 0, n); bar.advance(n); }
 * bar.finish();
 * }</pre>
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    /** Fixed for the bar's life, so that the line does not jitter as the numbers change width. */
    private final int barWidth;
    private long done;
    private long resumed;
    private long lastDraw;
    private int lastWidth;
    private boolean ended;

    private ProgressBar(PrintStream out, String label, long total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        // Room for the label and the widest statistics ("100%  999.9 MB / 999.9 MB  999.9 MB/s  ETA 99:99").
        this.barWidth = Math.max(10, Math.min(30, Terminal.width() - 1 - label.length() - 60));
    }

    /**
     * A bar for {@code total} bytes (-1 when unknown) labelled {@code label}; {@code terminal}
     * says whether {@code out} is a terminal, where the line is drawn and redrawn.
     */
    static ProgressBar start(PrintStream out, String label, long total, boolean terminal) {
        ProgressBar bar = new ProgressBar(out, label, total, terminal);
        if (terminal) {
            synchronized (bar) {
                bar.draw();
            }
        }
        return bar;
    }

    /** Counts {@code bytes} already there before the transfer started (a resumed download), not in the rate. */
    synchronized void resumeFrom(long bytes) {
        resumed += bytes;
        done += bytes;
    }

    /** Counts {@code bytes} more transferred, redrawing when the last drawing is 100 ms old. */
    synchronized void advance(long bytes) {
        done += bytes;
        if (terminal && !ended && System.nanoTime() - lastDraw >= REDRAW_NANOS) {
            draw();
        }
    }

    /** The bytes counted so far, resumed ones included. */
    synchronized long done() {
        return done;
    }

    /** Ends the bar with its summary line. */
    synchronized void finish() {
        if (ended) {
            return;
        }
        ended = true;
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        String summary = label + "  " + size(done) + " in " + duration(seconds) + ", " + size((long) ((done - resumed) / seconds))
                + "/s" + (resumed > 0 ? " (" + size(resumed) + " were already there)" : "");
        if (terminal) {
            out.print("\r" + pad(summary) + "\n");
        } else {
            out.println(summary);
        }
        out.flush();
    }

    /** Ends the bar without a summary (the transfer failed, and its error line follows). */
    synchronized void abandon() {
        if (!ended && terminal) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
        ended = true;
    }

    private void draw() {
        lastDraw = System.nanoTime();
        double seconds = (lastDraw - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - resumed) / seconds : 0;
        String stats;
        if (total > 0) {
            int percent = (int) Math.min(100, done * 100 / total);
            String eta = rate > 0 && done < total ? "  ETA " + clock((total - done) / rate) : "";
            stats = String.format(Locale.ROOT, "%3d%%  %s / %s  %s/s%s", percent, size(done), size(total),
                    size((long) rate), eta);
            int filled = (int) (barWidth * Math.min(1.0, (double) done / total));
            String bar = "=".repeat(filled) + (filled < barWidth ? ">" + " ".repeat(barWidth - filled - 1) : "");
            stats = "[" + bar + "]  " + stats;
        } else {
            stats = String.format(Locale.ROOT, "%s  %s/s  %s", size(done), size((long) rate), clock(seconds));
        }
        out.print("\r" + pad(fit(label, stats) + "  " + stats));
        out.flush();
    }

    /** The label shortened so that the line fits the terminal's width. */
    private static String fit(String label, String stats) {
        int room = Terminal.width() - 1 - stats.length() - 2;
        if (label.length() <= room) {
            return label;
        }
        return room <= 1 ? "" : "…" + label.substring(label.length() - room + 1);
    }

    /** The text padded with spaces over whatever longer line was drawn before. */
    private String pad(String text) {
        int width = text.length();
        String padded = width < lastWidth ? text + " ".repeat(lastWidth - width) : text;
        lastWidth = width;
        return padded;
    }

    /** Bytes in decimal units, as download tools show them: {@code 512 B}, {@code 1.5 kB}, {@code 12.3 MB}. */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String duration(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.2f s", seconds) : clock(seconds);
    }

    /** {@code m:ss}, or {@code h:mm:ss} past an hour. */
    private static String clock(double seconds) {
        long s = (long) Math.ceil(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
