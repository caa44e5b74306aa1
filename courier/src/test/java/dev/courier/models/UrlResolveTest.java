package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.InvalidUrlException;
import dev.courier.Url;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlResolveTest {

    @Nested
    class Resolve {
        private final Url rfcBase = Url.parse("http://a/b/c/d;p?q");

        /** RFC 3986 §5.4.1, with the URL Standard's answer for the one case the RFC leaves open. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "g:h      | g:h",
            "g        | http://a/b/c/g",
            "./g      | http://a/b/c/g",
            "g/       | http://a/b/c/g/",
            "/g       | http://a/g",
            "//g      | http://g/",
            "?y       | http://a/b/c/d;p?y",
            "g?y      | http://a/b/c/g?y",
            "#s       | http://a/b/c/d;p?q#s",
            "g#s      | http://a/b/c/g#s",
            "g?y#s    | http://a/b/c/g?y#s",
            ";x       | http://a/b/c/;x",
            "g;x      | http://a/b/c/g;x",
            "g;x?y#s  | http://a/b/c/g;x?y#s",
            "''       | http://a/b/c/d;p?q",
            ".        | http://a/b/c/",
            "./       | http://a/b/c/",
            "..       | http://a/b/",
            "../      | http://a/b/",
            "../g     | http://a/b/g",
            "../..    | http://a/",
            "../../   | http://a/",
            "../../g  | http://a/g",
        })
        void rfc3986NormalExamples(String reference, String expected) {
            assertThat(rfcBase.resolve(reference)).hasToString(expected);
        }

        /** RFC 3986 §5.4.2; "http:g" resolves as the RFC's backward-compatible parsers (and browsers) do. */
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "../../../g     | http://a/g",
            "../../../../g  | http://a/g",
            "/./g           | http://a/g",
            "/../g          | http://a/g",
            "g.             | http://a/b/c/g.",
            ".g             | http://a/b/c/.g",
            "g..            | http://a/b/c/g..",
            "..g            | http://a/b/c/..g",
            "./../g         | http://a/b/g",
            "./g/.          | http://a/b/c/g/",
            "g/./h          | http://a/b/c/g/h",
            "g/../h         | http://a/b/c/h",
            "g;x=1/./y      | http://a/b/c/g;x=1/y",
            "g;x=1/../y     | http://a/b/c/y",
            "g?y/./x        | http://a/b/c/g?y/./x",
            "g?y/../x       | http://a/b/c/g?y/../x",
            "g#s/./x        | http://a/b/c/g#s/./x",
            "g#s/../x       | http://a/b/c/g#s/../x",
            "http:g         | http://a/b/c/g",
        })
        void rfc3986AbnormalExamples(String reference, String expected) {
            assertThat(rfcBase.resolve(reference)).hasToString(expected);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "https://other.test/x      | https://other.test/x",
            "//other.test/x            | https://other.test/x",
            "/login?next=%2F           | https://user:pw@h.test:8443/login?next=%2F",
            "next                      | https://user:pw@h.test:8443/a/next",
            "?page=2                   | https://user:pw@h.test:8443/a/b?page=2",
            "#top                      | https://user:pw@h.test:8443/a/b?x=1#top",
            "\\\\other.test\\x         | https://other.test/x",
            "/a b/ü                    | https://user:pw@h.test:8443/a%20b/%C3%BC",
            "http://h.test:443/        | http://h.test:443/",
            "HTTPS://H.TEST:443/       | https://h.test/",
        })
        void redirectLocations(String location, String expected) {
            Url current = Url.parse("https://user:pw@h.test:8443/a/b?x=1#frag");

            assertThat(current.resolve(location)).hasToString(expected);
        }

        @Test
        void schemeRelativeReferenceDoesNotCarryCredentials() {
            Url url = Url.parse("http://user:pass@a.test/").resolve("//evil.test/");

            assertThat(url).hasToString("http://evil.test/");
            assertThat(url.username()).isEmpty();
        }

        @Test
        void resolvedLocationWithCrLfIsRejected() {
            assertThatThrownBy(() -> Url.parse("http://a.test/").resolve("/x\r\nSet-Cookie: a=b"))
                    .isInstanceOfSatisfying(InvalidUrlException.class,
                            e -> assertThat(e.reason()).isEqualTo("forbidden character U+000D"));
        }

        @Test
        void relativeReferenceAgainstAnOpaquePath() {
            Url mail = Url.parse("mailto:a@b?subject=x");

            assertThat(mail.resolve("#f")).hasToString("mailto:a@b?subject=x#f");
            assertThatThrownBy(() -> mail.resolve("x"))
                    .isInstanceOfSatisfying(InvalidUrlException.class,
                            e -> assertThat(e.reason()).isEqualTo("relative reference against a URL with an opaque path"));
        }

        @Test
        void invalidAbsoluteLocationIsRejected() {
            assertThatThrownBy(() -> Url.parse("http://a/").resolve("http://exa mple/"))
                    .isInstanceOf(InvalidUrlException.class);
            assertThatThrownBy(() -> Url.parse("http://a/").resolve("//"))
                    .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.reason()).isEqualTo("empty host"));
        }
    }

    @Nested
    class Join {
        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            // The httpx base-URL cases: the base path is a directory, the reference goes below it.
            "https://h/v1         | /users?x=1        | https://h/v1/users?x=1",
            "https://h/v1/        | users             | https://h/v1/users",
            "https://h            | a                 | https://h/a",
            "https://h/v1         | users             | https://h/v1/users",
            "https://h/v1/        | /users            | https://h/v1/users",
            "https://h/v1         | ///users          | https://h/v1/users",
            "https://h/v1         | users/            | https://h/v1/users/",
            "https://h/v1         | /                 | https://h/v1/",
            // No path: the base path still acts as a directory (httpx forces a trailing slash on a
            // base URL); the reference's query and fragment are taken, the base's query is not.
            "https://h/v1         | ?page=2           | https://h/v1/?page=2",
            "https://h/v1?k=1     | ?page=2           | https://h/v1/?page=2",
            "https://h/v1?k=1     | ''                | https://h/v1/",
            "https://h/v1/        | ''                | https://h/v1/",
            "https://h            | ''                | https://h/",
            "https://h/v1         | '#frag'           | https://h/v1/#frag",
            "https://h/v1?k=1#f   | users             | https://h/v1/users",
            "https://h/v1         | users?a=1#top     | https://h/v1/users?a=1#top",
            // Dot segments are removed after appending, so they may climb out of the base path.
            "https://h/v1/        | ./users/../items  | https://h/v1/items",
            "https://h/v1/api     | ../x              | https://h/v1/x",
            "https://h/v1         | %2e%2e/x          | https://h/x",
            // Never an authority: "//host" is a path below the base.
            "https://h/v1         | //evil.test/x     | https://h/v1/evil.test/x",
            "https://h/v1         | \\\\evil.test\\x  | https://h/v1/evil.test/x",
            // Encoding with the path, query and fragment sets.
            "https://h/v1         | a b/ü?q=a b#f g   | https://h/v1/a%20b/%C3%BC?q=a%20b#f%20g",
            "https://h/v1         | it's?it's         | https://h/v1/it's?it%27s",
            // The base keeps its userinfo and port.
            "https://u:p@h:8443/v1 | x                | https://u:p@h:8443/v1/x",
            // An absolute reference replaces the base.
            "https://h/v1         | http://other.test/x | http://other.test/x",
            "https://h/v1         | HTTPS://H:443/y   | https://h/y",
            "sc://h/base          | x                 | sc://h/base/x",
            "sc://h               | x                 | sc://h/x",
        })
        void joinsBelowTheBasePath(String base, String reference, String expected) {
            assertThat(Url.parse(base).join(reference)).hasToString(expected);
        }

        @Test
        void differsFromResolve() {
            Url base = Url.parse("https://h/v1");

            assertThat(base.join("/users")).hasToString("https://h/v1/users");
            assertThat(base.resolve("/users")).hasToString("https://h/users");
        }

        @Test
        void referenceWithCrLfIsRejected() {
            assertThatThrownBy(() -> Url.parse("https://h/v1").join("/x\r\nHost: evil"))
                    .isInstanceOfSatisfying(InvalidUrlException.class,
                            e -> assertThat(e.reason()).isEqualTo("forbidden character U+000D"));
        }

        @Test
        void invalidAbsoluteReferenceIsRejected() {
            assertThatThrownBy(() -> Url.parse("https://h/v1").join("http://h:99999/"))
                    .isInstanceOfSatisfying(InvalidUrlException.class,
                            e -> assertThat(e.reason()).isEqualTo("port out of range: 99999"));
        }

        @Test
        void opaqueBaseCannotTakeAPath() {
            assertThatThrownBy(() -> Url.parse("mailto:a@b").join("x")).isInstanceOf(InvalidUrlException.class);
        }

        @Test
        void schemeLikeReferenceIsAbsolute() {
            // "localhost:8080" starts with a valid scheme, so, as in httpx, it is not a path.
            assertThat(Url.parse("https://h/v1").join("localhost:8080").scheme()).isEqualTo("localhost");
        }
    }
}
