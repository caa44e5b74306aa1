package dev.courier.support.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS front for a plain TCP service on loopback: accepts TLS on 127.0.0.1 (the certificate of
 * {@link TestCertificates#localhost()}) and pipes the decrypted bytes to {@code 127.0.0.1:target}
 * and back. It makes an https:// proxy out of tinyproxy, which speaks no TLS itself. One thread
 * accepts, two copy per connection; {@link #close()} closes every socket and so ends them all.
 *
 * <pre>{@code
 * try (TinyproxyServer proxy = TinyproxyServer.builder().start();
 *      TlsTerminator tls = TlsTerminator.start(proxy.port())) {
 *     String httpsProxy = "https://localhost:" + tls.port();
 * }
 * }</pre>
 */
public final class TlsTerminator implements AutoCloseable {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final SSLServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private TlsTerminator(SSLServerSocket server, int target) {
        this.server = server;
        this.target = target;
        this.acceptor = new Thread(this::acceptAll, "tls-terminator-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a front for {@code 127.0.0.1:targetPort} on an ephemeral port. */
    public static TlsTerminator start(int targetPort) {
        try {
            KeyStore keys = TestCertificates.localhost().serverKeyStore(PASSWORD);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            return new TlsTerminator(server, targetPort);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the TLS front", e);
        }
    }

    /** The TLS port. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many TLS connections were accepted. */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                upstream.connect(new InetSocketAddress("127.0.0.1", target), 5_000);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // One side closed: the other goes too (both streams close above).
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tls-terminator-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(TlsTerminator::closeQuietly);
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
