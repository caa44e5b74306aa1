package dev.courier.cli;

import dev.courier.testing.TestServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courier serve}: the embedded httpbin-compatible {@link TestServer} from courier-testing, on
 * 127.0.0.1, until Ctrl-C. The cleartext port speaks HTTP/1.1 and h2c (prior knowledge); the TLS
 * port h2 and http/1.1 by ALPN, with a certificate from a CA made at start, whose PEM is written to
 * a file so that clients can trust it.
 *
 * <pre>
 * courier serve --port 8080
 * courier :8080/get q==1
 * courier serve --tls --port 8443 --ca-file ca.pem
 * courier --verify ca.pem https://127.0.0.1:8443/get
 * </pre>
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the embedded httpbin-compatible test server on 127.0.0.1 until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The port (0 picks a free one; default ${DEFAULT-VALUE}). With --tls, the TLS port.")
    int port;

    @Option(names = "--tls", description = "Serve TLS (h2 and http/1.1 by ALPN) on --port; cleartext then gets a free port.")
    boolean tls;

    @Option(names = "--http2", description = "HTTP/2 only: ALPN offers h2 alone, and the cleartext port wants h2c prior knowledge.")
    boolean http2Only;

    @Option(names = "--ca-file", paramLabel = "PATH",
            description = "Where to write the CA certificate (PEM) that clients should trust (default: a file in the temp directory).")
    Path caFile;

    @Option(names = "--debug", hidden = true)
    boolean debug;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0 to 65535, not " + port);
        }
        TestServer.Builder builder = TestServer.builder().http1(!http2Only);
        TestServer server = (tls ? builder.tlsPort(port) : builder.port(port)).start();
        CountDownLatch stopped = new CountDownLatch(1);
        // A CA file of our own choosing (no --ca-file) is the server's: it goes when the server does.
        Path ca = caFile != null ? caFile : Files.createTempFile("courier-serve-ca-", ".pem");
        Path temporary = caFile != null ? null : ca;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // best effort: it is in the temp directory
                }
            }
            stopped.countDown();
        }, "courier-serve-stop"));
        Files.write(ca, server.caCertificatePem());
        print(System.out, server, ca);
        stopped.await();
        return ExitCodes.OK;
    }

    private void print(PrintStream out, TestServer server, Path ca) {
        String cleartext = http2Only ? "h2c (prior knowledge) only" : "HTTP/1.1 and h2c (prior knowledge)";
        String secure = http2Only ? "h2 only" : "h2 and http/1.1 (ALPN)";
        out.println("courier serve: httpbin-compatible endpoints (/get, /post, /status/418, /redirect/3, ...)");
        out.println("  " + server.url("") + "   " + cleartext);
        out.println("  " + server.httpsUrl("") + "  " + secure + ", CA certificate " + ca.toAbsolutePath());
        String first = tls ? "--verify " + ca.toAbsolutePath() + " " + server.httpsUrl("/get") : server.url("/get");
        out.println("Try: courier " + first + " q==1     Stop: Ctrl-C");
        out.flush();
    }
}
