package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Cookie;
import dev.courier.Cookies;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.Url;
import dev.courier.internal.cookie.SetCookieParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Cookie value type, its builder and §5.4 matching, the parser's details, Response.cookies(). */
class CookieModelTest {
    private static final Instant WHEN = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void builderSetsEveryAttributeAndToBuilderCopiesThem() {
        Cookie c = Cookie.builder("sid", "42").domain(".Example.COM").path("/app").expiresAt(WHEN)
                .secure(true).httpOnly(true).hostOnly(true).sameSite("Lax").createdAt(WHEN.minusSeconds(5)).build();
        assertThat(c.name()).isEqualTo("sid");
        assertThat(c.value()).isEqualTo("42");
        assertThat(c.domain()).isEqualTo("example.com");
        assertThat(c.path()).isEqualTo("/app");
        assertThat(c.expiresAt()).isEqualTo(WHEN);
        assertThat(c.secure()).isTrue();
        assertThat(c.httpOnly()).isTrue();
        assertThat(c.hostOnly()).isTrue();
        assertThat(c.sameSite()).isEqualTo("Lax");
        assertThat(c.createdAt()).isEqualTo(WHEN.minusSeconds(5));
        Cookie copy = c.toBuilder().build();
        assertThat(copy).isEqualTo(c);
        assertThat(copy.createdAt()).isEqualTo(c.createdAt());
        assertThat(c.toBuilder().value("43").build().value()).isEqualTo("43");
        assertThat(c.toBuilder().name("other").build().name()).isEqualTo("other");
    }

    @Test
    void defaultsAndTheOldFactoriesKeepTheirBehaviour() {
        Cookie c = Cookie.of("a", "1");
        assertThat(c.domain()).isEmpty();
        assertThat(c.path()).isEqualTo("/");
        assertThat(c.expiresAt()).isNull();
        assertThat(c.secure() || c.httpOnly() || c.hostOnly()).isFalse();
        assertThat(c.sameSite()).isNull();
        assertThat(c.createdAt()).isNotNull();
        assertThat(Cookie.of("a", "1", null, null)).isEqualTo(c);
        assertThat(Cookie.of("a", "1", "example.com", "").path()).isEqualTo("/");
        assertThat(c.withDomain("example.com").withPath("/x")).isEqualTo(Cookie.of("a", "1", "example.com", "/x"));
        assertThat(Cookie.of("a", "1")).isEqualTo(Cookie.of("a", "1")).hasSameHashCodeAs(Cookie.of("a", "1"));
        assertThat(Cookie.of("a", "1").toBuilder().secure(true).build()).isNotEqualTo(c);
    }

