package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courier [METHOD] URL [ITEM...]} run as a process against the embedded TestServer: exit
 * codes, output on a pipe, the print options, every request item as the server echoes it, auth,
 * TLS, HTTP/2, sessions, timings and failures. Each process costs a JVM start, so one process
 * checks several things where they belong together.
 */
class RequestCommandProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static JsonNode json(CliProcess.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.stdout());
    }

    /** No stack trace and exactly one line on stderr. */
    private static void assertOneLineError(CliProcess.Result r) {
        assertThat(r.stderr()).as(r.toString()).startsWith("courier: ").doesNotContain("\tat ");
        assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
    }

    @Test
    void pipedOutputIsTheExactBodyAndTimingsGoToStderr() {
        byte[] expected = server.client().get(server.url("/bytes/3000?seed=7")).join().content();
        CliProcess.Result r = CliProcess.run(server.url("/bytes/3000?seed=7"), "--timings");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutBytes()).isEqualTo(expected);
        assertThat(r.stderr()).matches("dns -  connect [0-9.]+ ms  tls -  first byte [0-9.]+ ms  total [0-9.]+ ms\\R");
    }

    @Test
    void everyRequestItemKindAsTheServerEchoesIt() throws IOException {
        // No scheme: http:// is assumed. No METHOD with data: POST.
        String url = server.url("/anything").substring("http://".length());
        JsonNode echo = json(CliProcess.run(url, "X-Trace:abc", "X-Empty;", "User-Agent:", "q==search", "q==again",
                "name=courier", "stars:=5", "tags:=[\"a\",\"b\"]", "a\\:b=escaped"));
        assertThat(echo.path("method").asText()).isEqualTo("POST");
        JsonNode headers = echo.path("headers");
        assertThat(headers.path("X-Trace").asText()).isEqualTo("abc");
        assertThat(headers.has("X-Empty")).isTrue();
        assertThat(headers.path("X-Empty").asText()).isEmpty();
        assertThat(headers.has("User-Agent")).as("a removed default header").isFalse();
        assertThat(headers.path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(headers.path("Accept").asText()).isEqualTo("application/json, */*;q=0.5");
        assertThat(echo.path("args").path("q").toString()).isEqualTo("[\"search\",\"again\"]");
        assertThat(echo.path("json").toString())
                .isEqualTo("{\"name\":\"courier\",\"stars\":5,\"tags\":[\"a\",\"b\"],\"a:b\":\"escaped\"}");
    }

    @Test
    void formWithAFileIsMultipart() throws IOException {
        Path file = Files.writeString(dir.resolve("note.txt"), "hello file\n");
        JsonNode echo = json(CliProcess.run("--form", "PUT", server.url("/anything"), "title=Holiday", "title=Two",
                "note@" + file));
        assertThat(echo.path("method").asText()).isEqualTo("PUT");
        assertThat(echo.path("headers").path("Content-Type").asText()).startsWith("multipart/form-data; boundary=");
        assertThat(echo.path("form").path("title").toString()).isEqualTo("[\"Holiday\",\"Two\"]");
        assertThat(echo.path("files").path("note").asText()).isEqualTo("hello file\n");
    }

    @Test
    void formWithoutFilesIsUrlencodedAndValuesComeFromFiles() throws IOException {
        Path value = Files.writeString(dir.resolve("value.txt"), "from a file");
        JsonNode echo = json(CliProcess.run("-f", server.url("/anything"), "a=1", "b=@" + value));
        assertThat(echo.path("headers").path("Content-Type").asText()).startsWith("application/x-www-form-urlencoded");
        assertThat(echo.path("form").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"from a file\"}");
    }

    @Test
    void bodyFromAFileAndFromStdin() throws IOException {
        Path body = Files.writeString(dir.resolve("body.json"), "{\"from\": \"file\"}");
        JsonNode fromFile = json(CliProcess.run("PATCH", server.url("/anything"), "@" + body));
        assertThat(fromFile.path("method").asText()).isEqualTo("PATCH");
        assertThat(fromFile.path("data").asText()).isEqualTo("{\"from\": \"file\"}");
        assertThat(fromFile.path("headers").path("Content-Type").asText()).isEqualTo("application/json");

        JsonNode fromStdin = json(CliProcess.of(server.url("/anything")).stdin("{\"from\": \"stdin\"}").run());
        assertThat(fromStdin.path("method").asText()).isEqualTo("POST");
        assertThat(fromStdin.path("json").path("from").asText()).isEqualTo("stdin");
    }

    @Test
    void verbosePrintsRequestAndResponseWithoutColoursOnAPipe() {
        CliProcess.Result r = CliProcess.run("-v", server.url("/post"), "name=courier");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String out = r.stdout();
        assertThat(out).startsWith("POST /post HTTP/1.1\nHost: 127.0.0.1:" + server.port() + "\n")
                .contains("\nContent-Type: application/json\n")
                .contains("\n\n{\"name\":\"courier\"}\n\nHTTP/1.1 200 OK\n")
                .contains("\"json\"")
                .doesNotContain("\u001b[");
    }

    @Test
    void printOptionsChooseTheParts() {
        CliProcess.Result hh = CliProcess.run("-p", "Hh", server.url("/get"), "X-Trace:1");
        assertThat(hh.stdout()).as(hh.toString()).startsWith("GET /get HTTP/1.1\n").contains("\nX-Trace: 1\n")
                .contains("\n\nHTTP/1.1 200 OK\n").doesNotContain("\"args\"");

        // -h: the response head only; a 404 is no failure without --check-status.
        CliProcess.Result headers = CliProcess.run("-h", server.url("/status/404"));
        assertThat(headers.exitCode()).as(headers.toString()).isZero();
        assertThat(headers.stdout()).startsWith("HTTP/1.1 404 ").endsWith("\n\n").doesNotContain("GET /");

        // -b wins over -v: the body alone.
        CliProcess.Result body = CliProcess.run("-v", "-b", server.url("/get"));
        assertThat(body.stdout()).as(body.toString()).startsWith("{").doesNotContain("HTTP/1.1");
    }

    @Test
    void checkStatusExitCodes() {
        for (int[] c : new int[][] {{302, 3}, {404, 4}, {503, 5}}) {
            CliProcess.Result r = CliProcess.run("--check-status", server.url("/status/" + c[0]));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(c[1]);
            assertThat(r.stderr()).contains("warning: HTTP " + c[0]);
        }
    }

    @Test
    void redirectsAreFollowedWithFollowAndTooManyExitWithSix() throws IOException {
        JsonNode followed = json(CliProcess.run("-F", server.url("/redirect/3")));
        assertThat(followed.path("url").asText()).isEqualTo(server.url("/get"));

        CliProcess.Result tooMany = CliProcess.run("--follow", "--max-redirects", "2", server.url("/redirect/5"));
        assertThat(tooMany.exitCode()).as(tooMany.toString()).isEqualTo(6);
        assertOneLineError(tooMany);
    }

    @Test
    void basicDigestAndBearerAuth() throws IOException {
        assertThat(json(CliProcess.run("-a", "user:pass", server.url("/basic-auth/user/pass")))
                .path("authenticated").asBoolean()).isTrue();
        assertThat(json(CliProcess.run("-A", "digest", "-a", "user:pass", server.url("/digest-auth/auth/user/pass/MD5")))
                .path("authenticated").asBoolean()).isTrue();
        assertThat(json(CliProcess.run("--auth-type", "bearer", "--auth", "t0ken", server.url("/bearer")))
                .path("token").asText()).isEqualTo("t0ken");
    }

    @Test
    void tlsWithTheServersCaAndHttp2() throws IOException {
        Path ca = Files.write(dir.resolve("ca.pem"), server.caCertificatePem());
        CliProcess.Result r = CliProcess.run("-v", "--http2", "--verify", ca.toString(), server.httpsUrl("/get"), "q==1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("GET /get?q=1 HTTP/2\n").contains("\nHTTP/2 200");
    }

    @Test
    void timingsOverTlsByNameShowEveryPhase() throws IOException {
        Path ca = Files.write(dir.resolve("ca.pem"), server.caCertificatePem());
        String byName = "https://localhost:" + server.tlsPort() + "/get";
        CliProcess.Result r = CliProcess.run("--verify", ca.toString(), "--timings", byName);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).matches(
                "dns [0-9.]+ ms  connect [0-9.]+ ms  tls [0-9.]+ ms  first byte [0-9.]+ ms  total [0-9.]+ ms\\R");
    }

    @Test
    void untrustedTlsIsOneLine() {
        CliProcess.Result r = CliProcess.run(server.httpsUrl("/get"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertOneLineError(r);
        assertThat(r.stderr()).contains("TLS").contains("not trusted").contains("--verify");
    }

    @Test
    void connectionRefusedIsOneLineAndDebugAddsTheStackTrace() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed + "/get";
        CliProcess.Result plain = CliProcess.run(url);
        assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(1);
        assertOneLineError(plain);
        assertThat(plain.stderr()).contains("connection failed").contains("refused");

        CliProcess.Result debug = CliProcess.run("--debug", url);
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.stderr()).startsWith(plain.stderr().strip()).contains("ConnectFailedException").contains("\tat ");
    }

    @Test
    void outputThatCannotBeWrittenIsOneLineAndAFailedRequestLeavesTheOutputFile() throws IOException {
        CliProcess.Result full = CliProcess.run("-o", "/dev/full", server.url("/bytes/100000"));
        assertThat(full.exitCode()).as(full.toString()).isEqualTo(1);
        assertOneLineError(full);
        assertThat(full.stderr()).contains("cannot write the output: /dev/full");

        Path kept = Files.writeString(dir.resolve("kept.txt"), "old content");
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliProcess.Result refused = CliProcess.run("-o", kept.toString(), "http://127.0.0.1:" + closed + "/get");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(Files.readString(kept)).isEqualTo("old content");
    }

    @Test
    void timeoutExitsWithTwo() {
        CliProcess.Result r = CliProcess.run("--timeout", "0.5", server.url("/delay/5"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertOneLineError(r);
        assertThat(r.stderr()).contains("timed out");
    }

    @Test
    void usageErrorsExitWithTwoInOneLine() {
        CliProcess.Result badItem = CliProcess.run(server.url("/get"), "no-separator");
        assertThat(badItem.exitCode()).as(badItem.toString()).isEqualTo(2);
        assertOneLineError(badItem);
        assertThat(badItem.stderr()).contains("'no-separator' is not a request item");

        // No terminal to ask for the password on.
        CliProcess.Result noPassword = CliProcess.run("-a", "user", server.url("/basic-auth/user/pass"));
        assertThat(noPassword.exitCode()).as(noPassword.toString()).isEqualTo(2);
        assertOneLineError(noPassword);
        assertThat(noPassword.stderr()).contains("--auth user:PASSWORD");
    }

    @Test
    void sessionKeepsCookiesAuthAndHeadersBetweenRuns() throws IOException {
        CliProcess.Result first = CliProcess.of("--session", "work", "-a", "user:pass", server.url("/cookies/set"),
                "k==v", "X-Keep:1").env("COURIER_CONFIG_DIR", dir.toString()).run();
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Path file = dir.resolve("sessions/127.0.0.1_" + server.port() + "/work.json");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        CliProcess.Result second = CliProcess.of("--session", "work", "-v", server.url("/basic-auth/user/pass"))
                .env("COURIER_CONFIG_DIR", dir.toString()).run();
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).contains("\nCookie: k=v\n").contains("\nX-Keep: 1\n")
                .contains("\nAuthorization: Basic ").contains("HTTP/1.1 200 OK").contains("\"authenticated\"");
    }

    @Test
    void helpShowsTheRequestOptionsThenTheCommands() {
        CliProcess.Result r = CliProcess.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).startsWith("Usage: courier [METHOD] URL [ITEM...]")
                .contains("-h, --headers").contains("--check-status").contains("--download")
                .contains("Commands:").contains("bench").contains("serve").contains("demo");
        assertThat(r.stdout().indexOf("--check-status")).isLessThan(r.stdout().indexOf("Commands:"));
    }
}
