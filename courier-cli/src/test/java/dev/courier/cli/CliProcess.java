package dev.courier.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the courier command as a separate process (a JVM on this test's class path), with stdout
 * and stderr captured: output on a pipe, exit codes and all, as a user's shell sees them.
 *
 * <pre>{@code
 * CliProcess.Result r = CliProcess.run("GET", server.url("/get"), "q==1");
 * assertThat(r.exitCode()).isZero();
 * }</pre>
 */
final class CliProcess {
    private static final long TIMEOUT_SECONDS = 120;

    private final List<String> args = new ArrayList<>();
    private final Map<String, String> env = new HashMap<>();
    private Path directory;
    private byte[] stdin = new byte[0];

    private CliProcess(List<String> args) {
        this.args.addAll(args);
    }

    /** Runs {@code courier args...} with a clean proxy environment and waits (bounded) for it. */
    static Result run(String... args) {
        return of(args).run();
    }

    static CliProcess of(String... args) {
        return new CliProcess(List.of(args));
    }

    CliProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliProcess directory(Path directory) {
        this.directory = directory;
        return this;
    }

    CliProcess stdin(String text) {
        this.stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The JVM command line that runs the CLI's main class on this test's class path. */
    static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    Result run() {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) builder.directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        for (String proxy : List.of("http_proxy", "https_proxy", "all_proxy", "no_proxy",
                "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")) {
            environment.remove(proxy);
        }
        environment.putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // the command may exit without reading its input
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("courier " + args + " did not finish in " + TIMEOUT_SECONDS + " s; stderr: "
                        + new String(err.getNow(new byte[0]), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("running courier " + args, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What the process left: its exit code, stdout (bytes and text) and stderr. */
    record Result(int exitCode, byte[] stdoutBytes, byte[] stderrBytes) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        String stderr() {
            return new String(stderrBytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr();
        }
    }
}
