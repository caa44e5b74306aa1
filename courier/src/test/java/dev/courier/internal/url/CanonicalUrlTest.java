package dev.courier.internal.url;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The parser's fast path ({@link CanonicalUrl}) against the full state machine: wherever the fast
 * path answers, every component must be what the full parser gives, over the conformance inputs and
 * a generated grid of near-canonical URLs (case, ports, IPv4 spellings, dot segments, characters
 * that get percent-encoded).
 */
class CanonicalUrlTest {
    private static final String[] SCHEMES = {"http://", "https://", "HTTP://", "ws://", "http:/", "http:\\\\"};
    private static final String[] HOSTS = {"example.com", "127.0.0.1", "1.2.3.256", "01.2.3.4", "0x7f.1",
            "0x7f.0.0.1", "a..b", ".a", "a.", "xn--nxasmq6b.com", "EXAMPLE.com", "a-b.c-", "1.2.3", "localhost",
            "123.example.com", "a.0x", "0xzz.com", "a.0xzz", "255.255.255.255", "1.2.3.4.5", "0.0.0.0", "a.1",
            "user@h", "h%41", "[::1]", "h_x", "", "1.2.3.04", "256.1.1.1", "9.9.9.9"};
    private static final String[] PORTS = {"", ":80", ":443", ":8080", ":080", ":65535", ":65536", ":", ":0",
            ":1", ":123456", ":8a"};
    private static final String[] PATHS = {"", "/", "/a/b", "/a/b/", "/a/./b", "/a/../b", "/.", "/..", "/%2e/",
            "/%2E%2e", "/a%20b", "/a b", "/a'b", "/a|b", "/a\\b", "/~x", "/a;b=c", "/.x", "/..x", "/x.", "//",
            "/a^b", "/a`b", "/a{b}", "/é", "/a\"b", "/a<b>", "/a%zz", "/a@b:c"};
    private static final String[] QUERIES = {"", "?", "?a=1&b=2", "?a='x'", "?a=%zz", "?a b", "?/x?y", "?a\"b",
            "?a^b", "?é", "?a|b", "?a`b"};
    private static final String[] FRAGMENTS = {"", "#", "#f", "#a#b", "#'x", "#a b", "#a`b", "#/?x", "#é"};

    @Test
    void agreesWithTheFullParserOnTheConformanceInputs() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int fast = 0;
        try (InputStream in = getClass().getResourceAsStream("/url/inputs.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String input = json.readValue(line.split("\t")[0], String.class);
                fast += check(input) ? 1 : 0;
            }
        }
        assertThat(fast).as("inputs the fast path took").isGreaterThan(10);
    }

    @Test
    void agreesWithTheFullParserOnAGridOfNearCanonicalUrls() {
        Set<String> inputs = new LinkedHashSet<>();
        for (String scheme : SCHEMES) {
            for (String host : HOSTS) {
                for (String port : PORTS) {
                    inputs.add(scheme + host + port + "/");
                    inputs.add(scheme + host + port);
                    inputs.add(scheme + host + port + "?q");
                }
            }
        }
        for (String path : PATHS) {
            for (String query : QUERIES) {
                for (String fragment : FRAGMENTS) {
                    inputs.add("http://h.test:8080" + path + query + fragment);
                }
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            inputs.add(pick(random, SCHEMES) + pick(random, HOSTS) + pick(random, PORTS) + pick(random, PATHS)
                    + pick(random, QUERIES) + pick(random, FRAGMENTS));
        }
        int fast = 0;
        for (String input : inputs) {
            fast += check(input) ? 1 : 0;
        }
        assertThat(fast).as("inputs the fast path took").isGreaterThan(500);
    }

    @Test
    void takesTheUsualClientUrls() {
        for (String input : List.of("http://127.0.0.1:8080/small", "https://api.example.com/v1/users?page=2&per_page=50",
                "http://localhost/", "https://example.com", "http://10.0.0.1:9200/_search?q=a%20b#top")) {
            assertThat(CanonicalUrl.parse(input)).as(input).isNotNull();
            assertThat(check(input)).isTrue();
        }
    }

    /** True when the fast path answered (and agreed); false when it left the input to the full parser. */
    private static boolean check(String input) {
        UrlRecord fast = CanonicalUrl.parse(input);
        if (fast == null) {
            return false;
        }
        UrlRecord full = UrlParser.parseFully(input, null);
        assertThat(describe(fast)).as(input).isEqualTo(describe(full));
        return true;
    }

    private static List<Object> describe(UrlRecord r) {
        List<Object> parts = new ArrayList<>();
        parts.add(r.scheme());
        parts.add(r.username());
        parts.add(r.password());
        parts.add(r.host());
        parts.add(r.port());
        parts.add(r.path);
        parts.add(r.opaquePath);
        parts.add(r.query());
        parts.add(r.fragment());
        parts.add(r.path());
        parts.add(r.href());
        return parts;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
