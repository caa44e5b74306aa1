package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.courier.internal.cookie.PublicSuffixes;
import java.io.IOException;
import java.io.StringReader;
import java.net.IDN;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled Mozilla Public Suffix List and the list's matching algorithm. */
class CookiePublicSuffixTest {
    private static final PublicSuffixes PSL = PublicSuffixes.bundled();

    @Test
    void theListIsBundledWholeWithBothSections() {
        assertThat(PSL.version()).as("the list's VERSION line").matches("\\d{4}-\\d{2}-\\d{2}.*");
        assertThat(PSL.size()).isGreaterThan(9000);
        assertThat(PSL.isPublicSuffix("com")).isTrue();          // ICANN
        assertThat(PSL.isPublicSuffix("github.io")).isTrue();    // private section
        assertThat(PSL.isPublicSuffix("blogspot.com")).isTrue();
        assertThat(PSL.isPublicSuffix("xn--55qx5d.cn")).as("公司.cn, converted to punycode").isTrue();
    }

    static Stream<Arguments> lookups() {
        return Stream.of(
            arguments("example.com", "com", "example.com"),
            arguments("www.example.com", "com", "example.com"),
            arguments("com", "com", null),
            arguments("www.example.co.uk", "co.uk", "example.co.uk"),
            arguments("co.uk", "co.uk", null),
            arguments("uk", "uk", null),
            arguments("a.b.example.github.io", "github.io", "example.github.io"),
            arguments("x.compute.amazonaws.com", "x.compute.amazonaws.com", null),            // wildcard
            arguments("y.x.compute.amazonaws.com", "x.compute.amazonaws.com", "y.x.compute.amazonaws.com"),
            arguments("www.ck", "ck", "www.ck"),                                              // exception
            arguments("a.www.ck", "ck", "www.ck"),
            arguments("b.ck", "b.ck", null),                                                  // *.ck
            arguments("a.b.ck", "b.ck", "a.b.ck"),
            arguments("city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp"),
            arguments("x.kawasaki.jp", "x.kawasaki.jp", null),
            arguments("unlisted-tld-zz", "unlisted-tld-zz", null),                            // rule "*"
            arguments("a.unlisted-tld-zz", "unlisted-tld-zz", "a.unlisted-tld-zz"),
            arguments("example.com.", "com", "example.com"));                                 // trailing dot
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void suffixAndRegistrableDomain(String domain, String suffix, String registrable) {
        assertThat(PSL.publicSuffix(domain)).isEqualTo(suffix);
        assertThat(PSL.registrableDomain(domain)).isEqualTo(registrable);
        assertThat(PSL.isPublicSuffix(domain)).isEqualTo(registrable == null);
    }

    @Test
    void malformedDomainsHaveNoSuffix() {
        assertThat(PSL.publicSuffix("")).isEmpty();
        assertThat(PSL.publicSuffix(".com")).isEmpty();
        assertThat(PSL.publicSuffix("a..com")).isEmpty();
        assertThat(PSL.isPublicSuffix("")).isFalse();
        assertThat(PSL.registrableDomain("a..com")).isNull();
    }

    @Test
    void parsesTheListFormat() throws IOException {
        PublicSuffixes list = PublicSuffixes.parse(new StringReader(String.join("\n",
                "// VERSION: test", "// ===BEGIN ICANN DOMAINS===", "test", "*.wild.test", "!ok.wild.test",
                "ünï.test", "", "rule.test extra-text-ignored", "// ===END ICANN DOMAINS===")));
        assertThat(list.version()).isEqualTo("test");
        assertThat(list.size()).isEqualTo(5);
        assertThat(list.isPublicSuffix("x.wild.test")).isTrue();
        assertThat(list.isPublicSuffix("ok.wild.test")).isFalse();
        assertThat(list.registrableDomain("a.ok.wild.test")).isEqualTo("ok.wild.test");
        assertThat(list.isPublicSuffix(IDN.toASCII("ünï.test"))).isTrue();
        assertThat(list.isPublicSuffix("rule.test")).isTrue();
    }
}
