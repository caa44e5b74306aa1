package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Cookie;
import dev.courier.CookieConflictException;
import dev.courier.Cookies;
import dev.courier.Url;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookiesTest {
    @Test
    void getByNameAndConflicts() {
        Cookies c = Cookies.of(Map.of("a", "1"))
                .with(Cookie.of("sid", "x", "example.com", "/"))
                .with(Cookie.of("sid", "y", "other.test", "/"));
        assertThat(c.get("a")).isEqualTo("1");
        assertThat(c.get("missing")).isNull();
        assertThatThrownBy(() -> c.get("sid")).isInstanceOf(CookieConflictException.class)
                .hasMessageContaining("sid").extracting("name").isEqualTo("sid");
        assertThat(c.get("sid", "other.test", "/")).isEqualTo("y");
    }

    @Test
    void sameIdentityReplaces() {
        Cookies c = Cookies.empty().with("a", "1").with("a", "2");
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.get("a")).isEqualTo("2");
        assertThat(c.without("a").isEmpty()).isTrue();
    }

    @Test
    void headerValueMatchesDomainAndPath() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("any", "1");
        Cookies c = Cookies.of(m)
                .with(Cookie.of("d", "2", "example.com", "/"))
                .with(Cookie.of("p", "3", "example.com", "/api"))
                .with(Cookie.of("o", "4", "other.test", "/"));
        assertThat(c.headerValue(Url.parse("https://example.com/api/x"))).isEqualTo("any=1; d=2; p=3");
        assertThat(c.headerValue(Url.parse("https://www.example.com/apix"))).isEqualTo("any=1; d=2");
        assertThat(c.headerValue(Url.parse("https://notexample.com/"))).isEqualTo("any=1");
        assertThat(Cookies.empty().headerValue(Url.parse("https://a.test/"))).isNull();
    }

    @Test
    void invalidCookiesAreRejectedAndValuesMasked() {
        assertThatThrownBy(() -> Cookie.of("a;b", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "1\r\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cookie.of("sid", "s3cr3t").toString()).doesNotContain("s3cr3t");
    }
}
