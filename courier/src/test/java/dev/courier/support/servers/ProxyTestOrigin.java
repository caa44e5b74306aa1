package dev.courier.support.servers;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The origin server of the proxy fixture tests ({@link TinyproxyFixtureTest},
 * {@link SquidFixtureTest}, {@link DanteFixtureTest}), so they prove a proxy works without Courier:
 * the JDK's own HttpServer on 127.0.0.1, answering {@code /hello} with {@link #HELLO} followed by
 * the {@code Via} header it got ({@code via=...}, {@code -} when none), and recording each request
 * it saw. Plus {@link #exchange}, a raw HTTP/1.1 exchange over a socket, for what the JDK client
 * will not do plainly (Basic for proxies is off by default in it; CONNECT by hand).
 *
 * <pre>{@code
 * try (ProxyTestOrigin origin = ProxyTestOrigin.start()) {
 *     String url = origin.url("/hello");                  // http://127.0.0.1:PORT/hello
 *     String response = ProxyTestOrigin.exchange(socket, "GET " + url + " HTTP/1.1\r\n...");
 * }
 * }</pre>
 */
final class ProxyTestOrigin implements AutoCloseable {
    static final String HELLO = "hello from the origin";

    private final HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private ProxyTestOrigin(HttpServer server) {
        this.server = server;
    }

    static ProxyTestOrigin start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ProxyTestOrigin origin = new ProxyTestOrigin(server);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    String via = exchange.getRequestHeaders().getFirst("Via");
                    origin.seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                    boolean hello = exchange.getRequestURI().getPath().equals("/hello");
                    byte[] body = (hello ? HELLO + "\nvia=" + (via == null ? "-" : via) + "\n" : "not found\n")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                    exchange.sendResponseHeaders(hello ? 200 : 404, body.length);
                    exchange.getResponseBody().write(body);
                }
            });
            server.start();
            return origin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}, a CONNECT target. */
    String authority() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT/path}. */
    String url(String path) {
        return "http://" + authority() + path;
    }

    /** The requests it answered so far, as {@code METHOD /path}. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * Writes {@code request} (the whole head, ending in a blank line) and reads the response: its
     * head when the response is to CONNECT ({@code untilHead}), else everything up to EOF (send
     * {@code Connection: close}). The socket should have a read timeout.
     */
    static String exchange(Socket socket, String request, boolean untilHead) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b; (b = in.read()) >= 0; ) {
            response.write(b);
            last4 = (last4 << 8) | b;
            if (untilHead && last4 == 0x0d0a0d0a) {
                break;
            }
            if (response.size() > (1 << 20)) {
                throw new IOException("a response over 1 MiB: " + response.toString(StandardCharsets.ISO_8859_1).substring(0, 200));
            }
        }
        return response.toString(StandardCharsets.UTF_8);
    }

    /** The status code of a raw response ({@code HTTP/1.1 407 ...} gives 407). */
    static int status(String response) {
        String[] first = response.split("\r\n", 2)[0].split(" ");
        return first.length >= 2 ? Integer.parseInt(first[1]) : -1;
    }

    /** A request head for {@code target}, with {@code Connection: close} and the given extra lines. */
    static String request(String method, String target, String host, String... headers) {
        StringBuilder r = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        r.append("Host: ").append(host).append("\r\n");
        for (String header : headers) {
            r.append(header).append("\r\n");
        }
        if (!method.equals("CONNECT")) {
            r.append("Connection: close\r\n");
        }
        return r.append("\r\n").toString();
    }
}