    @Test
    void invalidCookiesAreRejected() {
        assertThatThrownBy(() -> Cookie.builder("a", "1").hostOnly(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host-only");
        assertThatThrownBy(() -> Cookie.builder("a b", "1").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.builder("a", "1\n").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.builder("a", "1").path("/a\tb").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.builder("a", "1").sameSite("Lax\r\n").build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringMasksTheValueAndShowsTheAttributes() {
        Cookie c = Cookie.builder("sid", "s3cr3t").domain("example.com").hostOnly(true).secure(true)
                .httpOnly(true).sameSite("Strict").expiresAt(WHEN).build();
        assertThat(c.toString()).doesNotContain("s3cr3t")
                .isEqualTo("sid=[redacted] domain=example.com path=/ hostOnly secure httpOnly sameSite=Strict"
                        + " expires=2026-01-01T00:00:00Z");
        assertThat(Cookie.of("a", "1").toString()).isEqualTo("a=[redacted] path=/");
    }

    @Test
    void matchesAppliesRfc6265Section54() {
        Cookie hostOnly = Cookie.builder("a", "1").domain("example.com").hostOnly(true).build();
        assertThat(hostOnly.matches(Url.parse("http://example.com/x"))).isTrue();
        assertThat(hostOnly.matches(Url.parse("http://www.example.com/x"))).isFalse();
        Cookie domain = Cookie.of("a", "1", "example.com", "/foo");
        assertThat(domain.matches(Url.parse("http://www.example.com/foo/bar"))).isTrue();
        assertThat(domain.matches(Url.parse("http://www.example.com/foobar"))).isFalse();
        assertThat(domain.matches(Url.parse("http://badexample.com/foo"))).isFalse();
        Cookie secure = Cookie.builder("a", "1").secure(true).build();
        assertThat(secure.matches(Url.parse("https://any.test/"))).isTrue();
        assertThat(secure.matches(Url.parse("http://any.test/"))).isFalse();
        Cookie anyHost = Cookie.of("a", "1");
        assertThat(anyHost.matches(Url.parse("http://127.0.0.1/deep/path"))).isTrue();
        Cookie ip = Cookie.of("a", "1", "0.0.1", "/");
        assertThat(ip.matches(Url.parse("http://127.0.0.1/"))).isFalse();
    }

    @Test
    void cookiesOfACollectionKeepsOrderAndReplacesSameIdentity() {
        Cookies c = Cookies.of(List.of(Cookie.of("a", "1"), Cookie.of("b", "2", "example.com", "/"), Cookie.of("a", "3")));
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.names()).containsExactly("a", "b");
        assertThat(c.get("a")).isEqualTo("3");
        assertThat(Cookies.of(List.of())).isSameAs(Cookies.empty());
    }

    @Test
    void parserDetails() {
        SetCookieParser.SetCookie c = SetCookieParser.parse(
                " sid = a b ; Max-Age=10; max-age=20; Domain=.Example.com; path=/p; SECURE; httponly; SameSite=None");
        assertThat(c.name()).isEqualTo("sid");
        assertThat(c.value()).isEqualTo("a b");
        assertThat(c.maxAge()).isEqualTo(20);
        assertThat(c.domain()).isEqualTo("example.com");
        assertThat(c.path()).isEqualTo("/p");
        assertThat(c.secure() && c.httpOnly()).isTrue();
        assertThat(c.sameSite()).isEqualTo("None");
        assertThat(SetCookieParser.parse("a=1; Max-Age=99999999999999999999999").maxAge()).isEqualTo(Long.MAX_VALUE);
        assertThat(SetCookieParser.parse("a=1; Max-Age=-").maxAge()).isNull();
        assertThat(SetCookieParser.parse("a=1; Max-Age=1.5").maxAge()).isNull();
        assertThat(SetCookieParser.parse("a=1; Path=/" + "x".repeat(1024)).path()).isNull();   // over 1024: ignored
        assertThat(SetCookieParser.parse("a=1; Path=/" + "x".repeat(1022)).path()).hasSize(1023);
        assertThat(SetCookieParser.parse("a=1\u0000")).isNull();
        assertThat(SetCookieParser.parse("novalue")).isNull();
        assertThat(SetCookieParser.parse("=1")).isNull();
        assertThat(SetCookieParser.parse(null)).isNull();
    }

    @Test
    void responseCookiesAreParsedWithoutStoragePolicy() {
        Response r = Response.builder().request(Request.builder("GET", "https://www.example.com/app/page").build())
                .header("Set-Cookie", "sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax")
                .header("Set-Cookie", "pref=dark; Domain=.example.com")
                .header("Set-Cookie", "super=1; Domain=com")          // refused by a jar, shown here
                .header("Set-Cookie", "bye=; Max-Age=0")
                .header("Set-Cookie", "broken")
                .build();
        Cookies cookies = r.cookies();
        assertThat(cookies.names()).containsExactly("sid", "pref", "super", "bye");
        Cookie sid = cookies.iterator().next();
        assertThat(sid.domain()).isEqualTo("www.example.com");
        assertThat(sid.hostOnly()).isTrue();
        assertThat(sid.httpOnly() && sid.secure()).isTrue();
        assertThat(sid.sameSite()).isEqualTo("Lax");
        assertThat(cookies.get("pref", "example.com", "/app")).isEqualTo("dark");
        assertThat(cookies.get("super", "com", "/app")).isEqualTo("1");
        Cookie bye = Cookies.of(List.of()).merge(cookies).without("sid").without("pref").without("super").iterator().next();
        assertThat(bye.expiresAt()).isBefore(Instant.now());
        assertThat(cookies.headerValue(Url.parse("https://api.example.com/app"))).isEqualTo("pref=dark; super=1");
        // An expired cookie (the deletion "bye") is never sent.
        assertThat(cookies.headerValue(Url.parse("https://www.example.com/app/x"))).isEqualTo("sid=abc; pref=dark; super=1");
    }
}
