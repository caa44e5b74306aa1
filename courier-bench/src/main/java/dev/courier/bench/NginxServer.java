package dev.courier.bench;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.CertificateBuilder.KeyUsage;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The server of the comparison: Debian's nginx in a process of its own, one worker, configured
 * here on three free loopback ports:
 *
 * <ul>
 *   <li>{@link #httpPort}: cleartext HTTP/1.1;
 *   <li>{@link #tlsPort}: TLS with ALPN h2 (and http/1.1), certificate issued by a CA made at start;
 *   <li>{@link #h2cPort}: cleartext HTTP/2 by prior knowledge.
 * </ul>
 *
 * <p>Resources: /small (100 B), /big (100 MiB, a sparse file), /slow (2 KiB sent at 512 B/s, for
 * S6), and POST /upload, which reads the whole request body before it answers 200 "ok".
 *
 * <p>/small is answered from memory ({@code return 200}), not from a file. Served as a static file,
 * each response cost nginx an open, a sendfile and setsockopt calls turning TCP_CORK on and off
 * around it ({@code tcp_nopush}; two per response over HTTP/1.1, four over h2c), more than half of
 * its CPU per request: wrk reached 41k req/s on the file and 89k on the in-memory answer, on the
 * same worker. With the file, nginx's one core was the limit in S2, S3 and S3c for every client and
 * for wrk and h2load, and req/s measured the server, not the client.
 *
 * <p>nginx has no plain "read the body, then answer" handler: {@code return 200} answers at once
 * and discards the body afterwards, which would time the client's upload against a response it
 * already has. The mirror module does read the body first ({@code mirror_request_body on}); its
 * subrequest goes to an internal location that answers 204, then the static handler refuses the
 * POST (405) and {@code error_page 405 =200 @ok} answers 200.
 */
final class NginxServer implements AutoCloseable {
    static final Path NGINX = Path.of("/usr/sbin/nginx");

    final Path dir;
    final Path caPem;
    final int httpPort;
    final int tlsPort;
    final int h2cPort;
    private final Process master;

    private NginxServer(Path dir, Path caPem, int[] ports, Process master) {
        this.dir = dir;
        this.caPem = caPem;
        this.httpPort = ports[0];
        this.tlsPort = ports[1];
        this.h2cPort = ports[2];
        this.master = master;
    }

    static boolean installed() {
        return Files.isExecutable(NGINX);
    }

    /** nginx's version line, e.g. "nginx/1.22.1". */
    static String version() {
        return Tools.output(List.of(NGINX.toString(), "-v")).replace("nginx version:", "").trim();
    }

    /**
     * Writes the configuration, the files and the certificates under {@code dir} and starts
     * nginx; {@code cpu} is the CPU its worker is pinned to, or -1 for none.
     */
    static NginxServer start(Path dir, int cpu) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("slow"), "s".repeat(Scenario.SLOW_BYTES));
        Files.writeString(www.resolve("upload"), "ok\n");
        try (RandomAccessFile big = new RandomAccessFile(www.resolve("big").toFile(), "rw")) {
            big.setLength(Scenario.BIG_BYTES);
        }

        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder()
                .subject("CN=Courier bench CA")
                .notBefore(now.minus(Duration.ofHours(1)))
                .notAfter(now.plus(Duration.ofDays(7)))
                .ecp256()
                .setIsCertificateAuthority(true)
                .setKeyUsage(true, KeyUsage.keyCertSign, KeyUsage.cRLSign)
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder()
                .subject("CN=localhost")
                .notBefore(now.minus(Duration.ofHours(1)))
                .notAfter(now.plus(Duration.ofDays(7)))
                .ecp256()
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .setKeyUsage(true, KeyUsage.digitalSignature)
                .addExtendedKeyUsageServerAuth()
                .buildIssuedBy(ca);
        Path caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, ca.getCertificatePEM());
        Files.writeString(dir.resolve("server.pem"), server.getCertificatePEM());
        Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());

        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int[] ports = freePorts(3);
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(dir, ports, cpu), StandardCharsets.UTF_8);
            Files.deleteIfExists(dir.resolve("error.log"));
            Process p = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(),
                            "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile())
                    .start();
            NginxServer s = new NginxServer(dir, caPem, ports, p);
            // Also when the runner is stopped (SIGTERM, Ctrl-C): no nginx left behind.
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "nginx-stop"));
            try {
                s.awaitReady();
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
            }
        }
        throw last;
    }

    private static String config(Path dir, int[] ports, int cpu) {
        String d = dir.toAbsolutePath().toString();
        String affinity = cpu < 0 ? "" : "worker_cpu_affinity " + "1" + "0".repeat(cpu) + ";\n";
        // As root, nginx would run its worker as nobody, who may not reach the files of a private
        // directory; the worker keeps our user instead (not root: nginx ignores the directive).
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        return """
                # Written by dev.courier.bench.NginxServer for the peer comparison.
                daemon off;
                master_process on;
                worker_processes 1;
                %5$s%6$sworker_rlimit_nofile 16384;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 8192;
                    multi_accept on;
                }
                http {
                    access_log off;
                    default_type application/octet-stream;
                    sendfile on;
                    tcp_nopush on;
                    tcp_nodelay on;
                    keepalive_requests 1000000000;
                    keepalive_timeout 600s;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    ssl_certificate %1$s/server.pem;
                    ssl_certificate_key %1$s/server.key;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    server {
                        listen 127.0.0.1:%2$d backlog=4096;
                        listen 127.0.0.1:%3$d ssl http2 backlog=4096;
                        listen 127.0.0.1:%4$d http2 backlog=4096;
                        root %1$s/www;
                        location = /small { return 200 "%7$s"; }
                        location = /big { }
                        location = /slow { limit_rate 512; }
                        location = /upload {
                            client_max_body_size 2m;
                            client_body_buffer_size 2m;
                            mirror /read-body;
                            mirror_request_body on;
                            error_page 405 =200 @ok;
                        }
                        location = /read-body { internal; return 204; }
                        location @ok { default_type text/plain; return 200 "ok\\n"; }
                    }
                }
                """.formatted(d, ports[0], ports[1], ports[2], affinity, user, "x".repeat(Scenario.SMALL_BYTES));
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int port : new int[] {httpPort, tlsPort, h2cPort}) {
            while (true) {
                if (!master.isAlive()) {
                    throw new IOException("nginx exited with status " + master.exitValue() + ": " + log());
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("nginx is not listening on " + port + ": " + log());
                    }
                    Thread.sleep(50);
                }
            }
        }
        if (workerPid().isEmpty()) {
            throw new IOException("nginx has no worker process: " + log());
        }
        selfCheck();
    }

    /** The HTTP/1.1 resources answer as the scenarios expect (the clients check the HTTP/2 ports). */
    private void selfCheck() throws IOException {
        String base = "http://127.0.0.1:" + httpPort;
        expect(base + "/small", "GET", null, Scenario.SMALL_BYTES);
        expect(base + "/big", "HEAD", null, Scenario.BIG_BYTES);
        expect(base + "/upload", "POST", new byte[4096], 3);
    }

    private void expect(String url, String method, byte[] body, long length) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            if (body != null) {
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            long got = c.getContentLengthLong();
            if (status != 200 || got != length) {
                throw new IOException("nginx answers " + method + " " + url + " with status " + status + " and "
                        + got + " bytes (expected 200 and " + length + "): " + log());
            }
            if (!method.equals("HEAD")) {
                c.getInputStream().readAllBytes();
            }
        } finally {
            c.disconnect();
        }
    }

    /** nginx's own output and error log, for a failure message. */
    String log() {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] {"nginx.out", "error.log"}) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                b.append(Proc.read(p).strip()).append('\n');
            }
        }
        return b.toString().strip();
    }

    /** The worker's pid (the master's only child). */
    Optional<Long> workerPid() {
        return master.toHandle().children().map(ProcessHandle::pid).findFirst();
    }

    /** The worker's CPU time so far, in µs (0 if it is gone). */
    long workerCpuUs() {
        return workerPid().map(pid -> {
            try {
                return Proc.cpu(Long.toString(pid)).totalUs();
            } catch (RuntimeException e) {
                return 0L;
            }
        }).orElse(0L);
    }

    boolean alive() {
        return master.isAlive() && workerPid().isPresent();
    }

    @Override
    public void close() {
        // SIGTERM: nginx's fast shutdown; the worker goes with the master.
        master.destroy();
        try {
            if (!master.waitFor(10, TimeUnit.SECONDS)) {
                master.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
