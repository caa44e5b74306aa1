package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.AsyncClient;
import dev.courier.Limits;
import dev.courier.Response;
import dev.courier.auth.Auth;
import dev.courier.testing.TestServer;
import dev.courier.transport.HttpTransport;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courier demo}: a tour of the library against the embedded test server on an ephemeral
 * loopback port, printing each call and what came back. It needs no network beyond 127.0.0.1 and
 * exits 0 when every step did what it shows (any surprise is a failure, exit 1).
 *
 * <pre>
 * bin/courier demo
 * bin/courier demo --bench-duration 1s
 * </pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A tour of Courier against the embedded test server (loopback only)."})
final class DemoCommand implements Callable<Integer> {
    private static final int DOWNLOAD_BYTES = 8 * 1024 * 1024;
    private static final int MULTIPLEXED = 100;

    @Option(names = "--bench-duration", paramLabel = "DURATION", defaultValue = "3s",
            description = "How long the closing load test runs (default ${DEFAULT-VALUE}).")
    String benchDuration;

    @Option(names = "--debug", description = "Print a stack trace when a step fails.")
    boolean debug;

    private final PrintStream out = System.out;
    private final Style style = Style.forStdout();
    private int step;

    @Override
    public Integer call() throws Exception {
        Duration benchFor = DurationArgument.parse(benchDuration);
        try (TestServer server = TestServer.start();
                AsyncClient client = server.clientBuilder().build()) {
            out.println(style.bold("Courier demo") + ": the library against its embedded test server at "
                    + server.url("") + " (and " + server.httpsUrl("") + "), loopback only.");
            getWithParams(client);
            postJson(client);
            redirects(client);
            cookies(client);
            auth(client);
            compression(client);
            download(client);
            multiplexed(server);
            bench(server, benchFor);
            out.println();
            out.println(style.green("Done.") + " Every step above ran against " + server.url("")
                    + "; try it yourself with `bin/courier serve`.");
        }
        return ExitCodes.OK;
    }

    private void getWithParams(AsyncClient client) {
        section("GET with query parameters", "client.get(\"/get\", o -> o.param(\"q\", \"courier\").param(\"page\", 2))");
        Response r = client.get("/get", o -> o.param("q", "courier").param("page", 2)).join();
        expect(r.statusCode() == 200, "GET /get answered " + r.statusCode());
        result(r, "args " + r.json().get("args"));
    }

    private void postJson(AsyncClient client) {
        section("POST a JSON body, read JSON back",
                "client.post(\"/post\", o -> o.json(Map.of(\"name\", \"courier\", \"stars\", 5)))");
        Response r = client.post("/post", o -> o.json(Map.of("name", "courier", "stars", 5))).join();
        JsonNode echoed = r.json().get("json");
        expect(echoed.get("stars").asInt() == 5, "the server echoed " + echoed);
        result(r, "the server received " + echoed + " as " + r.json().get("headers").get("Content-Type").asText());
    }

    private void redirects(AsyncClient client) {
        section("Redirects, followed when asked, with the history kept",
                "client.get(\"/redirect/3\", o -> o.followRedirects(true))");
        Response r = client.get("/redirect/3", o -> o.followRedirects(true)).join();
        String chain = r.history().stream().map(h -> h.statusCode() + " " + h.url().path()).collect(Collectors.joining(" -> "));
        expect(r.history().size() == 3 && r.statusCode() == 200, "redirect chain " + chain);
        result(r, "history: " + chain + " -> " + r.statusCode() + " " + r.url().path());
    }

    private void cookies(AsyncClient client) {
        section("Cookies: the client's jar keeps what servers set",
                "client.get(\"/cookies/set\", o -> o.param(\"flavour\", \"oatmeal\").followRedirects(true))");
        Response r = client.get("/cookies/set", o -> o.param("flavour", "oatmeal").followRedirects(true)).join();
        expect("oatmeal".equals(client.cookies().get("flavour")), "the jar holds " + client.cookies());
        expect("oatmeal".equals(r.json().get("cookies").path("flavour").asText()), "the server saw " + r.json());
        result(r, "jar " + client.cookies().names() + "; sent back on the redirect to /cookies: " + r.json().get("cookies"));
    }

