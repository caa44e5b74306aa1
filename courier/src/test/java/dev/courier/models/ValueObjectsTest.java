package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.HttpVersion;
import dev.courier.Limits;
import dev.courier.Proxy;
import dev.courier.Retry;
import dev.courier.Timeout;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueObjectsTest {
    @Test
    void timeoutDefaultsAndPhases() {
        assertThat(Timeout.DEFAULT.connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Timeout.DEFAULT.pool()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Timeout.DEFAULT.total()).isNull();
        Timeout t = Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(2)).withTotal(Duration.ofMinutes(1));
        assertThat(t.connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(t.read()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.total()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Timeout.none().read()).isNull();
        assertThat(t).isEqualTo(Timeout.of(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(2))
                .withTotal(Duration.ofMinutes(1)));
        assertThatThrownBy(() -> Timeout.of(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timeout.none().withRead(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limits() {
        assertThat(Limits.DEFAULT.maxConnections()).isEqualTo(100);
        assertThat(Limits.DEFAULT.maxKeepAliveConnections()).isEqualTo(20);
        assertThat(Limits.DEFAULT.keepAliveExpiry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Limits.of(10, 5).withKeepAliveExpiry(Duration.ZERO).keepAliveExpiry()).isZero();
        assertThatThrownBy(() -> Limits.of(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.of(5, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retry() {
        assertThat(Retry.none().maxRetries()).isZero();
        Retry r = Retry.of(3).withBackoff(Duration.ofMillis(50), 3.0, Duration.ofSeconds(2)).withStatuses(Set.of(503));
        assertThat(r.maxRetries()).isEqualTo(3);
        assertThat(r.initialDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(r.multiplier()).isEqualTo(3.0);
        assertThat(r.statuses()).containsExactly(503);
        assertThat(Retry.of(3).statuses()).containsExactlyInAnyOrder(429, 502, 503, 504);
        assertThatThrownBy(() -> Retry.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Retry.of(1).withBackoff(Duration.ZERO, 0.5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Retry.of(1).withStatuses(Set.of(42))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proxyMasksItsPassword() {
        Proxy p = Proxy.of("http://user:s3cret@proxy.test:3128");
        assertThat(p.username()).isEqualTo("user");
        assertThat(p.password()).isEqualTo("s3cret");
        assertThat(p.url().toString()).isEqualTo("http://proxy.test:3128/");
        assertThat(p.toString()).doesNotContain("s3cret").contains("user:****@proxy.test:3128");
        assertThat(Proxy.of("socks5h://localhost:1080").withCredentials("u", "p").password()).isEqualTo("p");
        assertThatThrownBy(() -> Proxy.of("ftp://proxy.test")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void httpVersionLabels() {
        assertThat(HttpVersion.HTTP_2.label()).isEqualTo("HTTP/2");
        assertThat(HttpVersion.HTTP_1_1.alpnId()).isEqualTo("http/1.1");
    }
}
