package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * bin/courier on the jar that {@code package} built: what a new user runs after the README's first
 * command. Runs in the integration-test phase, after the jar exists.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "courier").toAbsolutePath().normalize();

    @Test
    void printsItsVersion() throws Exception {
        Run r = run("--version");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("courier 0.1.0");
    }

    @Test
    void runsTheDemo() throws Exception {
        Run r = run("demo", "--bench-duration", "1s");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("Courier demo", "Done.");
    }

    private record Run(int exit, String output) {}

    private static Run run(String... args) throws IOException, InterruptedException {
        assertThat(LAUNCHER).isExecutable();
        assertThat(Path.of("target", "courier.jar")).exists();
        Path log = Files.createTempFile("courier-launcher", ".log");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // The launcher picks the java on PATH or JAVA_HOME's: this test's own.
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("bin/courier " + String.join(" ", args) + " did not finish: " + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
