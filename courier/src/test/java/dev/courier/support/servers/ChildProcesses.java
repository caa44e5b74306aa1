package dev.courier.support.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stopping the daemons the fixtures start (nginx, httpbin) and reading their logs, the same way
 * for each: SIGTERM, a bounded wait, then SIGKILL for the process and anything it spawned.
 *
 * <pre>{@code
 * ChildProcesses.stop(process);
 * String log = ChildProcesses.readText(errorLog);
 * }</pre>
 */
final class ChildProcesses {
    private ChildProcesses() {}

    /** Stops {@code process} and its descendants; bounded, never throws. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** A log file's text for a failure message; empty when absent, a note when unreadable. */
    static String readText(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
