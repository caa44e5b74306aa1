package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.InvalidUrlException;
import dev.courier.Url;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares {@link Url} with a WHATWG oracle: {@code url/expectations.jsonl}, written by Node's {@code URL}
 * from {@code url/inputs.txt} (see {@code url/generate-expectations.mjs}). A row without a base is
 * {@code Url.parse(input)}; a row with one is {@code Url.parse(base).resolve(input)}.
 */
class UrlConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAIL = "(rejected)";

    /**
     * Where Courier deliberately disagrees with the URL Standard, keyed by input (all these rows have
     * no base). The value is Courier's href, or {@code FAIL} when Courier rejects the input.
     * Inputs holding a tab, CR, LF or NUL after trimming are a deviation by rule (see
     * {@link #expectedForbiddenCharacter}), so they are not listed here.
     */
    private static final Map<String, String> DEVIATIONS = Map.of(
            // file: URLs are rejected: an HTTP client has no use for them.
            "file:///etc/passwd", FAIL,
            "FILE://host/share", FAIL,
            // java.net.IDN is IDNA2003: ß maps to "ss" (transitional), where UTS #46 non-transitional keeps it.
            "http://fa\u00df.de/", "http://fass.de/",
            // IDNA2003 maps final sigma to sigma; UTS #46 non-transitional keeps ς (xn--3xa).
            "http://\u03c2.com/", "http://xn--4xa.com/",
            // IDNA2003 deletes ZERO WIDTH JOINER; UTS #46 rejects it here (CheckJoiners).
            "http://a\u200db.de/", "http://ab.de/",
            // U+1F4A9 is unassigned in IDNA2003's Unicode 3.2, and IDN.ALLOW_UNASSIGNED is not used.
            "http://\uD83D\uDCA9.de/", FAIL,
            "http://xn--ls8h.de/", FAIL);

    @TestFactory
    Stream<DynamicTest> agreesWithTheWhatwgOracle() {
        return readExpectations().stream().map(row -> DynamicTest.dynamicTest(name(row), () -> check(row)));
    }

    @Test
    void tableIsBroad() {
        List<JsonNode> rows = readExpectations();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(250);
        assertThat(rows).filteredOn(r -> r.path("failure").asBoolean()).hasSizeGreaterThanOrEqualTo(50);
        assertThat(rows).filteredOn(r -> !r.get("base").isNull()).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void everyDeviationIsARowWhereNodeDisagrees() {
        Map<String, String> nodeOutcomes = new HashMap<>();
        for (JsonNode row : readExpectations()) {
            if (row.get("base").isNull()) {
                nodeOutcomes.put(row.get("input").asText(),
                        row.path("failure").asBoolean() ? FAIL : row.get("href").asText());
            }
        }
        DEVIATIONS.forEach((input, courier) -> assertThat(nodeOutcomes)
                .as("a stale deviation would hide a regression: %s", input)
                .containsKey(input)
                .doesNotContainEntry(input, courier));
    }

    @Test
    void acceptedSpecialUrlsNeverPutASpaceOrControlOnTheWire() {
        for (JsonNode row : readExpectations()) {
            String input = row.get("input").asText();
            String base = row.get("base").isNull() ? null : row.get("base").asText();
            Url url;
            try {
                url = run(input, base);
            } catch (InvalidUrlException e) {
                continue;
            }
            if (List.of("http", "https", "ws", "wss", "ftp").contains(url.scheme())) {
                assertThat(url.pathAndQuery() + " " + url.authority())
                        .as("request-target and Host for %s", input)
                        .matches("[\\x21-\\x7e]+ [\\x21-\\x7e]+");
            }
        }
    }

    private static void check(JsonNode row) {
        String input = row.get("input").asText();
        String base = row.get("base").isNull() ? null : row.get("base").asText();
        String forbidden = expectedForbiddenCharacter(input);
        if (forbidden != null) {
            assertThatThrownBy(() -> run(input, base))
                    .isInstanceOf(InvalidUrlException.class)
                    .extracting(e -> ((InvalidUrlException) e).reason())
                    .isEqualTo("forbidden character " + forbidden);
            return;
        }
        if (base == null && DEVIATIONS.containsKey(input)) {
            String href = DEVIATIONS.get(input);
            if (href.equals(FAIL)) {
                assertThatThrownBy(() -> run(input, null)).isInstanceOf(InvalidUrlException.class);
            } else {
                assertThat(run(input, null).toString()).isEqualTo(href);
            }
            return;
        }
        if (row.path("failure").asBoolean()) {
            assertThatThrownBy(() -> run(input, base))
                    .as("node rejects it")
                    .isInstanceOf(InvalidUrlException.class)
                    .satisfies(e -> assertThat(((InvalidUrlException) e).reason()).isNotBlank());
            return;
        }
        Url url = run(input, base);
        assertThat(components(url)).isEqualTo(List.of(
                row.get("href").asText(), row.get("protocol").asText(), row.get("username").asText(),
                row.get("password").asText(), row.get("host").asText(), row.get("hostname").asText(),
                row.get("port").asText(), row.get("pathname").asText(), row.get("search").asText(),
                row.get("hash").asText()));
    }

    /** Node's property values, computed from Courier's accessors. */
    private static List<String> components(Url url) {
        String hostname = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        String query = url.query();
        String fragment = url.fragment();
        return List.of(
                url.toString(), url.scheme() + ":", url.encodedUsername(), url.encodedPassword(), url.authority(),
                hostname, url.hasDefaultPort() ? "" : String.valueOf(url.port()), url.path(),
                query == null || query.isEmpty() ? "" : "?" + query,
                fragment == null || fragment.isEmpty() ? "" : "#" + fragment);
    }

    /**
     * The deliberate deviation by rule: a tab, CR, LF or NUL left after trimming the ends (C0 controls
     * and spaces) is rejected, where the standard strips tab, CR and LF and encodes NUL. Returns the
     * first such character as U+XXXX, or null.
     */
    private static String expectedForbiddenCharacter(String input) {
        String trimmed = input.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
        for (char c : trimmed.toCharArray()) {
            if (c == '\t' || c == '\n' || c == '\r' || c == 0) {
                return String.format("U+%04X", (int) c);
            }
        }
        return null;
    }

    private static Url run(String input, String base) {
        return base == null ? Url.parse(input) : Url.parse(base).resolve(input);
    }

    private static String name(JsonNode row) {
        return row.get("base").isNull() ? row.get("input").toString() : row.get("input") + " against " + row.get("base");
    }

    private static List<JsonNode> readExpectations() {
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = UrlConformanceTest.class.getResourceAsStream("/url/expectations.jsonl");
                BufferedReader reader = new BufferedReader(new InputStreamReader(
                        Objects.requireNonNull(in, "url/expectations.jsonl is missing"), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
