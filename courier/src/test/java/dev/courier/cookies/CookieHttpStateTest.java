package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.CookieJar;
import dev.courier.Url;
import dev.courier.internal.cookie.InMemoryCookieJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IETF httpstate parser suite (abarth/http-state, see the data file's header for attribution):
 * each case's Set-Cookie values are stored from {@code http://home.example.org:8888/cookie-parser},
 * then the Cookie header for the result URL must equal the expected one.
 */
class CookieHttpStateTest {
    private static final String DATA = "http-state-parser.txt";
    private static final Url SET_FROM = Url.parse("http://home.example.org:8888/cookie-parser");
    private static final Url DEFAULT_RESULT = Url.parse("http://home.example.org:8888/cookie-parser-result");
    /** The suite's era: its "future" dates (2017, 2019) must still be in the future. */
    private static final Clock SUITE_CLOCK = Clock.fixed(Instant.parse("2011-01-01T00:00:00Z"), ZoneOffset.UTC);

    record Case(String id, List<String> setCookies, String location, String expected, String skip) {
        @Override
        public String toString() {
            return id;
        }
    }

    static Stream<Case> cases() throws IOException {
        return load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cookieHeaderMatchesTheSuite(Case c) {
        Assumptions.assumeTrue(c.skip() == null, () -> "skipped: " + c.skip());
        CookieJar jar = new InMemoryCookieJar(SUITE_CLOCK);
        Url from = Url.parse(SET_FROM + "?" + c.id());
        jar.saveFromResponse(from, c.setCookies());
        Url to = c.location() == null ? DEFAULT_RESULT
                : c.location().startsWith("/") ? DEFAULT_RESULT.resolve(c.location()) : Url.parse(c.location());
        String header = jar.headerFor(to);
        assertThat(header == null ? "" : header).as(c.id()).isEqualTo(c.expected());
    }

    @Test
    void theDataFileHoldsTheWholeSuite() throws IOException {
        List<Case> all = load();
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        assertThat(all).extracting(Case::id).doesNotHaveDuplicates();
        assertThat(all.stream().filter(c -> c.skip() == null)).hasSizeGreaterThanOrEqualTo(215);
        assertThat(all).allSatisfy(c -> assertThat(c.expected()).as(c.id()).isNotNull());
    }

    private static List<Case> load() throws IOException {
        List<Case> out = new ArrayList<>();
        InputStream in = Objects.requireNonNull(CookieHttpStateTest.class.getResourceAsStream(DATA), DATA);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String id = null;
            List<String> sets = new ArrayList<>();
            String location = null;
            String expected = null;
            String skip = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    if (id != null) {
                        out.add(new Case(id, List.copyOf(sets), location, expected, skip));
                    }
                    id = line.substring(1, line.length() - 1);
                    sets.clear();
                    location = null;
                    expected = null;
                    skip = null;
                } else if (line.startsWith("Set-Cookie: ")) {
                    sets.add(line.substring("Set-Cookie: ".length()));
                } else if (line.startsWith("Location: ")) {
                    location = line.substring("Location: ".length());
                } else if (line.startsWith("Cookie:")) {
                    expected = line.length() > "Cookie:".length() ? line.substring("Cookie: ".length()) : "";
                } else if (line.startsWith("Skip: ")) {
                    skip = line.substring("Skip: ".length());
                } else {
                    throw new IllegalStateException("Unexpected line in " + DATA + ": " + line);
                }
            }
            if (id != null) {
                out.add(new Case(id, List.copyOf(sets), location, expected, skip));
            }
        }
        return out;
    }
}
