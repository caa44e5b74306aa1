package dev.courier.support.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stopping the daemons the fixtures start (nginx, httpbin), reading their logs and removing the
 * temporary directories they ran in, the same way for each: SIGTERM, a bounded wait, then SIGKILL
 * for the process and anything it spawned.
 *
 * <pre>{@code
 * ChildProcesses.stop(process);
 * String log = ChildProcesses.readText(errorLog);
 * ChildProcesses.deleteTree(workDir);
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

    /** Deletes {@code root} and everything under it; nothing when it does not exist. */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
