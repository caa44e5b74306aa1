package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.InvalidUrlException;
import dev.courier.QueryParams;
import dev.courier.Url;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlTest {

    @Nested
    class Accessors {
        @Test
        void everyComponentOfAFullUrl() {
            Url url = Url.parse("HTTPS://Us%20er:p%40ss@Example.COM:8443/a/./b/../c d?x=1&y=%20#Top");

            assertThat(url.scheme()).isEqualTo("https");
            assertThat(url.username()).isEqualTo("Us er");
            assertThat(url.password()).isEqualTo("p@ss");
            assertThat(url.encodedUsername()).isEqualTo("Us%20er");
            assertThat(url.encodedPassword()).isEqualTo("p%40ss");
            assertThat(url.host()).isEqualTo("example.com");
            assertThat(url.port()).isEqualTo(8443);
            assertThat(url.hasDefaultPort()).isFalse();
            assertThat(url.authority()).isEqualTo("example.com:8443");
            assertThat(url.origin()).isEqualTo("https://example.com:8443");
            assertThat(url.path()).isEqualTo("/a/c%20d");
            assertThat(url.query()).isEqualTo("x=1&y=%20");
            assertThat(url.fragment()).isEqualTo("Top");
            assertThat(url.pathAndQuery()).isEqualTo("/a/c%20d?x=1&y=%20");
            assertThat(url).hasToString("https://Us%20er:p%40ss@example.com:8443/a/c%20d?x=1&y=%20#Top");
        }

        @Test
        void absentPartsAreEmptyOrNull() {
            Url url = Url.parse("http://example.com");

            assertThat(url.username()).isEmpty();
            assertThat(url.password()).isEmpty();
            assertThat(url.path()).isEqualTo("/");
            assertThat(url.query()).isNull();
            assertThat(url.fragment()).isNull();
            assertThat(url.pathAndQuery()).isEqualTo("/");
            assertThat(url.queryParams().isEmpty()).isTrue();
        }

        @Test
        void bareQuestionMarkAndHashGiveEmptyStrings() {
            Url url = Url.parse("http://example.com/p?#");

            assertThat(url.query()).isEmpty();
            assertThat(url.fragment()).isEmpty();
            assertThat(url.pathAndQuery()).isEqualTo("/p?");
            assertThat(url).hasToString("http://example.com/p?#");
        }

        @ParameterizedTest
        @CsvSource({
            "http://h/,        80,  true,  h",
            "http://h:80/,     80,  true,  h",
            "http://h:8080/,   8080, false, h:8080",
            "https://h/,       443, true,  h",
            "https://h:443/,   443, true,  h",
            "https://h:80/,    80,  false, h:80",
            "ws://h/,          80,  true,  h",
            "wss://h/,         443, true,  h",
            "ftp://h/,         21,  true,  h",
            "sc://h/,          -1,  true,  h",
            "sc://h:80/,       80,  false, h:80",
        })
        void effectivePortAndAuthority(String input, int port, boolean defaultPort, String authority) {
            Url url = Url.parse(input);

            assertThat(url.port()).isEqualTo(port);
            assertThat(url.hasDefaultPort()).isEqualTo(defaultPort);
            assertThat(url.authority()).isEqualTo(authority);
        }

        @Test
        void ipv6HostHasNoBracketsButAuthorityHasThem() {
            Url url = Url.parse("http://[2001:DB8:0:0:0:0:0:1]:8080/");

            assertThat(url.host()).isEqualTo("2001:db8::1");
            assertThat(url.authority()).isEqualTo("[2001:db8::1]:8080");
            assertThat(url.origin()).isEqualTo("http://[2001:db8::1]:8080");
            assertThat(url).hasToString("http://[2001:db8::1]:8080/");
        }

        @Test
        void internationalHostIsPunycode() {
            assertThat(Url.parse("http://Bücher.example/").host()).isEqualTo("xn--bcher-kva.example");
            assertThat(Url.parse("http://例え.テスト/").host()).isEqualTo("xn--r8jz45g.xn--zckzah");
            assertThat(Url.parse("http://ｅｘａｍｐｌｅ.com/").host()).isEqualTo("example.com");
        }

        @Test
        void urlWithoutHost() {
            Url url = Url.parse("mailto:User@Example.com");

            assertThat(url.scheme()).isEqualTo("mailto");
            assertThat(url.host()).isEmpty();
            assertThat(url.authority()).isEmpty();
            assertThat(url.port()).isEqualTo(-1);
            assertThat(url.path()).isEqualTo("User@Example.com");
            assertThat(url.origin()).isEqualTo("null");
            assertThat(url.sameOrigin(url)).isFalse();
        }

        @Test
        void queryParamsAreDecoded() {
            QueryParams params = Url.parse("http://h/?tag=a&tag=b+c&flag&e=&q=%C3%A9").queryParams();

            assertThat(params.getAll("tag")).containsExactly("a", "b c");
            assertThat(params.contains("flag")).isTrue();
            assertThat(params.get("flag")).isNull();
            assertThat(params.get("e")).isEmpty();
            assertThat(params.get("q")).isEqualTo("é");
        }

        @Test
        void pathAndQueryNeverHasTheFragment() {
            assertThat(Url.parse("http://h/a b?x=1#frag ment").pathAndQuery()).isEqualTo("/a%20b?x=1");
        }
    }

    @Nested
    class Origins {
        @Test
        void sameOriginComparesSchemeHostAndEffectivePort() {
            Url url = Url.parse("https://user:pw@h.test/a?q");

            assertThat(url.sameOrigin(Url.parse("https://H.TEST:443/b"))).isTrue();
            assertThat(url.sameOrigin(Url.parse("http://h.test/"))).isFalse();
            assertThat(url.sameOrigin(Url.parse("https://h.test:8443/"))).isFalse();
            assertThat(url.sameOrigin(Url.parse("https://sub.h.test/"))).isFalse();
            assertThat(url.origin()).isEqualTo("https://h.test");
        }

        @Test
        void numericIpv4FormsShareOneOrigin() {
            Url loopback = Url.parse("http://127.0.0.1/");

            for (String spelling : new String[] {"http://0x7f.1/", "http://2130706433/", "http://127.1/",
                    "http://0177.0.0.1/", "http://0x7F.0.0.0x1/", "http://１２７.0.0.1/"}) {
                Url url = Url.parse(spelling);
                assertThat(url.host()).as(spelling).isEqualTo("127.0.0.1");
                assertThat(url.sameOrigin(loopback)).as(spelling).isTrue();
            }
        }
    }

    @Nested
    class SecurityCases {
        @Test
        void backslashBeforeAtIsAPathSeparator() {
            Url url = Url.parse("http://a.test\\@evil.test/");

            assertThat(url.host()).isEqualTo("a.test");
            assertThat(url.path()).isEqualTo("/@evil.test/");
            assertThat(url.authority()).isEqualTo("a.test");
        }

        @Test
        void userinfoEndsAtTheLastAt() {
            Url url = Url.parse("http://a.test:pw@x@evil.test/");

            assertThat(url.host()).isEqualTo("evil.test");
            assertThat(url.username()).isEqualTo("a.test");
            assertThat(url.password()).isEqualTo("pw@x");
        }

        @Test
        void hashOrQuestionMarkEndsTheAuthority() {
            assertThat(Url.parse("http://evil.test#@a.test/").host()).isEqualTo("evil.test");
            assertThat(Url.parse("http://evil.test?@a.test/").host()).isEqualTo("evil.test");
        }

        @Test
        void fullWidthDotSeparatesLabels() {
            assertThat(Url.parse("http://example.com\uFF0Eevil.test/").host()).isEqualTo("example.com.evil.test");
            assertThat(Url.parse("http://example\u3002com/").host()).isEqualTo("example.com");
            assertThat(Url.parse("http://example\uFF61com/").host()).isEqualTo("example.com");
        }

        @Test
        void compatibilityCharacterMappingToADotIsRejected() {
            assertThatThrownBy(() -> Url.parse("http://a\u2024b/")).isInstanceOf(InvalidUrlException.class);
        }

        @Test
        void crlfInTheUrlIsRejectedNeverDropped() {
            assertThatThrownBy(() -> Url.parse("http://a.test/x\r\nX-Injected:1"))
                    .isInstanceOf(InvalidUrlException.class)
                    .hasMessageContaining("forbidden character U+000D")
                    .hasMessageNotContaining("\r");
        }

        @Test
        void spaceBeforeHttpVersionIsEncoded() {
            Url url = Url.parse("http://a.test/ HTTP/1.1");

            assertThat(url.path()).isEqualTo("/%20HTTP/1.1");
            assertThat(url.pathAndQuery()).doesNotContain(" ");
        }

        @Test
        void trailingAndLeadingWhitespaceIsTrimmed() {
            assertThat(Url.parse(" \t http://a.test/ \r\n")).hasToString("http://a.test/");
        }

        @Test
        void leadingWhitespaceCannotHideTheScheme() {
            assertThat(Url.parse("  javascript:alert(1)").scheme()).isEqualTo("javascript");
        }
    }

    @Nested
    class Failures {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "/relative/path                 | no scheme",
            "example.com                    | no scheme",
            "//example.com/                 | no scheme",
            "''                             | no scheme",
            "http://example.com:70000/      | port out of range: 70000",
            "http://example.com:65536/      | port out of range: 65536",
            "http://example.com:8o/         | invalid port: unexpected 'o'",
            "http://example.com:-1/         | invalid port: unexpected '-'",
            "http://exa mple.com/           | invalid host \"exa mple.com\": forbidden code point U+0020",
            "http://exa<mple.com/           | invalid host \"exa<mple.com\": forbidden code point U+003C",
            "http://a%00b/                  | invalid host \"a\\u0000b\": forbidden code point U+0000",
            "http://[::1/                   | invalid IPv6 address (missing ']')",
            "http://[1::2::3]/              | invalid IPv6 address",
            "http://[fe80::1%25eth0]/       | invalid IPv6 address",
            "http://256.0.0.1/              | invalid IPv4 address \"256.0.0.1\"",
            "http://                        | empty host",
            "http://user@/                  | empty host (nothing after the '@')",
            "http://:80/                    | empty host",
            "file:///etc/passwd             | file: URLs are not supported",
            "http://xn--a/                  | invalid punycode label \"xn--a\"",
            "http://\uD83D\uDCA9.de/        | invalid international domain name \"\uD83D\uDCA9.de\"",
        })
        void reasonSaysWhatIsWrong(String input, String reason) {
            assertThatThrownBy(() -> Url.parse(input))
                    .isInstanceOfSatisfying(InvalidUrlException.class, e -> {
                        assertThat(e.reason()).isEqualTo(reason);
                        assertThat(e.input()).isEqualTo(input);
                    });
        }

        @ParameterizedTest
        @CsvSource({"9, U+0009", "10, U+000A", "13, U+000D", "0, U+0000"})
        void tabCrLfAndNulInsideAreRejectedWithTheirCodePoint(int c, String codePoint) {
            String character = String.valueOf((char) c);
            for (String input : new String[] {
                "http://a.test/x" + character + "y", "http://a." + character + "test/", "ht" + character + "tp://a.test/",
                "http://a.test/?q=" + character + "1", "http://a.test/#" + character + "f", "http://u" + character + "@a.test/",
            }) {
                assertThatThrownBy(() -> Url.parse(input))
                        .as(input)
                        .isInstanceOfSatisfying(InvalidUrlException.class,
                                e -> assertThat(e.reason()).isEqualTo("forbidden character " + codePoint));
            }
        }

        @Test
        void reasonQuotesAtMostAShortEscapedPieceOfTheHost() {
            String host = "a".repeat(500) + " \u0001";
            InvalidUrlException e = (InvalidUrlException) catchThrowable("http://" + host + "/");

            assertThat(e.reason()).startsWith("invalid host \"" + "a".repeat(64) + "...\"").hasSizeLessThan(120);
            assertThat(e.getMessage()).doesNotContain("\u0001").hasSizeLessThan(400);
        }

        @Test
        void longPortIsCutShortInTheReason() {
            InvalidUrlException e = (InvalidUrlException) catchThrowable("http://h:" + "9".repeat(300) + "/");

            assertThat(e.reason()).isEqualTo("port out of range: 999999999999...");
        }

        @Test
        void nullInputIsAProgrammingError() {
            assertThatThrownBy(() -> Url.parse(null)).isInstanceOf(NullPointerException.class);
        }

        private Throwable catchThrowable(String input) {
            try {
                Url.parse(input);
            } catch (InvalidUrlException e) {
                return e;
            }
            throw new AssertionError("expected " + input + " to be rejected");
        }
    }

    @Nested
    class IsAbsolute {
        @ParameterizedTest
        @ValueSource(strings = {"http://h/", "HTTPS://h", "  ws://h", "mailto:a@b", "a+b-c.d:x", "localhost:8080", "x:"})
        void absolute(String input) {
            assertThat(Url.isAbsolute(input)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"/users", "users", "//h/x", "?q", "#f", "", "1http://h", "+a:b", "a b:c", "./a:b", "ä:b"})
        void relative(String input) {
            assertThat(Url.isAbsolute(input)).isFalse();
        }
    }

    @Nested
    class WithMethods {
        private final Url base = Url.parse("https://user:pw@h.test:8443/a/b?x=1#frag");

        @Test
        void withQueryParamsReplacesTheQuery() {
            Url url = base.withQueryParams(QueryParams.of("q", "a b", "flag", null));

            assertThat(url).hasToString("https://user:pw@h.test:8443/a/b?q=a+b&flag#frag");
            assertThat(base.withQueryParams(QueryParams.empty()).query()).isNull();
            assertThat(base.withQueryParams(base.queryParams().set("x", 2).with("y", "z")).query()).isEqualTo("x=2&y=z");
        }

        @Test
        void withQueryKeepsEncodedTextAndEncodesTheRest() {
            assertThat(base.withQuery("a=%20&b=c d").query()).isEqualTo("a=%20&b=c%20d");
            assertThat(base.withQuery("it's").query()).isEqualTo("it%27s");
            assertThat(Url.parse("sc://h/").withQuery("it's").query()).isEqualTo("it's");
            assertThat(base.withQuery("").toString()).isEqualTo("https://user:pw@h.test:8443/a/b?#frag");
            assertThat(base.withQuery(null).toString()).isEqualTo("https://user:pw@h.test:8443/a/b#frag");
            assertThat(base.withQuery("a\r\nb").query()).isEqualTo("a%0D%0Ab");
        }

        @Test
        void withFragmentEncodesWithTheFragmentSet() {
            assertThat(base.withFragment("sec 2 <b>").fragment()).isEqualTo("sec%202%20%3Cb%3E");
            assertThat(base.withFragment("a?b#c").fragment()).isEqualTo("a?b#c");
            assertThat(base.withFragment(null).toString()).isEqualTo("https://user:pw@h.test:8443/a/b?x=1");
        }

        @Test
        void withoutUserInfoDropsBoth() {
            assertThat(base.withoutUserInfo()).hasToString("https://h.test:8443/a/b?x=1#frag");
            assertThat(base.withoutUserInfo().username()).isEmpty();
        }

        @Test
        void withUserInfoEncodesRawValuesSoTheyRoundTrip() {
            Url url = base.withUserInfo("me@x", "p@ss:w%rd/ü");

            assertThat(url.encodedUsername()).isEqualTo("me%40x");
            assertThat(url.encodedPassword()).isEqualTo("p%40ss%3Aw%25rd%2F%C3%BC");
            assertThat(url.username()).isEqualTo("me@x");
            assertThat(url.password()).isEqualTo("p@ss:w%rd/ü");
            assertThat(url.host()).isEqualTo("h.test");
            assertThat(Url.parse(url.toString())).isEqualTo(url);
        }

        @Test
        void withUserInfoWithoutPasswordOrUsername() {
            assertThat(base.withUserInfo("me", null)).hasToString("https://me@h.test:8443/a/b?x=1#frag");
            assertThat(base.withUserInfo(null, "pw")).hasToString("https://:pw@h.test:8443/a/b?x=1#frag");
            assertThat(base.withUserInfo("", "")).isEqualTo(base.withoutUserInfo());
        }

        @Test
        void withUserInfoNeedsAHost() {
            assertThatThrownBy(() -> Url.parse("mailto:a@b").withUserInfo("u", "p"))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void withPathEncodesAndRemovesDotSegments() {
            assertThat(base.withPath("/new path/./x/../y")).hasToString("https://user:pw@h.test:8443/new%20path/y?x=1#frag");
            assertThat(base.withPath("/a?b#c").path()).isEqualTo("/a%3Fb%23c");
            assertThat(base.withPath("/%2e%2E/x").path()).isEqualTo("/x");
            assertThat(base.withPath("/100%25/é").path()).isEqualTo("/100%25/%C3%A9");
            assertThat(base.withPath("no-slash").path()).isEqualTo("/no-slash");
            assertThat(base.withPath("").path()).isEqualTo("/");
            assertThat(base.withPath("\\a\\b").path()).isEqualTo("/a/b");
            assertThat(base.withPath("/a\r\nb").path()).isEqualTo("/a%0D%0Ab");
            assertThat(Url.parse("sc://h/x").withPath("y z").toString()).isEqualTo("sc://h/y%20z");
        }

        @Test
        void withPathOnAnOpaquePathIsRefused() {
            assertThatThrownBy(() -> Url.parse("mailto:a@b").withPath("/x")).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void withSchemeReevaluatesTheDefaultPort() {
            assertThat(Url.parse("https://h/p").withScheme("http")).hasToString("http://h/p");
            assertThat(Url.parse("https://h/p").withScheme("http").port()).isEqualTo(80);
            assertThat(Url.parse("http://h:443/p").withScheme("https")).hasToString("https://h/p");
            assertThat(Url.parse("http://h:8080/p").withScheme("HTTPS")).hasToString("https://h:8080/p");
            assertThat(Url.parse("ws://h/").withScheme("wss").port()).isEqualTo(443);
            assertThat(Url.parse("sc://h:1/").withScheme("other")).hasToString("other://h:1/");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "''       | invalid scheme",
            "1http    | invalid scheme",
            "ht tp    | invalid scheme",
            "file     | file: URLs are not supported",
            "mailto   | cannot switch between a special scheme (http, https, ws, wss, ftp) and a non-special one",
        })
        void withSchemeRefuses(String scheme, String reason) {
            assertThatThrownBy(() -> Url.parse("https://h/").withScheme(scheme))
                    .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        }

        @Test
        void withMethodsLeaveTheOriginalUnchanged() {
            String before = base.toString();

            base.withPath("/x");
            base.withQuery("y");
            base.withFragment("z");
            base.withUserInfo("a", "b");
            base.withoutUserInfo();
            base.withScheme("http");

            assertThat(base).hasToString(before);
        }
    }

    @Nested
    class Equality {
        @Test
        void equalWhenNormalizedFormsAreEqual() {
            Url a = Url.parse("HTTP://Example.COM:80/a/../b");
            Url b = Url.parse("http://example.com/b");

            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).hasToString("http://example.com/b");
            assertThat(Url.parse("http://bücher.de/")).isEqualTo(Url.parse("http://xn--bcher-kva.de/"));
            assertThat(Url.parse("http://h/%7e")).isNotEqualTo(Url.parse("http://h/~"));
        }

        @Test
        void differentComponentsAreNotEqual() {
            Url url = Url.parse("http://h/p?q#f");

            assertThat(url).isNotEqualTo(Url.parse("http://h/p?q"));
            assertThat(url).isNotEqualTo(Url.parse("https://h/p?q#f"));
            assertThat(url).isNotEqualTo(Url.parse("http://h:81/p?q#f"));
            assertThat(url).isNotEqualTo(Url.parse("http://h/P?q#f"));
            assertThat(url).isNotEqualTo("http://h/p?q#f");
        }

        @Test
        void reparsingTheNormalizedFormIsStable() {
            for (String input : new String[] {"http://u:p@[::1]:8080/a%20b/?q='x'#f g", "sc://h/a/b?c", "mailto:a b",
                    "http://0x7f.1/../x", "https://Bücher.de/ü?ü#ü", "sc:/.//p"}) {
                Url url = Url.parse(input);
                assertThat(Url.parse(url.toString())).as(input).isEqualTo(url);
            }
        }
    }
}
