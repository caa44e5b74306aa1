package dev.courier.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.courier.Proxy;
import dev.courier.Url;
import dev.courier.internal.Environment;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which proxy the environment asks for: precedence, fallbacks, NO_PROXY, CGI, and bad values. */
class EnvironmentProxiesTest {

    /** Rows: the environment (name=value pairs, "|"-separated), the request URL, the expected proxy or null. */
    static Stream<Arguments> precedence() {
        return Stream.of(
                // lower case wins over upper case, for each variable
                arguments("http_proxy=http://lower:1|HTTP_PROXY=http://upper:2", "http://a.test/", "http://lower:1"),
                arguments("HTTP_PROXY=http://upper:2", "http://a.test/", "http://upper:2"),
                arguments("https_proxy=http://lower:1|HTTPS_PROXY=http://upper:2", "https://a.test/", "http://lower:1"),
                arguments("HTTPS_PROXY=http://upper:2", "https://a.test/", "http://upper:2"),
                arguments("all_proxy=http://lower:1|ALL_PROXY=http://upper:2", "http://a.test/", "http://lower:1"),
                arguments("ALL_PROXY=http://upper:2", "https://a.test/", "http://upper:2"),
                // each scheme has its own variable
                arguments("https_proxy=http://s:1", "http://a.test/", null),
                arguments("http_proxy=http://p:1", "https://a.test/", null),
                arguments("http_proxy=http://p:1|https_proxy=http://s:2", "https://a.test/", "http://s:2"),
                // all_proxy is the fallback for both, and loses to the scheme's own variable
                arguments("all_proxy=http://all:1", "http://a.test/", "http://all:1"),
                arguments("all_proxy=http://all:1", "https://a.test/", "http://all:1"),
                arguments("all_proxy=http://all:1|http_proxy=http://p:2", "http://a.test/", "http://p:2"),
                arguments("all_proxy=http://all:1|http_proxy=http://p:2", "https://a.test/", "http://all:1"),
                arguments("ALL_PROXY=http://all:1|HTTPS_PROXY=http://s:2", "https://a.test/", "http://s:2"),
                // an empty or blank value is unset
                arguments("http_proxy=|HTTP_PROXY=http://upper:2", "http://a.test/", "http://upper:2"),
                arguments("http_proxy=   ", "http://a.test/", null),
                arguments("https_proxy=|all_proxy=http://all:1", "https://a.test/", "http://all:1"),
                arguments("", "http://a.test/", null),
                // values: no scheme means http; userinfo and socks schemes are kept
                arguments("http_proxy=proxy.internal:3128", "http://a.test/", "http://proxy.internal:3128"),
                arguments("https_proxy=user:pw@proxy.internal:3128", "https://a.test/",
                        "http://user:pw@proxy.internal:3128"),
                arguments("all_proxy=socks5h://proxy.internal:1080", "https://a.test/", "socks5h://proxy.internal:1080"),
                arguments("https_proxy=socks5://u:p@proxy.internal:1080", "https://a.test/",
                        "socks5://u:p@proxy.internal:1080"),
                arguments("https_proxy=  https://proxy.internal:8443  ", "https://a.test/", "https://proxy.internal:8443"),
                // NO_PROXY excludes hosts for every scheme
                arguments("http_proxy=http://p:1|NO_PROXY=a.test", "http://a.test/", null),
                arguments("http_proxy=http://p:1|NO_PROXY=a.test", "http://b.test/", "http://p:1"),
                arguments("https_proxy=http://s:1|no_proxy=.internal.test", "https://svc.internal.test/", null),
                arguments("all_proxy=socks5h://s:1|no_proxy=.internal.test", "https://internal.test/", null),
                arguments("http_proxy=http://p:1|no_proxy=b.test|NO_PROXY=a.test", "http://a.test/", "http://p:1"),
                arguments("http_proxy=http://p:1|no_proxy=|NO_PROXY=a.test", "http://a.test/", null),
                arguments("http_proxy=http://p:1|no_proxy=*", "http://a.test/", null),
                arguments("https_proxy=http://s:1|no_proxy=*", "https://10.0.0.1/", null),
                arguments("http_proxy=http://p:1|no_proxy=a.test:8080", "http://a.test:8080/", null),
                arguments("http_proxy=http://p:1|no_proxy=a.test:8080", "http://a.test/", "http://p:1"),
                arguments("https_proxy=http://s:1|no_proxy=a.test:443", "https://a.test/", null),
                arguments("http_proxy=http://p:1|no_proxy=::1", "http://[::1]:8080/", null),
                arguments("http_proxy=http://p:1|no_proxy=10.0.0.0/8", "http://10.2.3.4/", null),
                arguments("http_proxy=http://p:1|no_proxy=b\u00fccher.example", "http://xn--bcher-kva.example/", null),
                arguments("http_proxy=http://p:1|no_proxy=example.com", "http://badexample.com/", "http://p:1"));
    }

