package dev.courier.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.ConnectFailedException;
import dev.courier.EventListener;
import dev.courier.HttpVersion;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.support.Pools;
import dev.courier.support.servers.JettyServer;
import dev.courier.support.servers.TestCertificates;
import dev.courier.transport.HttpTransport;
import dev.courier.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The network events of {@link EventListener} (DNS, connect, TLS, connection acquired) from
 * {@link HttpTransport}, against Jetty on loopback: which come, in which order, for which request.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = ThreadMode.SEPARATE_THREAD)
class NetworkEventsTest {
    /** Records the send and network events as text, plus the requests they carried. */
    static final class Recorder implements EventListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final List<Throwable> connectFailures = new CopyOnWriteArrayList<>();
        final List<List<InetAddress>> lookups = new CopyOnWriteArrayList<>();

        private void add(Request request, String event) {
            requests.add(request);
            events.add(event);
        }

        @Override public void sendStart(Request r) { add(r, "sendStart"); }
        @Override public void sendEnd(Request r, Response s) { add(r, "sendEnd " + s.statusCode()); }
        @Override public void sendFailed(Request r, Throwable t) { add(r, "sendFailed"); }
        @Override public void dnsStart(Request r, String host) { add(r, "dnsStart " + host); }

        @Override
        public void dnsEnd(Request r, String host, List<InetAddress> addresses) {
            lookups.add(addresses);
            add(r, "dnsEnd " + host);
        }

        @Override public void connectStart(Request r, InetSocketAddress a) { add(r, "connectStart " + text(a)); }
        @Override public void connectEnd(Request r, InetSocketAddress a) { add(r, "connectEnd " + text(a)); }

        @Override
        public void connectFailed(Request r, InetSocketAddress a, Throwable failure) {
            connectFailures.add(failure);
            add(r, "connectFailed " + text(a));
        }

        @Override public void secureConnectStart(Request r) { add(r, "secureConnectStart"); }

        @Override
        public void secureConnectEnd(Request r, String tlsVersion) {
            add(r, "secureConnectEnd " + (tlsVersion != null && tlsVersion.startsWith("TLSv1.") ? "TLS" : tlsVersion));
        }

        @Override
        public void connectionAcquired(Request r, HttpVersion version, boolean reused) {
            add(r, "connectionAcquired " + version.label() + (reused ? " reused" : " new"));
        }

        private static String text(InetSocketAddress a) {
            return a == null ? "unix" : a.getAddress().getHostAddress() + ":" + a.getPort();
        }

        /** The events, with the connect events for addresses other than 127.0.0.1 left out. */
        List<String> onIpv4Loopback() {
            return events.stream().filter(e -> !e.startsWith("connect") || e.startsWith("connectionAcquired")
                    || e.contains(" 127.0.0.1:")).collect(Collectors.toList());
        }

