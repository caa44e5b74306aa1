package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code courier demo} as a process on a pipe: every step runs, nothing but loopback, exit 0. */
class DemoCommandTest {
    @Test
    void toursEveryStepAndExitsZero() {
        CliProcess.Result r = CliProcess.run("demo", "--bench-duration", "1s");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("1. GET with query parameters", "args {\"q\":\"courier\",\"page\":\"2\"}")
                .contains("2. POST a JSON body", "\"stars\":5")
                .contains("3. Redirects", "history: 302 /redirect/3 -> 302 /relative-redirect/2")
                .contains("4. Cookies", "[flavour]", "{\"flavour\":\"oatmeal\"}")
                .contains("5. Basic and digest", "authenticated true")
                .contains("6. Compressed", "Content-Encoding gzip", "Content-Encoding br")
                .contains("7. A streamed download", "8388608 bytes streamed")
                .contains("8. 100 requests multiplexed", "100 x 200", "HTTP/2", "1 TLS connection open")
                .contains("9. A 1s load test")
                .contains("Done.")
                .doesNotContain("\u001b[");
        assertThat(r.stderr()).doesNotContain("Exception");
    }
}