    @ParameterizedTest(name = "[{index}] {0} : {1} -> {2}")
    @MethodSource("precedence")
    void picksTheProxyTheEnvironmentNames(String variables, String url, String expected) {
        EnvironmentProxies proxies = EnvironmentProxies.read(env(variables));
        assertThat(proxies.proxyFor(Url.parse(url))).isEqualTo(expected == null ? null : Proxy.of(expected));
    }

    @Test
    void underCgiUpperCaseHttpProxyIsIgnored() {
        EnvironmentProxies proxies = EnvironmentProxies.read(env("REQUEST_METHOD=GET|HTTP_PROXY=http://evil.test:1"));
        assertThat(proxies.proxyFor(Url.parse("http://a.test/"))).isNull();
        assertThat(proxies.isEmpty()).isTrue();
    }

    @Test
    void underCgiLowerCaseHttpProxyIsHonoured() {
        EnvironmentProxies proxies = EnvironmentProxies.read(
                env("REQUEST_METHOD=POST|http_proxy=http://good.test:1|HTTP_PROXY=http://evil.test:2"));
        assertThat(proxies.proxyFor(Url.parse("http://a.test/"))).isEqualTo(Proxy.of("http://good.test:1"));
    }

    @Test
    void underCgiTheOtherUpperCaseVariablesStillCount() {
        // CGI only forges HTTP_* names from request headers; HTTPS_PROXY and ALL_PROXY cannot come from one.
        EnvironmentProxies proxies = EnvironmentProxies.read(env(
                "REQUEST_METHOD=GET|HTTP_PROXY=http://evil.test:1|HTTPS_PROXY=http://s.test:2|ALL_PROXY=http://all.test:3"));
        assertThat(proxies.proxyFor(Url.parse("http://a.test/"))).isEqualTo(Proxy.of("http://all.test:3"));
        assertThat(proxies.proxyFor(Url.parse("https://a.test/"))).isEqualTo(Proxy.of("http://s.test:2"));
    }

    @Test
    void emptyRequestMethodIsNotCgi() {
        EnvironmentProxies proxies = EnvironmentProxies.read(env("REQUEST_METHOD=|HTTP_PROXY=http://upper.test:1"));
        assertThat(proxies.proxyFor(Url.parse("http://a.test/"))).isEqualTo(Proxy.of("http://upper.test:1"));
    }

    @Test
    void invalidValueNamesTheVariableAndMasksThePassword() {
        assertThatThrownBy(() -> EnvironmentProxies.read(env("HTTPS_PROXY=http://user:s3cret@proxy.internal:99999")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTPS_PROXY")
                .hasMessageContaining("http://user:****@proxy.internal:99999")
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }

    @Test
    void unsupportedProxySchemeIsRejectedWithoutThePassword() {
        assertThatThrownBy(() -> EnvironmentProxies.read(env("http_proxy=ftp://user:s3cret@proxy.internal:21")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http_proxy")
                .hasMessageContaining("ftp://user:****@proxy.internal:21")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void passwordsThatBreakTheUrlAreMaskedWhole() {
        // A '/' ends the authority early, so the URL parser would see "pa" as a port and quote it.
        assertThatThrownBy(() -> EnvironmentProxies.read(env("all_proxy=http://u:pa/ss@proxy.internal:3128")))
                .hasMessageContaining("all_proxy")
                .hasMessageContaining("u:****@proxy.internal:3128")
                .hasMessageNotContaining("pa/ss")
                .hasMessageNotContaining("\"pa\"");
        // A "://" inside a scheme-less value's password is not a scheme.
        assertThatThrownBy(() -> EnvironmentProxies.read(env("ALL_PROXY=u:pa://ss@proxy.internal:3128")))
                .hasMessageContaining("ALL_PROXY")
                .hasMessageContaining("u:****@proxy.internal:3128")
                .hasMessageNotContaining("pa:")
                .hasMessageNotContaining("//ss");
    }

    @Test
    void invalidValueWithoutPasswordIsShownAsIs() {
        assertThatThrownBy(() -> EnvironmentProxies.read(env("https_proxy=http://[::1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https_proxy")
                .hasMessageContaining("http://[::1");
    }

    @Test
    void isEmptyAndNoProxyAndToString() {
        assertThat(EnvironmentProxies.read(env("no_proxy=a.test")).isEmpty()).isTrue();
        EnvironmentProxies proxies = EnvironmentProxies.read(
                env("https_proxy=http://user:s3cret@proxy.internal:3128|no_proxy=localhost, .internal.test"));
        assertThat(proxies.isEmpty()).isFalse();
        assertThat(proxies.noProxy().matches("svc.internal.test", 443)).isTrue();
        assertThat(proxies.toString())
                .contains("user:****@proxy.internal:3128")
                .contains("NoProxy[localhost, .internal.test]")
                .doesNotContain("s3cret");
    }

    /** An environment from "NAME=value|NAME=value"; an empty value stays set but empty. */
    private static Environment env(String variables) {
        Map<String, String> map = new HashMap<>();
        for (String pair : variables.split("\\|")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                map.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return Environment.of(map);
    }
}
