package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {
    @Test
    void lookupIgnoresCaseAndKeepsSpelling() {
        Headers h = Headers.of("Content-Type", "text/html", "X-Trace-ID", "1");
        assertThat(h.get("content-type")).isEqualTo("text/html");
        assertThat(h.get("x-trace-id")).isEqualTo("1");
        assertThat(h.name(1)).isEqualTo("X-Trace-ID");
        assertThat(h.get("missing")).isNull();
        assertThat(h.contains("CONTENT-TYPE")).isTrue();
    }

    @Test
    void multipleValuesAreOrderedAndJoinedForGet() {
        Headers h = Headers.of("Accept", "a", "X", "1", "accept", "b");
        assertThat(h.getAll("ACCEPT")).containsExactly("a", "b");
        assertThat(h.get("Accept")).isEqualTo("a, b");
        assertThat(h.first("accept")).isEqualTo("a");
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.names()).containsExactly("Accept", "X");
    }

    @Test
    void setCookieValuesStaySeparate() {
        Headers h = Headers.of("Set-Cookie", "a=1; Path=/", "Set-Cookie", "b=2, c");
        assertThat(h.getAll("set-cookie")).containsExactly("a=1; Path=/", "b=2, c");
    }

    @Test
    void iterationIsInWireOrder() {
        Headers h = Headers.of("B", "1", "A", "2", "b", "3");
        assertThat(h).extracting(Map.Entry::getKey).containsExactly("B", "A", "b");
        assertThat(h).extracting(Map.Entry::getValue).containsExactly("1", "2", "3");
    }

    @Test
    void withSetWithoutAndMerge() {
        Headers h = Headers.of("A", "1", "B", "2", "a", "3");
        assertThat(h.with("A", "4").getAll("a")).containsExactly("1", "3", "4");
        Headers set = h.set("a", "9");
        assertThat(set.getAll("A")).containsExactly("9");
        assertThat(set.name(0)).isEqualTo("a");
        assertThat(set.name(1)).isEqualTo("B");
        assertThat(h.without("A")).isEqualTo(Headers.of("B", "2"));
        assertThat(h.without("missing")).isSameAs(h);
        Headers merged = Headers.of("User-Agent", "x", "Accept", "*/*").merge(Headers.of("accept", "json", "X", "1"));
        assertThat(merged).isEqualTo(Headers.of("User-Agent", "x", "accept", "json", "X", "1"));
    }

    @Test
    void fromMapWithIterableValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Accept", List.of("a", "b"));
        m.put("X-Count", 3);
        Headers h = Headers.of(m);
        assertThat(h.getAll("accept")).containsExactly("a", "b");
        assertThat(h.get("x-count")).isEqualTo("3");
        assertThat(h.toMultimap()).containsEntry("Accept", List.of("a", "b"));
    }

    @Test
    void equalityIgnoresNameCaseButNotOrderOrValues() {
        assertThat(Headers.of("A", "1")).isEqualTo(Headers.of("a", "1")).hasSameHashCodeAs(Headers.of("a", "1"));
        assertThat(Headers.of("A", "1")).isNotEqualTo(Headers.of("A", "2"));
        assertThat(Headers.of("A", "1", "B", "2")).isNotEqualTo(Headers.of("B", "2", "A", "1"));
    }

    @Test
    void toStringMasksSecrets() {
        Headers h = Headers.of("Authorization", "Bearer s3cr3t", "Cookie", "sid=42", "Accept", "*/*");
        assertThat(h.toString()).doesNotContain("s3cr3t").doesNotContain("sid=42").contains("Accept: */*")
                .contains("Authorization: [redacted]");
    }

    /** RELIABILITY.md §1.2: CR, LF, NUL and other controls never get into a header value. */
    @ParameterizedTest
    @ValueSource(strings = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "\u0001", "x\r\n y"})
    void forbiddenCharactersInValuesAreRejected(String value) {
        assertThatThrownBy(() -> Headers.of("X-Test", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Test")
                .hasMessageContaining("forbidden character");
        assertThatThrownBy(() -> Headers.empty().with("X-Test", value)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Headers.empty().set("X-Test", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X Bad", "X:Bad", "", "X\r\nY", "Bad\u0000", "Ünicode", "(paren)"})
    void invalidNamesAreRejected(String name) {
        assertThatThrownBy(() -> Headers.of(name, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Header name");
    }

    @Test
    void rejectedSecretValueIsNeverEchoed() {
        assertThatThrownBy(() -> Headers.of("Authorization", "Bearer s3cr3t\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void tabsAndNonAsciiAreAllowedInValues() {
        assertThat(Headers.of("X", "a\tb").get("x")).isEqualTo("a\tb");
        assertThat(Headers.of("X-Name", "café").get("x-name")).isEqualTo("café");
    }

    @Test
    void oddArgumentCountIsAnError() {
        assertThatThrownBy(() -> Headers.of("A")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pairs");
    }
}
