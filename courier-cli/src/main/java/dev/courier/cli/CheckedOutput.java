package dev.courier.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Where a body is written (stdout or an {@code --output} file), failing loudly when it cannot be
 * written. A {@link PrintStream} swallows its write errors, so without this {@code courier URL | head
 * -c1} would read a long body to its end and {@code courier URL > /dev/full} would exit 0: here every
 * write is checked, and a failure is an {@code IOException("cannot write the output: ...")} that
 * ends the command (closing the response) with one line and exit code 1.
 *
 * <pre>{@code
 * try (OutputStream out = CheckedOutput.of(System.out, "stdout")) {
 *     in.transferTo(out); // throws when stdout is a closed pipe or a full disk
 * }
 * }</pre>
 */
final class CheckedOutput extends OutputStream {
    private final OutputStream out;
    private final String name;
    private final boolean closes;

    private CheckedOutput(OutputStream out, String name, boolean closes) {
        this.out = out;
        this.name = name;
        this.closes = closes;
    }

    /** {@code stream} checked after every write; closing this only flushes it (stdout stays open). */
    static CheckedOutput of(PrintStream stream, String name) {
        return new CheckedOutput(stream, name, false);
    }

    /** The file opened with {@code options}; closing this closes the file. */
    static CheckedOutput open(Path file, OpenOption... options) throws IOException {
        try {
            return new CheckedOutput(Files.newOutputStream(file, options), file.toString(), true);
        } catch (IOException e) {
            throw new IOException("cannot write the output: " + file + ": " + reason(e), e);
        }
    }

    /** A file already opened. */
    static CheckedOutput of(OutputStream file, Path name) {
        return new CheckedOutput(file, name.toString(), true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    @Override
    public void close() throws IOException {
        try {
            if (closes) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw failed(e);
        }
        check();
    }

    /** A PrintStream keeps its error to itself: {@code checkError()} flushes and tells. */
    private void check() throws IOException {
        if (out instanceof PrintStream print && print.checkError()) {
            throw new IOException("cannot write the output: " + name + " is closed or full");
        }
    }

    private IOException failed(IOException e) {
        return new IOException("cannot write the output: " + name + ": " + reason(e), e);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isEmpty() ? e.getClass().getSimpleName()
                : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : message;
    }
}
