package dev.courier.support.servers;

import static dev.courier.support.servers.ProxyTestOrigin.exchange;
import static dev.courier.support.servers.ProxyTestOrigin.request;
import static dev.courier.support.servers.ProxyTestOrigin.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** {@link DanteServer}: SOCKS5 without and with username auth, its log, a clean stop. */
class DanteFixtureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Exercises the shadow hash: a space, a colon, non-ASCII (UTF-8 on the wire). */
    private static final String PASSWORD = "s3cret pa:ss wörd";
    /** The JDK's SOCKS client sends the password in ISO-8859-1: ASCII is the same either way. */
    private static final String ASCII_PASSWORD = "s3cret pa:ss word";

    @Test
    void connectsWithoutAuthAndLogsIt() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             DanteServer dante = DanteServer.builder().start();
             Socket socket = new Socket(dante.proxy())) {
            assertThat(dante.url()).isEqualTo("socks5://127.0.0.1:" + dante.port());
            assertThat(dante.user()).isNull();
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.connect(new InetSocketAddress("127.0.0.1", origin.port()), (int) TIMEOUT.toMillis());
            String response = exchange(socket, request("GET", "/hello", origin.authority()), false);
            assertThat(status(response)).isEqualTo(200);
            assertThat(response).contains(ProxyTestOrigin.HELLO, "via=-");
            assertThat(origin.seen()).containsExactly("GET /hello");
            assertThat(dante.awaitConnection("127.0.0.1", origin.port(), TIMEOUT)).isTrue();
            assertThat(dante.connections()).containsExactly(new DanteServer.Connection(null, "127.0.0.1", origin.port()));
            assertThat(dante.sawConnection("127.0.0.1", origin.port() + 1)).isFalse();
        }
    }

    @Test
    void aHostNameTargetIsResolvedAndLogged() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             DanteServer dante = DanteServer.builder().start();
             Socket socket = new Socket(dante.proxy())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            // unresolved: the JDK sends the name, dante resolves it (/etc/hosts)
            socket.connect(InetSocketAddress.createUnresolved("localhost", origin.port()), (int) TIMEOUT.toMillis());
            assertThat(status(exchange(socket, request("GET", "/hello", "localhost:" + origin.port()), false))).isEqualTo(200);
            assertThat(dante.awaitConnection("127.0.0.1", origin.port(), TIMEOUT)).isTrue();
        }
    }

    @Test
    void usernameAuthLetsTheUserInWithTheJdksSocksClient() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             DanteServer dante = DanteServer.builder().usernameAuth("alice", ASCII_PASSWORD).start()) {
            assertThat(dante.urlWithCredentials())
                    .isEqualTo("socks5://alice:s3cret%20pa%3Ass%20word@127.0.0.1:" + dante.port());
            Authenticator previous = Authenticator.getDefault();
            Authenticator.setDefault(dante.authenticator());
            try (Socket socket = new Socket(dante.proxy())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.connect(new InetSocketAddress("127.0.0.1", origin.port()), (int) TIMEOUT.toMillis());
                String response = exchange(socket, request("GET", "/hello", origin.authority()), false);
                assertThat(status(response)).isEqualTo(200);
                assertThat(response).contains(ProxyTestOrigin.HELLO);
            } finally {
                Authenticator.setDefault(previous);
            }
            assertThat(dante.awaitConnection("127.0.0.1", origin.port(), TIMEOUT)).isTrue();
            assertThat(dante.connections()).containsExactly(new DanteServer.Connection("alice", "127.0.0.1", origin.port()));
        }
    }

    @Test
    void usernameAuthRefusesWrongCredentialsAndClientsWithoutThem() throws Exception {
        try (ProxyTestOrigin origin = ProxyTestOrigin.start();
             DanteServer dante = DanteServer.builder().usernameAuth("alice", PASSWORD).start()) {
            assertThat(login(dante, "alice", PASSWORD, origin.port())).as("the right password").isEqualTo(0);
            assertThat(login(dante, "alice", "nope", origin.port())).as("a wrong password").isNotEqualTo(0);
            assertThat(login(dante, "bob", PASSWORD, origin.port())).as("an unknown user").isNotEqualTo(0);
            assertThat(login(dante, "root", "", origin.port())).as("a real account").isNotEqualTo(0);
            try (Socket socket = new Socket("127.0.0.1", dante.port())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write(new byte[] {5, 1, 0}); // offers "no auth" only
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertThat(in.readUnsignedByte()).isEqualTo(5);
                assertThat(in.readUnsignedByte()).as("no acceptable method").isEqualTo(0xff);
            }
            assertThat(dante.log()).contains("system password authentication failed for user \"alice\"");
            assertThat(dante.connections()).containsExactly(new DanteServer.Connection("alice", "127.0.0.1", origin.port()));
            assertThat(origin.seen()).isEmpty(); // login() connects but sends nothing
        }
    }

    @Test
    void stopsCleanlyWithItsChildren() throws Exception {
        for (boolean auth : new boolean[] {false, true}) {
            DanteServer.Builder builder = DanteServer.builder();
            if (auth) {
                builder.usernameAuth("alice", PASSWORD);
            }
            DanteServer dante = builder.start();
            int port;
            Path dir;
            ProcessHandle process;
            List<ProcessHandle> children;
            try (dante) {
                port = dante.port();
                dir = dante.directory();
                process = dante.process();
                assertThat(Files.isRegularFile(dir.resolve("danted.conf"))).isTrue();
                assertThat(process.isAlive()).isTrue();
                // the port accepts (the mother's listen socket) a moment before the children exist
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (process.descendants().count() < 3 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                children = process.descendants().toList();
                assertThat(children).as("dante's negotiate, request and io children").hasSizeGreaterThanOrEqualTo(3);
                assertThat(process.info().command()).hasValue(DanteServer.DANTED.toString());
                while (!dante.log().contains(" running") && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                assertThat(dante.log()).contains(" running");
            }
            assertThat(process.isAlive()).isFalse();
            for (ProcessHandle child : children) {
                assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(10));
            }
            assertThat(Files.exists(dir)).isFalse();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void md5CryptHashesMatchOpenssl() {
        // openssl passwd -1 -salt SALT PASSWORD
        assertThat(Md5Crypt.hash("p4ss word", "$1$", "abcdefgh")).isEqualTo("$1$abcdefgh$.T7YqRMfgCtqZfwqciu.z/");
        assertThat(Md5Crypt.hash("a much longer password, over sixteen bytes", "$1$", "x.y/Z09"))
                .isEqualTo("$1$x.y/Z09$IHhhLwlDNf5Nfa.yoX9IE/");
        assertThat(Md5Crypt.md5("x")).matches("\\$1\\$[./0-9A-Za-z]{8}\\$[./0-9A-Za-z]{22}");
    }

    @Test
    void badCredentialsAreRefusedByTheBuilder() {
        assertThatThrownBy(() -> DanteServer.builder().usernameAuth("al:ice", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DanteServer.builder().usernameAuth("alice", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DanteServer.builder().usernameAuth("alice", "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAuthThereAreNoCredentials() {
        try (DanteServer dante = DanteServer.builder().start()) {
            assertThatThrownBy(dante::urlWithCredentials).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(dante::authenticator).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aMissingDantedSkipsLocallyAndFailsOnCi() {
        Path missing = Path.of("/nonexistent/danted");
        assertThatThrownBy(() -> DanteServer.checkInstalled(missing, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("danted is not installed: .ci/run installs it (apt-get install -y dante-server)");
        assertThatThrownBy(() -> DanteServer.checkInstalled(missing, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install -y dante-server");
    }

    @Test
    void noMountNamespaceSkipsLocallyAndFailsOnCi() {
        String output = "unshare: unshare failed: Operation not permitted";
        assertThatThrownBy(() -> DanteServer.requireNamespace(false, output, "true"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("private mount namespace")
                .hasMessageContaining(output);
        assertThatThrownBy(() -> DanteServer.requireNamespace(false, output, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("unprivileged user namespaces");
    }

    /**
     * A SOCKS5 handshake by hand with username auth (RFC 1929), then CONNECT to 127.0.0.1:port
     * when the login worked: the auth status (0 is success), or -1 when dante just closed.
     */
    private static int login(DanteServer dante, String user, String password, int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", dante.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(new byte[] {5, 1, 2}); // username/password only
            assertThat(in.readUnsignedByte()).isEqualTo(5);
            assertThat(in.readUnsignedByte()).as("dante picks username/password").isEqualTo(2);
            byte[] u = user.getBytes(StandardCharsets.UTF_8);
            byte[] p = password.getBytes(StandardCharsets.UTF_8);
            out.write(1);
            out.write(u.length);
            out.write(u);
            out.write(p.length);
            out.write(p);
            out.flush();
            int status;
            try {
                assertThat(in.readUnsignedByte()).isEqualTo(1);
                status = in.readUnsignedByte();
            } catch (EOFException e) {
                return -1;
            }
            if (status == 0) {
                out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
                out.flush();
                byte[] reply = new byte[10];
                in.readFully(reply);
                assertThat(reply[1]).as("CONNECT succeeded").isEqualTo((byte) 0);
            }
            return status;
        }
    }
}