        void clear() {
            events.clear();
            requests.clear();
        }
    }

    /** Throws from every network event. */
    static final class Throwing implements EventListener {
        private static RuntimeException bug() {
            return new IllegalStateException("listener bug");
        }

        @Override public void dnsStart(Request r, String host) { throw bug(); }
        @Override public void dnsEnd(Request r, String h, List<InetAddress> a) { throw bug(); }
        @Override public void connectStart(Request r, InetSocketAddress a) { throw bug(); }
        @Override public void connectEnd(Request r, InetSocketAddress a) { throw bug(); }
        @Override public void connectFailed(Request r, InetSocketAddress a, Throwable t) { throw bug(); }
        @Override public void secureConnectStart(Request r) { throw bug(); }
        @Override public void secureConnectEnd(Request r, String v) { throw bug(); }
        @Override public void connectionAcquired(Request r, HttpVersion v, boolean reused) { throw bug(); }
    }

    private static HttpTransport.Builder trustingTestCa() {
        byte[] ca = TestCertificates.localhost().ca().getCertificatePEM().getBytes(StandardCharsets.US_ASCII);
        return HttpTransport.builder().trustEnv(false).caCertificates(ca);
    }

    @Test
    void aHostNameIsLookedUpThenConnected() {
        Recorder recorder = new Recorder();
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
            Response r = c.get("http://localhost:" + server.port() + "/bytes/4").join();

            assertThat(r.content()).hasSize(4);
            int port = server.port();
            // localhost may also have ::1, tried first and refused (Jetty listens on 127.0.0.1 only).
            assertThat(recorder.onIpv4Loopback()).containsExactly("sendStart", "dnsStart localhost",
                    "dnsEnd localhost", "connectStart 127.0.0.1:" + port, "connectEnd 127.0.0.1:" + port,
                    "connectionAcquired HTTP/1.1 new", "sendEnd 200");
            assertThat(recorder.lookups).singleElement().satisfies(addresses ->
                    assertThat(addresses).extracting(InetAddress::getHostAddress).contains("127.0.0.1"));
            assertThat(recorder.events).filteredOn(e -> e.startsWith("connect") && !e.contains(" 127.0.0.1:")
                    && !e.startsWith("connectionAcquired")).allMatch(e -> !e.startsWith("connectEnd"));
            // One request object from sendStart to sendEnd, the one the response carries.
            assertThat(Set.copyOf(recorder.requests)).containsExactly(r.request());
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
    }

    @Test
    void anIpLiteralIsNotLookedUpAndAPooledConnectionIsReused() {
        Recorder recorder = new Recorder();
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
            String address = "127.0.0.1:" + server.port();
            c.get(server.url("/bytes/1")).join();
            assertThat(recorder.events).containsExactly("sendStart", "connectStart " + address,
                    "connectEnd " + address, "connectionAcquired HTTP/1.1 new", "sendEnd 200");

            recorder.clear();
            Pools.awaitQuiet(t);
            c.get(server.url("/bytes/1")).join();
            assertThat(recorder.events)
                    .containsExactly("sendStart", "connectionAcquired HTTP/1.1 reused", "sendEnd 200");
            assertThat(server.acceptedConnections()).isEqualTo(1);
        }
    }

    @Test
    void httpsWithHttp2ReportsTheHandshakeAndThenSharesTheConnection() {
        Recorder recorder = new Recorder();
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.localhost().server()).http2(true).start();
             HttpTransport t = trustingTestCa().build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
            String address = "127.0.0.1:" + server.port();
            Response first = c.get(server.url("/bytes/8")).join();
            assertThat(first.httpVersion()).isEqualTo("HTTP/2");
            assertThat(recorder.events).containsExactly("sendStart", "connectStart " + address,
                    "connectEnd " + address, "secureConnectStart", "secureConnectEnd TLS",
                    "connectionAcquired HTTP/2 new", "sendEnd 200");

            recorder.clear();
            Response second = c.get(server.url("/bytes/8")).join();
            assertThat(recorder.events).containsExactly("sendStart", "connectionAcquired HTTP/2 reused", "sendEnd 200");
            assertThat(Set.copyOf(recorder.requests)).containsExactly(second.request());
            assertThat(server.acceptedConnections()).isEqualTo(1);
            assertThat(Pools.awaitQuiet(t).inUse()).isZero();
        }
    }

    @Test
    void aClosedPortFailsTheConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        Recorder recorder = new Recorder();
        try (HttpTransport t = HttpTransport.builder().trustEnv(false).build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
            assertThatThrownBy(() -> c.get("http://127.0.0.1:" + port + "/").join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(ConnectFailedException.class);
            assertThat(recorder.events).containsExactly("sendStart", "connectStart 127.0.0.1:" + port,
                    "connectFailed 127.0.0.1:" + port, "sendFailed");
            assertThat(recorder.connectFailures).singleElement().isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aUnixSocketConnectsWithoutAnAddressOrALookup() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cevt");
        Path socket = dir.resolve("s.sock");
        Recorder recorder = new Recorder();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answering = new Thread(() -> answerOnce(server), "unix-answer");
            answering.setDaemon(true);
            answering.start();
            try (HttpTransport t = HttpTransport.builder().unixSocket(socket).build();
                 AsyncClient c = AsyncClient.builder().transport(t).eventListener(recorder).build()) {
                assertThat(c.get("http://localhost/").join().text()).isEqualTo("ok");
            }
            answering.join(10_000);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
        assertThat(recorder.events).containsExactly("sendStart", "connectStart unix", "connectEnd unix",
                "connectionAcquired HTTP/1.1 new", "sendEnd 200");
    }

    /** Reads one request head and answers it, closing the connection. */
    private static void answerOnce(ServerSocketChannel server) {
        try (SocketChannel ch = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(8192);
            String head = "";
            while (!head.contains("\r\n\r\n") && ch.read(in) >= 0) {
                head = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            }
            ch.write(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            // The client's assertion reports what went wrong.
        }
    }

    @Test
    void listenerExceptionsDoNotBreakTheCall() {
        Recorder recorder = new Recorder();
        try (JettyServer server = JettyServer.builder().tls(TestCertificates.localhost().server()).http2(true).start();
             HttpTransport t = trustingTestCa().build();
             AsyncClient c = AsyncClient.builder().transport(t).eventListener(new Throwing())
                     .eventListener(recorder).build()) {
            Response r = c.get("https://localhost:" + server.port() + "/bytes/3").join();

            assertThat(r.content()).hasSize(3);
            assertThat(recorder.onIpv4Loopback()).containsExactly("sendStart", "dnsStart localhost",
                    "dnsEnd localhost", "connectStart 127.0.0.1:" + server.port(),
                    "connectEnd 127.0.0.1:" + server.port(), "secureConnectStart", "secureConnectEnd TLS",
                    "connectionAcquired HTTP/2 new", "sendEnd 200");
        }
    }

    @Test
    void aSharedTransportReportsToTheSendingClientOnly() {
        Recorder recorder = new Recorder();
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).build()) {
            // Neither client closes the transport they share (the test does).
            Transport shared = t::send;
            AsyncClient quiet = AsyncClient.builder().transport(shared).build();
            AsyncClient listened = AsyncClient.builder().transport(shared).eventListener(recorder).build();

            quiet.get(server.url("/bytes/1")).join();
            assertThat(recorder.events).isEmpty();
            Pools.awaitQuiet(t);
            listened.get(server.url("/bytes/1")).join();
            assertThat(recorder.events)
                    .containsExactly("sendStart", "connectionAcquired HTTP/1.1 reused", "sendEnd 200");

            // A request kept from the listened client and sent by the quiet one reports nothing.
            Request kept = listened.get(server.url("/bytes/1")).join().request();
            recorder.clear();
            Pools.awaitQuiet(t);
            quiet.send(kept).join();
            assertThat(recorder.events).isEmpty();
            quiet.close();
            listened.close();
        }
    }

    @Test
    void aWrappingTransportThatCopiesTheRequestPassesTheEventsOn() {
        Recorder recorder = new Recorder();
        List<Request> seen = new ArrayList<>();
        try (JettyServer server = JettyServer.start();
             HttpTransport t = HttpTransport.builder().trustEnv(false).build()) {
            Transport wrapping = request -> {
                Request signed = request.withHeader("X-Signed", "yes");
                seen.add(signed);
                return t.send(signed);
            };
            try (AsyncClient c = AsyncClient.builder().transport(wrapping).eventListener(recorder).build()) {
                c.get(server.url("/bytes/1")).join();
            }
            String address = "127.0.0.1:" + server.port();
            assertThat(recorder.events).containsExactly("sendStart", "connectStart " + address,
                    "connectEnd " + address, "connectionAcquired HTTP/1.1 new", "sendEnd 200");
            // The network events carry the copy the wrapper sent.
            assertThat(recorder.requests.get(1)).isSameAs(seen.get(0));
        }
    }
}
