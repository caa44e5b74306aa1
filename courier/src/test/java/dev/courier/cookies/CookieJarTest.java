package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Cookie;
import dev.courier.CookieConflictException;
import dev.courier.CookieJar;
import dev.courier.Cookies;
import dev.courier.Url;
import dev.courier.internal.cookie.InMemoryCookieJar;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The jar's storage model, ordering, limits and people-facing API. */
class CookieJarTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final InMemoryCookieJar jar = new InMemoryCookieJar(clock);

    private void receive(String url, String... setCookies) {
        jar.saveFromResponse(Url.parse(url), Arrays.asList(setCookies));
    }

    private String header(String url) {
        return jar.headerFor(Url.parse(url));
    }

    @Test
    void secureCookieIsLeftAloneByHttp() {
        // RELIABILITY §1.8 and curl test 414: http cannot overwrite or shadow a Secure cookie.
        receive("https://a.test/", "s=1; Secure");
        receive("http://a.test/", "s=2");
        assertThat(header("https://a.test/")).isEqualTo("s=1");
        assertThat(header("http://a.test/")).isNull();
        receive("http://a.test/", "s=3; Path=/deeper");
        assertThat(header("http://a.test/deeper")).isNull();
        receive("https://a.test/", "s=4");   // https may replace it
        assertThat(header("http://a.test/")).isEqualTo("s=4");
    }

    @Test
    void deletionByMaxAgeZeroAndPastExpires() {
        receive("http://example.com/", "a=1", "b=2", "c=3; Path=/x");
        receive("http://example.com/", "a=gone; Max-Age=0");
        receive("http://example.com/", "b=gone; Expires=Sun, 06 Nov 1994 08:49:37 GMT");
        receive("http://example.com/", "c=gone; Max-Age=0");   // other path: c stays
        assertThat(header("http://example.com/x")).isEqualTo("c=3");
        assertThat(jar.cookies().size()).isEqualTo(1);
    }

    @Test
    void cookiesExpireAsTheClockMoves() {
        receive("http://example.com/", "short=1; Max-Age=60", "long=2; Expires=Fri, 02 Jan 2026 00:00:00 GMT", "session=3");
        assertThat(header("http://example.com/")).isEqualTo("short=1; long=2; session=3");
        clock.advance(Duration.ofSeconds(60));
        assertThat(header("http://example.com/")).isEqualTo("long=2; session=3");
        clock.advance(Duration.ofDays(1));
        assertThat(header("http://example.com/")).isEqualTo("session=3");
        assertThat(jar.get("short")).isNull();
    }

    @Test
    void lifetimesAreCappedAt400Days() {
        receive("http://example.com/", "a=1; Max-Age=999999999999999999999", "b=2; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
                "c=3; Max-Age=86400");
        Instant cap = START.plus(Duration.ofDays(400));
        assertThat(find("a").expiresAt()).isEqualTo(cap);
        assertThat(find("b").expiresAt()).isEqualTo(cap);
        assertThat(find("c").expiresAt()).isEqualTo(START.plus(Duration.ofDays(1)));
        assertThat(find("c").createdAt()).isEqualTo(START);
    }

    @Test
    void headerOrderIsLongerPathsFirstThenOlder() {
        receive("http://example.com/", "root1=1; Path=/");
        clock.advance(Duration.ofSeconds(1));
        receive("http://example.com/", "deep=2; Path=/a/b");
        clock.advance(Duration.ofSeconds(1));
        receive("http://example.com/", "mid=3; Path=/a", "root0=4; Path=/; Domain=example.com");
        clock.advance(Duration.ofSeconds(1));
        receive("http://example.com/", "root1=updated; Path=/");   // keeps its creation time
        assertThat(header("http://example.com/a/b/c")).isEqualTo("deep=2; mid=3; root1=updated; root0=4");
        assertThat(jar.loadForRequest(Url.parse("http://example.com/a/b/c")))
                .extracting(Cookie::name).containsExactly("deep", "mid", "root1", "root0");
        assertThat(find("root1").createdAt()).isEqualTo(START);
    }

    @Test
    void attributesAreParsedAndKept() {
        receive("https://www.example.com/app/x",
                "sid=abc; Domain=example.com; Path=/app; Secure; HttpOnly; SameSite=lax; Max-Age=3600",
                "pref=1; SameSite=Strict", "other=2; SameSite=bogus", "n=3; samesite=NONE; Secure");
        Cookie sid = find("sid");
        assertThat(sid.domain()).isEqualTo("example.com");
        assertThat(sid.hostOnly()).isFalse();
        assertThat(sid.path()).isEqualTo("/app");
        assertThat(sid.secure()).isTrue();
        assertThat(sid.httpOnly()).isTrue();
        assertThat(sid.sameSite()).isEqualTo("Lax");
        assertThat(sid.expiresAt()).isEqualTo(START.plusSeconds(3600));
        Cookie pref = find("pref");
        assertThat(pref.hostOnly()).isTrue();
        assertThat(pref.domain()).isEqualTo("www.example.com");
        assertThat(pref.path()).isEqualTo("/app");
        assertThat(pref.sameSite()).isEqualTo("Strict");
        assertThat(pref.httpOnly()).isFalse();
        assertThat(pref.expiresAt()).isNull();
        assertThat(find("other").sameSite()).isNull();
        assertThat(find("n").sameSite()).isEqualTo("None");
    }

    @Test
    void nameAndValueOver4096BytesAreIgnored() {
        String fits = "v".repeat(4096 - "big".length());
        receive("http://example.com/", "big=" + fits, "huge=" + fits + "x");
        assertThat(jar.get("big")).isEqualTo(fits);
        assertThat(jar.get("huge")).isNull();
        String multiByte = "é".repeat(2047);   // 4094 bytes, fewer than 4096 chars
        receive("http://example.com/", "u=" + multiByte + "é");
        assertThat(jar.get("u")).isNull();
        assertThatThrownBy(() -> jar.set(Cookie.of("big", fits + "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4096");
    }

    @Test
    void atMost50PerRegistrableDomainLeastRecentlyUsedEvicted() {
        receive("http://example.com/", "keep=1; Path=/keep");
        for (int i = 0; i < 49; i++) {
            clock.advance(Duration.ofSeconds(1));
            receive("http://a.example.com/", "c" + i + "=1; Domain=example.com; Path=/p" + i);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(header("http://example.com/keep")).isEqualTo("keep=1");   // now the most recently used
        for (int i = 49; i < 60; i++) {
            clock.advance(Duration.ofSeconds(1));
            receive("http://b.example.com/", "c" + i + "=1; Path=/p" + i);   // same budget: example.com
        }
        Cookies all = jar.cookies();
        assertThat(all.size()).isEqualTo(50);
        assertThat(all.names()).contains("keep", "c59").doesNotContain("c0", "c10").contains("c11");
        receive("http://other.test/", "x=1");
        assertThat(jar.get("x")).isEqualTo("1");   // another domain has its own budget
    }

    @Test
    void atMost3000InAll() {
        for (int d = 0; d < 61; d++) {
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                headers.add("c" + i + "=" + d);
            }
            clock.advance(Duration.ofSeconds(1));
            jar.saveFromResponse(Url.parse("http://site" + d + ".test/"), headers);
        }
        assertThat(jar.size()).isEqualTo(InMemoryCookieJar.MAX_TOTAL);
        assertThat(header("http://site0.test/")).isNull();   // the oldest site went first
        assertThat(jar.loadForRequest(Url.parse("http://site60.test/"))).hasSize(50);
    }

    @Test
    void manyLargeSetCookiesKeepTheCookieHeaderBounded() {
        // RELIABILITY §1.4: 500 Set-Cookie of 4 KB; the next Cookie header stays bounded.
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            headers.add("k" + i + "=" + "x".repeat(4000) + "; Path=/");
        }
        jar.saveFromResponse(Url.parse("http://a.test/"), headers);
        String header = header("http://a.test/");
        assertThat(header.length()).isLessThanOrEqualTo(50 * (4096 + 2));
        assertThat(jar.size()).isEqualTo(50);
    }

    @Test
    void getSetDeleteClearAndConflicts() {
        receive("http://example.com/", "sid=1");
        receive("http://other.test/", "sid=2");
        assertThatThrownBy(() -> jar.get("sid")).isInstanceOf(CookieConflictException.class)
                .hasMessageContaining("sid").extracting("name").isEqualTo("sid");
        assertThat(jar.get("sid", "other.test", "/")).isEqualTo("2");
        assertThat(jar.get("sid", ".EXAMPLE.com", "/")).isEqualTo("1");
        assertThat(jar.get("missing")).isNull();

        jar.set("theme", "dark");   // any host, path /
        assertThat(header("https://anything.test/deep/path")).isEqualTo("theme=dark");
        assertThat(jar.get("theme", "", "/")).isEqualTo("dark");
        jar.set(Cookie.of("theme", "light"));
        assertThat(jar.get("theme")).isEqualTo("light");
        assertThat(jar.cookies().size()).isEqualTo(3);

        jar.delete("sid", "example.com", "/");
        assertThat(jar.get("sid")).isEqualTo("2");
        jar.set(Cookie.builder("sid", "3").domain("example.com").hostOnly(true).build());
        jar.delete("sid");
        assertThat(jar.cookies().names()).containsExactly("theme");
        jar.set(Cookie.builder("theme", "x").expiresAt(START.minusSeconds(1)).build());   // expired: deletes
        assertThat(jar.cookies().isEmpty()).isTrue();
        jar.set("a", "1");
        jar.clear();
        assertThat(jar.cookies().isEmpty()).isTrue();
        assertThat(header("http://example.com/")).isNull();
    }

    @Test
    void cookiesIsAnOrderedSnapshotWithoutExpiredOnes() {
        receive("http://example.com/", "a=1", "b=2; Max-Age=10", "c=3");
        Cookies snapshot = jar.cookies();
        clock.advance(Duration.ofSeconds(10));
        jar.delete("a");
        assertThat(snapshot.names()).containsExactly("a", "b", "c");
        assertThat(jar.cookies().names()).containsExactly("c");
        List<String> iterated = new ArrayList<>();
        for (Cookie c : jar.cookies()) {
            iterated.add(c.name());
        }
        assertThat(iterated).containsExactly("c");
    }

    @Test
    void serverInputNeverThrows() {
        List<String> junk = Arrays.asList(null, "", ";", "=", "\u0000", "a=\r\nb", "x=1; Domain=\u00ff\u0100.;",
                "y=1; Domain=" + "a.".repeat(600) + "com", "z=1; Expires=" + "9".repeat(5000), "q=1; Max-Age=-99999999999999999999999");
        jar.saveFromResponse(Url.parse("http://example.com/"), junk);
        jar.saveFromResponse(Url.parse("http://example.com/"), null);
        // y's over-long Domain attribute is ignored (RFC 6265bis), so y is host-only; z's bad Expires too.
        assertThat(jar.cookies().names()).containsExactly("y", "z");
        assertThat(find("y").hostOnly()).isTrue();
        assertThat(find("z").expiresAt()).isNull();
    }

    @Test
    void noneStoresAndSendsNothing() {
        CookieJar none = CookieJar.none();
        none.saveFromResponse(Url.parse("http://example.com/"), List.of("a=1"));
        none.set("b", "2");
        assertThat(none.headerFor(Url.parse("http://example.com/"))).isNull();
        assertThat(none.loadForRequest(Url.parse("http://example.com/"))).isEmpty();
        assertThat(none.cookies().isEmpty()).isTrue();
        assertThat(none.get("a")).isNull();
        assertThat(CookieJar.inMemory()).isNotSameAs(CookieJar.inMemory());
    }

    @Test
    void concurrentUseIsSafe() throws Exception {
        CookieJar shared = CookieJar.inMemory();
        int threads = 4;
        int rounds = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    Url url = Url.parse("http://h" + id + ".example.com/p");
                    for (int i = 0; i < rounds; i++) {
                        shared.saveFromResponse(url, List.of("n" + (i % 70) + "=" + i + "; Domain=example.com"));
                        shared.set("mine" + id, Integer.toString(i));
                        assertThat(shared.loadForRequest(url)).isNotEmpty();
                        shared.cookies().size();
                        if (i % 50 == 0) {
                            shared.delete("n" + (i % 70));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < threads; t++) {
            assertThat(shared.get("mine" + t)).isEqualTo(Integer.toString(rounds - 1));
        }
        // At most 50 example.com cookies, plus the four any-host ones.
        assertThat(shared.loadForRequest(Url.parse("http://example.com/"))).hasSizeLessThanOrEqualTo(50 + threads);
    }

    private Cookie find(String name) {
        for (Cookie c : jar.cookies()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no cookie " + name);
    }
}
