package dev.courier.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's python3-httpbin as a child process on 127.0.0.1 (a trimmed copy of courier's
 * {@code HttpbinServer} test fixture, which lives in another module's test scope), for the parity
 * tests (this module's parity test and, through the test jar, courier-cli's). When {@code /usr/bin/python3} cannot import httpbin the calling test is skipped, unless
 * {@code CI=true}, where it fails.
 *
 * <pre>{@code
 * try (HttpbinProcess httpbin = HttpbinProcess.start()) {
 *     client.get(httpbin.url("/get")).join();
 * }
 * }</pre>
 */
public final class HttpbinProcess implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern PORT = Pattern.compile("courier-httpbin port=(\\d+)");
    // Werkzeug's threaded server on port 0; the child prints the port it bound, so there is no race.
    private static final String LAUNCHER = String.join("\n",
            "import sys",
            "from werkzeug.serving import make_server",
            "from httpbin import app",
            "server = make_server('127.0.0.1', 0, app, threaded=True)",
            "sys.stdout.write('courier-httpbin port=%d\\n' % server.port)",
            "sys.stdout.flush()",
            "server.serve_forever()",
            "");
    /** 400 polls of 50 ms: a bounded wait of about 20 s for the port line. */
    private static final int MAX_POLLS = 400;

    private final Process process;
    private final Path log;
    private final int port;

    private HttpbinProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static HttpbinProcess start() throws IOException, InterruptedException {
        assumeInstalled();
        Path log = Files.createTempFile("courier-httpbin-", ".log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-I", "-u", "-c", LAUNCHER)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("DEBUG"); // httpbin would act on it
        Process process = builder.start();
        for (int poll = 0; poll < MAX_POLLS && process.isAlive(); poll++) {
            Matcher m = PORT.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new HttpbinProcess(process, log, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(50);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        stop(process);
        Files.deleteIfExists(log);
        throw new IllegalStateException("httpbin did not start; its output:\n" + output);
    }

    private static void assumeInstalled() throws IOException, InterruptedException {
        boolean installed = false;
        if (Files.isExecutable(PYTHON)) {
            Process p = new ProcessBuilder(PYTHON.toString(), "-I", "-c", "import httpbin")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            installed = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (p.isAlive()) {
                stop(p);
            }
        }
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("python3-httpbin is not installed: .ci/run installs it");
        }
        Assumptions.assumeTrue(installed, "python3-httpbin is not installed (" + PYTHON
                + " cannot import httpbin); apt-get install -y python3-httpbin");
    }

    /** The port httpbin listens on. */
    public int urlPort() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws IOException {
        stop(process);
        Files.deleteIfExists(log);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
