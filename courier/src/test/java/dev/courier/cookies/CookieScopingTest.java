package dev.courier.cookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.courier.CookieJar;
import dev.courier.Url;
import dev.courier.internal.cookie.InMemoryCookieJar;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY.md §1.8 as a table: one Set-Cookie received from one URL, then the Cookie header for
 * another URL (null: nothing sent).
 */
class CookieScopingTest {
    static Stream<Arguments> cases() {
        return Stream.of(
            // host-only versus domain cookies
            arguments("host-only to its host", "http://example.com/", "a=1", "http://example.com/", "a=1"),
            arguments("host-only not to a subdomain", "http://example.com/", "a=1", "http://www.example.com/", null),
            arguments("host-only not to the parent", "http://www.example.com/", "a=1", "http://example.com/", null),
            arguments("Domain to the host", "http://www.example.com/", "a=1; Domain=example.com", "http://www.example.com/", "a=1"),
            arguments("Domain to the parent", "http://www.example.com/", "a=1; Domain=example.com", "http://example.com/", "a=1"),
            arguments("Domain to a sibling", "http://www.example.com/", "a=1; Domain=example.com", "http://api.example.com/", "a=1"),
            arguments("Domain to a deep subdomain", "http://www.example.com/", "a=1; Domain=example.com", "http://a.b.example.com/", "a=1"),
            arguments("leading dot ignored", "http://www.example.com/", "a=1; Domain=.example.com", "http://api.example.com/", "a=1"),
            arguments("Domain case-insensitive", "http://www.example.com/", "a=1; Domain=EXAMPLE.Com", "http://api.example.com/", "a=1"),
            arguments("Domain = host is a domain cookie", "http://example.com/", "a=1; Domain=example.com", "http://www.example.com/", "a=1"),
            // dot boundaries (Python CVE-2018-20852)
            arguments("no suffix match without a dot", "http://example.com/", "a=1; Domain=example.com", "http://badexample.com/", null),
            arguments("not to notexample.com", "http://example.com/", "a=1; Domain=example.com", "http://notexample.com/", null),
            arguments("not to example.com.evil.test", "http://example.com/", "a=1; Domain=example.com", "http://example.com.evil.test/", null),
            arguments("host-only not to a longer name", "http://example.com/", "a=1", "http://badexample.com/", null),
            // Domain attributes the host may not use
            arguments("Domain of another site", "http://example.com/", "a=1; Domain=other.test", "http://other.test/", null),
            arguments("Domain of a subdomain", "http://example.com/", "a=1; Domain=www.example.com", "http://www.example.com/", null),
            arguments("Domain with a port", "http://example.com/", "a=1; Domain=example.com:80", "http://example.com/", null),
            arguments("Domain with a trailing dot", "http://www.example.com/", "a=1; Domain=EXAMPLE.com.", "http://www.example.com/", null),
            // public suffixes (ICANN and private sections, wildcards, exceptions)
            arguments("Domain=com", "http://example.com/", "a=1; Domain=com", "http://example.com/", null),
            arguments("Domain=co.uk", "http://x.co.uk/", "a=1; Domain=co.uk", "http://x.co.uk/", null),
            arguments("Domain=co.uk to a sibling", "http://x.co.uk/", "a=1; Domain=co.uk", "http://y.co.uk/", null),
            arguments("Domain=CO.UK mixed case (curl CVE-2023-46218)", "http://x.co.uk/", "a=1; Domain=CO.UK", "http://y.co.uk/", null),
            arguments("Domain=co.uk. trailing dot (curl CVE-2022-27779)", "http://x.co.uk/", "a=1; Domain=co.uk.", "http://y.co.uk/", null),
            arguments("registrable under co.uk is fine", "http://www.example.co.uk/", "a=1; Domain=example.co.uk", "http://api.example.co.uk/", "a=1"),
            arguments("Domain=github.io (private section)", "https://u.github.io/", "a=1; Domain=github.io", "https://v.github.io/", null),
            arguments("Domain=github.io not even to the setter", "https://u.github.io/", "a=1; Domain=github.io", "https://u.github.io/", null),
            arguments("a github.io site may scope to itself", "https://u.github.io/", "a=1; Domain=u.github.io", "https://u.github.io/x", "a=1"),
            arguments("public suffix equal to the host: host-only", "https://github.io/", "a=1; Domain=github.io", "https://github.io/", "a=1"),
            arguments("public suffix equal to the host: not to subdomains", "https://github.io/", "a=1; Domain=github.io", "https://u.github.io/", null),
            arguments("wildcard rule *.ck", "http://a.b.ck/", "a=1; Domain=b.ck", "http://c.b.ck/", null),
            arguments("exception rule !www.ck", "http://a.www.ck/", "a=1; Domain=www.ck", "http://b.www.ck/", "a=1"),
            arguments("IDN public suffix in punycode", "http://a.example.xn--55qx5d.cn/", "a=1; Domain=xn--55qx5d.cn", "http://b.xn--55qx5d.cn/", null),
            arguments("Unicode Domain attribute", "http://www.xn--bcher-kva.example/", "a=1; Domain=bücher.example", "http://api.bücher.example/", "a=1"),
            // IP addresses: never domain cookies
            arguments("IPv4 host-only", "http://127.0.0.1/", "a=1", "http://127.0.0.1/", "a=1"),
            arguments("IPv4 Domain=itself is host-only", "http://127.0.0.1/", "a=1; Domain=127.0.0.1", "http://127.0.0.1/", "a=1"),
            arguments("IPv4 not to another address", "http://127.0.0.1/", "a=1; Domain=127.0.0.1", "http://127.0.0.2/", null),
            arguments("IPv4 suffix is no domain", "http://127.0.0.1/", "a=1; Domain=0.0.1", "http://127.0.0.1/", null),
            arguments("IPv6 host-only", "http://[::1]:8080/", "a=1", "http://[::1]:9090/", "a=1"),
            arguments("IPv6 not to another address", "http://[::1]/", "a=1", "http://[::2]/", null),
            // Secure
            arguments("Secure over https", "https://example.com/", "a=1; Secure", "https://example.com/", "a=1"),
            arguments("Secure never over http", "https://example.com/", "a=1; Secure", "http://example.com/", null),
            arguments("Secure over wss", "https://example.com/", "a=1; Secure", "wss://example.com/", "a=1"),
            arguments("Secure cannot be set from http", "http://example.com/", "a=1; Secure", "https://example.com/", null),
            arguments("non-Secure from https goes to http", "https://example.com/", "a=1", "http://example.com/", "a=1"),
            arguments("ports are not isolated (RFC 6265 §8.5)", "http://example.com:8080/", "a=1", "http://example.com:9090/", "a=1"),
            // paths
            arguments("/foo matches /foo", "http://example.com/", "a=1; Path=/foo", "http://example.com/foo", "a=1"),
            arguments("/foo matches /foo/", "http://example.com/", "a=1; Path=/foo", "http://example.com/foo/", "a=1"),
            arguments("/foo matches /foo/bar", "http://example.com/", "a=1; Path=/foo", "http://example.com/foo/bar", "a=1"),
            arguments("/foo does not match /foobar", "http://example.com/", "a=1; Path=/foo", "http://example.com/foobar", null),
            arguments("/foo does not match /", "http://example.com/", "a=1; Path=/foo", "http://example.com/", null),
            arguments("paths are case-sensitive", "http://example.com/", "a=1; Path=/foo", "http://example.com/FOO", null),
            arguments("/foo/ does not match /foo", "http://example.com/", "a=1; Path=/foo/", "http://example.com/foo", null),
            arguments("/foo/ matches /foo/bar", "http://example.com/", "a=1; Path=/foo/", "http://example.com/foo/bar", "a=1"),
            arguments("the query is not the path", "http://example.com/", "a=1; Path=/foo", "http://example.com/foo?x=/bar", "a=1"),
            arguments("default path: the directory", "http://example.com/foo/bar", "a=1", "http://example.com/foo/baz", "a=1"),
            arguments("default path: not elsewhere", "http://example.com/foo/bar", "a=1", "http://example.com/other", null),
            arguments("default path of a top file is /", "http://example.com/login", "a=1", "http://example.com/x/y", "a=1"),
            arguments("relative Path means the default", "http://example.com/foo/bar", "a=1; Path=x", "http://example.com/foo/q", "a=1"),
            // expiry and deletion
            arguments("Max-Age=0 stores nothing", "http://example.com/", "a=1; Max-Age=0", "http://example.com/", null),
            arguments("negative Max-Age stores nothing", "http://example.com/", "a=1; Max-Age=-5", "http://example.com/", null),
            arguments("past Expires stores nothing", "http://example.com/", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://example.com/", null),
            arguments("future Expires", "http://example.com/", "a=1; Expires=Wed, 01 Jan 2031 00:00:00 GMT", "http://example.com/", "a=1"),
            arguments("Max-Age wins over a past Expires", "http://example.com/", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", "http://example.com/", "a=1"),
            arguments("Max-Age=0 wins over a future Expires", "http://example.com/", "a=1; Max-Age=0; Expires=Wed, 01 Jan 2031 00:00:00 GMT", "http://example.com/", null),
            arguments("invalid Max-Age ignored", "http://example.com/", "a=1; Max-Age=+5", "http://example.com/", "a=1"),
            arguments("invalid Expires ignored", "http://example.com/", "a=1; Expires=never", "http://example.com/", "a=1"),
            // name prefixes and control characters
            arguments("__Secure- needs Secure", "https://example.com/", "__Secure-a=1", "https://example.com/", null),
            arguments("__Secure- with Secure", "https://example.com/", "__Secure-a=1; Secure; Domain=example.com", "https://www.example.com/", "__Secure-a=1"),
            arguments("__Host- with Secure and Path=/", "https://example.com/", "__Host-a=1; Secure; Path=/", "https://example.com/", "__Host-a=1"),
            arguments("__Host- refuses Domain", "https://example.com/", "__Host-a=1; Secure; Path=/; Domain=example.com", "https://example.com/", null),
            arguments("__Host- refuses other paths", "https://example.com/", "__Host-a=1; Secure; Path=/x", "https://example.com/x", null),
            arguments("__host- prefix is case-insensitive", "https://example.com/", "__host-a=1; Path=/", "https://example.com/", null),
            arguments("control byte in value (curl CVE-2022-35252)", "http://example.com/", "a=1\u0001", "http://example.com/", null),
            arguments("DEL in name", "http://example.com/", "a\u007f=1", "http://example.com/", null),
            arguments("NUL in an attribute", "http://example.com/", "a=1; Path=/\u0000", "http://example.com/", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scoping(String name, String from, String setCookie, String to, String expected) {
        CookieJar jar = new InMemoryCookieJar(new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
        jar.saveFromResponse(Url.parse(from), List.of(setCookie));
        assertThat(jar.headerFor(Url.parse(to))).isEqualTo(expected);
    }
}
