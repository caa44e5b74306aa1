package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which {@code --proxy} a request uses: only http, https and all are scopes; anything else is the URL. */
class RequestCommandProxyTest {
    @Test
    void scopedProxiesApplyToTheirSchemeOnly() {
        List<String> proxies = List.of("https:http://secure:3128", "http:http://plain:3128");
        assertThat(RequestCommand.proxyFor(proxies, "http")).isEqualTo("http://plain:3128");
        assertThat(RequestCommand.proxyFor(proxies, "https")).isEqualTo("http://secure:3128");
        assertThat(RequestCommand.proxyFor(List.of("https:http://secure:3128"), "http")).isNull();
        assertThat(RequestCommand.proxyFor(List.of("all:socks5://s:1080"), "https")).isEqualTo("socks5://s:1080");
        assertThat(RequestCommand.proxyFor(null, "http")).isNull();
    }

    @Test
    void aHostAndPortIsAnHttpProxyNotAScope() {
        assertThat(RequestCommand.proxyFor(List.of("localhost:3128"), "http")).isEqualTo("http://localhost:3128");
        assertThat(RequestCommand.proxyFor(List.of("proxy:3128"), "https")).isEqualTo("http://proxy:3128");
        assertThat(RequestCommand.proxyFor(List.of("socks5://127.0.0.1:1080"), "http"))
                .isEqualTo("socks5://127.0.0.1:1080");
        assertThat(RequestCommand.proxyFor(List.of("http:localhost:3128"), "http")).isEqualTo("http://localhost:3128");
    }

    @Test
    void somethingThatIsNotAProxyUrlIsAUsageError() {
        assertThatThrownBy(() -> RequestCommand.proxyFor(List.of("ftp://x:21"), "http"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--proxy");
    }
}
