package dev.courier.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY §0.1(d): {@code -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE}
 * turns Netty's default hostname check off JVM-wide; Courier's must survive it. The property is
 * read once per JVM, so the check runs in a forked one.
 */
class TlsEndpointPropertyTest {
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void wrongHostStillFailsWhenTheJvmPropertyTurnsNettysCheckOff() throws Exception {
        List<String> lines = runProbe("-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE");
        // The control proves the property took effect: Netty's own handler now accepts the wrong host.
        assertThat(lines).contains("CONTROL success");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("COURIER failure: TLS handshake with localhost:\\d+ failed: certificate does not match host localhost"));
    }

    @Test
    void withoutThePropertyBothRefuseTheWrongHost() throws Exception {
        List<String> lines = runProbe();
        assertThat(lines).contains("CONTROL failure");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("COURIER failure: "));
    }

    private List<String> runProbe(String... jvmOptions) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EndpointVerificationProbe.class.getName());
        File output = tmp.resolve("probe.out").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
        try {
            if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("probe did not finish in " + WAIT_SECONDS + " s: "
                        + Files.readString(output.toPath(), StandardCharsets.UTF_8));
            }
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        List<String> lines = Files.readAllLines(output.toPath(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("probe exit status; output: %s", lines).isZero();
        return lines;
    }
}
