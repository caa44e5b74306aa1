package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.auth.Auth;
import dev.courier.transport.MockTransport;
import dev.courier.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the README's quick start true: the code between the README markers is this test's code. */
class ReadmeSampleTest {
    record User(int id, String name) {}

    @Test
    void quickStart() throws IOException {
        // README:quick-start:begin
        Transport transport = MockTransport.of(request -> switch (request.method() + " " + request.url().path()) {
            case "GET /v1/users/1" -> Response.builder().json(Map.of("id", 1, "name", "Ada")).build();
            case "POST /v1/users" -> Response.builder().status(201).content(request.content()).build();
            default -> Response.builder().status(404).build();
        });

        try (AsyncClient client = AsyncClient.builder()
                .baseUrl("https://api.example.com/v1")
                .header("User-Agent", "app/1.0")
                .param("lang", "en")
                .timeout(Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(5)))
                .auth(Auth.of(r -> r.withHeader("Authorization", "Bearer " + System.getenv().getOrDefault("TOKEN", "t"))))
                .transport(transport)
                .build()) {
            User ada = client.get("/users/1").join().raiseForStatus().json(User.class);

            Response created = client.post("/users", o -> o.json(new User(2, "Grace"))).join();
            System.out.println(created.statusCode() + " " + created.text());

            try (Response stream = client.stream("GET", "/users/1").join();
                 InputStream body = stream.bodyStream()) {
                System.out.println(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            // README:quick-start:end
            assertThat(ada).isEqualTo(new User(1, "Ada"));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.json(User.class)).isEqualTo(new User(2, "Grace"));
        }
    }

    @Test
    void readmeShowsThisTestsCode() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/courier/ReadmeSampleTest.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String sample = between(test, "// README:quick-start:begin", "// README:quick-start:end");
        for (String line : sample.strip().split("\n")) {
            assertThat(readme).as("README line").contains(line.strip());
        }
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin) + begin.length();
        return text.substring(from, text.indexOf(end, from));
    }
}