    private void auth(AsyncClient client) {
        section("Basic and digest authentication",
                "client.get(\"/basic-auth/ada/lovelace\", o -> o.auth(Auth.basic(\"ada\", \"lovelace\")))");
        Response basic = client.get("/basic-auth/ada/lovelace", o -> o.auth(Auth.basic("ada", "lovelace"))).join();
        expect(basic.statusCode() == 200, "basic auth answered " + basic.statusCode());
        result(basic, "authenticated " + basic.json().get("authenticated") + " as " + basic.json().get("user"));
        code("client.get(\"/digest-auth/auth/ada/lovelace/SHA-256\", o -> o.auth(Auth.digest(\"ada\", \"lovelace\")))");
        Response digest = client.get("/digest-auth/auth/ada/lovelace/SHA-256",
                o -> o.auth(Auth.digest("ada", "lovelace"))).join();
        expect(digest.statusCode() == 200, "digest auth answered " + digest.statusCode());
        result(digest, "challenge answered: " + digest.history().size() + " 401 then "
                + digest.statusCode() + ", authenticated " + digest.json().get("authenticated"));
    }

    private void compression(AsyncClient client) {
        section("Compressed responses, decoded on the fly", "client.get(\"/gzip\"), client.get(\"/brotli\")");
        for (String path : List.of("/gzip", "/brotli")) {
            Response r = client.get(path).join();
            String flag = path.equals("/gzip") ? "gzipped" : "brotli";
            expect(r.json().get(flag).asBoolean(), path + " was not decoded");
            result(r, "Content-Encoding " + r.headers().get("Content-Encoding") + ", " + r.bytesRead()
                    + " bytes decoded, \"" + flag + "\": true");
        }
    }

    private void download(AsyncClient client) throws Exception {
        section("A streamed download with a progress bar",
                "client.stream(\"GET\", \"/drip?numbytes=" + DOWNLOAD_BYTES + "&duration=1.5\")");
        try (Response r = client.stream("GET", "/drip?numbytes=" + DOWNLOAD_BYTES + "&duration=1.5").join();
                InputStream body = r.bodyStream()) {
            long total = Long.parseLong(r.headers().get("Content-Length"));
            long seen = 0;
            ProgressBar bar = ProgressBar.start(System.err, "drip", total, Terminal.stderrIsTerminal());
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) != -1; ) {
                seen += n;
                bar.advance(n);
            }
            bar.finish();
            expect(seen == DOWNLOAD_BYTES, "downloaded " + seen + " bytes of " + DOWNLOAD_BYTES);
            result(r, seen + " bytes streamed through a 64 KiB buffer, never held whole in memory");
        }
    }

    private void multiplexed(TestServer server) {
        section(MULTIPLEXED + " requests multiplexed over one HTTP/2 connection",
                "HttpTransport.builder().http1(false).limits(Limits.of(1, 1)) ... " + MULTIPLEXED + " x client.get(\"/uuid\")");
        HttpTransport transport = HttpTransport.builder().http1(false).http2(true)
                .verify(server.clientSslContext()).trustEnv(false).limits(Limits.of(1, 1)).build();
        try (AsyncClient h2 = AsyncClient.builder().baseUrl(server.httpsUrl("")).transport(transport).build()) {
            List<CompletableFuture<Response>> calls = new ArrayList<>(MULTIPLEXED);
            for (int i = 0; i < MULTIPLEXED; i++) {
                calls.add(h2.get("/uuid"));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            long distinct = calls.stream().map(c -> c.join().json().get("uuid").asText()).distinct().count();
            String version = calls.get(0).join().httpVersion();
            int connections = transport.poolStats().open();
            expect(distinct == MULTIPLEXED && "HTTP/2".equals(version) && connections == 1,
                    distinct + " answers over " + version + " on " + connections + " connections");
            out.println("   " + style.arrow() + " " + style.green(MULTIPLEXED + " x 200") + "  " + version + ", "
                    + distinct + " distinct answers, " + connections + " TLS connection open");
        } finally {
            transport.close();
        }
    }

    private void bench(TestServer server, Duration duration) {
        section("A " + benchDuration + " load test (courier bench)",
                "courier bench " + server.url("/get") + " -c 16 -d " + benchDuration);
        LoadTest test = new LoadTest(LoadTest.Settings.of(server.url("/get"), 16, duration));
        LoadTest.Result result;
        if (Terminal.stderrIsTerminal()) {
            BenchProgressLine live = new BenchProgressLine(new PrintWriter(System.err), Terminal.width());
            result = test.run(live);
            live.clear();
        } else {
            result = test.run(null);
        }
        PrintWriter report = new PrintWriter(out);
        BenchReport.text(result, report);
        report.flush();
        expect(result.errors() == 0 && result.responses() > 0, result.errors() + " errors in the load test");
    }

    private void section(String title, String call) {
        out.println();
        out.println(style.bold(++step + ". " + title));
        code(call);
    }

    private void code(String call) {
        out.println("   " + style.dim(call));
    }

    private void result(Response r, String detail) {
        out.println("   " + style.arrow() + " " + style.status(r.statusCode(), r.statusCode() + " " + r.reasonPhrase())
                + "  " + r.httpVersion() + "  " + detail);
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("the demo expected otherwise: " + what);
        }
    }
}
