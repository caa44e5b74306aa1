package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.courier.QueryParams;
import dev.courier.Url;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParamsTest {

    @Nested
    class Building {
        @Test
        void emptyHasNothing() {
            assertThat(QueryParams.empty().isEmpty()).isTrue();
            assertThat(QueryParams.empty().size()).isZero();
            assertThat(QueryParams.empty().encode()).isEmpty();
            assertThat(QueryParams.empty().names()).isEmpty();
        }

        @Test
        void ofPairsKeepsOrderAndRepeats() {
            QueryParams p = QueryParams.of("b", "1", "a", "2", "b", "3", "flag", null);

            assertThat(p.entries()).containsExactly(entry("b", "1"), entry("a", "2"), entry("b", "3"), entry("flag", null));
            assertThat(p.names()).containsExactly("b", "a", "flag");
            assertThat(p.encode()).isEqualTo("b=1&a=2&b=3&flag");
        }

        @Test
        void ofPairsNeedsAnEvenCount() {
            assertThatThrownBy(() -> QueryParams.of("a", "1", "b")).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void ofMapTakesNullIterablesAndAnyObject() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("page", 2);
            map.put("ids", List.of(1, 2, 3));
            map.put("verbose", null);
            map.put("tags", Arrays.asList("x", null));
            map.put("on", true);
            map.put("none", List.of());

            QueryParams p = QueryParams.of(map);

            assertThat(p.encode()).isEqualTo("page=2&ids=1&ids=2&ids=3&verbose&tags=x&tags&on=true");
            assertThat(p.getAll("tags")).containsExactly("x", null);
            assertThat(p.contains("none")).isFalse();
        }

        @Test
        void withAppendsAndSetReplacesInPlace() {
            QueryParams p = QueryParams.parse("a=1&b=2&a=3");

            assertThat(p.with("a", 4).encode()).isEqualTo("a=1&b=2&a=3&a=4");
            assertThat(p.with("c", List.of("x", "y")).encode()).isEqualTo("a=1&b=2&a=3&c=x&c=y");
            assertThat(p.set("a", "x").encode()).isEqualTo("a=x&b=2");
            assertThat(p.set("b", List.of("p", "q")).encode()).isEqualTo("a=1&b=p&b=q&a=3");
            assertThat(p.set("new", null).encode()).isEqualTo("a=1&b=2&a=3&new");
            assertThat(p.without("a").encode()).isEqualTo("b=2");
            assertThat(p.without("missing")).isEqualTo(p);
            assertThat(p.encode()).as("unchanged").isEqualTo("a=1&b=2&a=3");
        }

        @Test
        void nullNamesAreRefused() {
            assertThatThrownBy(() -> QueryParams.empty().with(null, "x")).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> QueryParams.of(null, "x")).isInstanceOf(NullPointerException.class);
        }

        @Test
        void entriesAreReadOnly() {
            QueryParams p = QueryParams.of("a", "1");

            assertThatThrownBy(() -> p.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.getAll("a").clear()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.names().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Reading {
        @Test
        void getGetAllAndContains() {
            QueryParams p = QueryParams.parse("a=1&flag&a=2&e=&a");

            assertThat(p.get("a")).isEqualTo("1");
            assertThat(p.getAll("a")).containsExactly("1", "2", null);
            assertThat(p.get("flag")).isNull();
            assertThat(p.contains("flag")).isTrue();
            assertThat(p.get("missing")).isNull();
            assertThat(p.contains("missing")).isFalse();
            assertThat(p.getAll("missing")).isEmpty();
            assertThat(p.get("e")).isEmpty();
            assertThat(p.size()).isEqualTo(5);
        }

        @Test
        void iteratesInOrder() {
            List<String> seen = new ArrayList<>();
            for (Map.Entry<String, String> e : QueryParams.parse("z=1&y&x=3")) {
                seen.add(e.getKey() + "=" + e.getValue());
            }
            assertThat(seen).containsExactly("z=1", "y=null", "x=3");
        }
    }

    @Nested
    class Parsing {
        @Test
        void plusIsSpaceAndPercentIsUtf8() {
            QueryParams p = QueryParams.parse("a=1&b=x+y&c=%C3%A9%20%2B&d%26=%3D");

            assertThat(p.get("b")).isEqualTo("x y");
            assertThat(p.get("c")).isEqualTo("é +");
            assertThat(p.get("d&")).isEqualTo("=");
        }

        @Test
        void keyOnlyDiffersFromEmptyValue() {
            QueryParams p = QueryParams.parse("flag&empty=");

            assertThat(p.entries()).containsExactly(entry("flag", null), entry("empty", ""));
        }

        @Test
        void emptyPartsAreSkippedAndEqualsSplitsOnce() {
            assertThat(QueryParams.parse("&a=1&&b=2&").encode()).isEqualTo("a=1&b=2");
            assertThat(QueryParams.parse("a=b=c").get("a")).isEqualTo("b=c");
            assertThat(QueryParams.parse("=x").entries()).containsExactly(entry("", "x"));
        }

        @Test
        void malformedPercentStaysLiteral() {
            assertThat(QueryParams.parse("a=%zz&b=%&c=%4").entries())
                    .containsExactly(entry("a", "%zz"), entry("b", "%"), entry("c", "%4"));
            assertThat(QueryParams.parse("a=%FF").get("a")).isEqualTo("\uFFFD");
        }

        @Test
        void nullOrEmptyIsEmpty() {
            assertThat(QueryParams.parse(null)).isEqualTo(QueryParams.empty());
            assertThat(QueryParams.parse("")).isEqualTo(QueryParams.empty());
        }
    }

    @Nested
    class Encoding {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "a b        | a+b",
            "ü          | %C3%BC",
            "日本        | %E6%97%A5%E6%9C%AC",
            "&=+#?/     | %26%3D%2B%23%3F%2F",
            "*-._       | *-._",
            "~!'()      | %7E%21%27%28%29",
            "%20        | %2520",
            "AZaz09     | AZaz09",
            "'\"<>\\'   | %22%3C%3E%5C",
        })
        void formEncodesNamesAndValues(String raw, String encoded) {
            assertThat(QueryParams.of(raw, raw).encode()).isEqualTo(encoded + "=" + encoded);
        }

        @Test
        void emojiIsEncodedAsFourUtf8Bytes() {
            assertThat(QueryParams.of("e", "\uD83D\uDE00").encode()).isEqualTo("e=%F0%9F%98%80");
        }

        @Test
        void keyOnlyAndEmptyValue() {
            assertThat(QueryParams.of("flag", null, "e", "").encode()).isEqualTo("flag&e=");
        }

        @Test
        void controlCharactersAreEncoded() {
            assertThat(QueryParams.of("a", "x\r\ny\u0000").encode()).isEqualTo("a=x%0D%0Ay%00");
        }

        @Test
        void toStringIsEncode() {
            QueryParams p = QueryParams.of("q", "a b", "flag", null);

            assertThat(p).hasToString(p.encode()).hasToString("q=a+b&flag");
        }

        @Test
        void encodeThenParseRoundTrips() {
            QueryParams p = QueryParams.of("a b", "c+d", "ü", "&=?#", "flag", null, "empty", "", "pct", "100%", "", "x");

            assertThat(QueryParams.parse(p.encode())).isEqualTo(p);
        }

        @Test
        void throughAUrl() {
            QueryParams p = QueryParams.of("q", "a b&c", "lang", "日本", "flag", null);
            Url url = Url.parse("https://h/search").withQueryParams(p);

            assertThat(url.query()).isEqualTo("q=a+b%26c&lang=%E6%97%A5%E6%9C%AC&flag");
            assertThat(url.queryParams()).isEqualTo(p);
        }
    }

    @Nested
    class Merging {
        @Test
        void otherReplacesItsNamesAndAddsNewOnesAtTheEnd() {
            QueryParams defaults = QueryParams.parse("lang=en&page=1&tag=a&tag=b");
            QueryParams request = QueryParams.parse("q=x&tag=c&page=2&tag=d");

            assertThat(defaults.merge(request).encode()).isEqualTo("lang=en&page=2&tag=c&tag=d&q=x");
        }

        @Test
        void replacementSitsAtTheFirstOccurrence() {
            QueryParams p = QueryParams.parse("a=1&b=2&a=3&c=4");

            assertThat(p.merge(QueryParams.of("a", "9")).encode()).isEqualTo("a=9&b=2&c=4");
        }

        @Test
        void keyOnlyInOtherReplacesValues() {
            assertThat(QueryParams.of("debug", "1").merge(QueryParams.of("debug", null)).encode()).isEqualTo("debug");
        }

        @Test
        void mergingEmptyChangesNothing() {
            QueryParams p = QueryParams.parse("a=1&a=2");

            assertThat(p.merge(QueryParams.empty())).isEqualTo(p);
            assertThat(QueryParams.empty().merge(p)).isEqualTo(p);
        }
    }

    @Nested
    class Equality {
        @Test
        void equalWhenSameEntriesInSameOrder() {
            QueryParams a = QueryParams.of("a", "1", "b", null);
            QueryParams b = QueryParams.parse("a=1&b");

            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(QueryParams.parse("b&a=1"));
            assertThat(a).isNotEqualTo(QueryParams.parse("a=1&b="));
            assertThat(a).isNotEqualTo("a=1&b");
        }
    }
}
