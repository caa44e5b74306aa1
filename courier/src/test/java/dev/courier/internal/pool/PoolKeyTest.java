package dev.courier.internal.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.courier.Proxy;
import dev.courier.Url;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolKeyTest {
    private static final Object TLS = new Object();

    @Test
    void aKeyMatchesExactlyTheRequestsItWouldBeMadeFor() {
        Proxy http = Proxy.of("http://proxy.test:3128");
        Proxy socks = Proxy.of("socks5://proxy.test:1080");
        List<String> urls = List.of("http://a.test/x", "http://a.test:8080/x", "https://a.test/x", "http://b.test/x");
        List<Proxy> proxies = Arrays.asList(null, http, socks);
        for (String u : urls) {
            for (Proxy p : proxies) {
                for (boolean forward : new boolean[] {true, false}) {
                    PoolKey key = PoolKey.of(Url.parse(u), TLS, p, forward);
                    for (String v : urls) {
                        for (Proxy q : proxies) {
                            for (boolean forward2 : new boolean[] {true, false}) {
                                for (Object tls : new Object[] {TLS, new Object()}) {
                                    PoolKey other = PoolKey.of(Url.parse(v), tls, q, forward2);
                                    assertEquals(key.equals(other), key.matches(Url.parse(v), tls, q, forward2),
                                            key + " against " + other);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void equalKeysHashAlikeAndOtherOriginsDiffer() {
        PoolKey a = PoolKey.of(Url.parse("https://a.test/x"), TLS);
        PoolKey same = PoolKey.of(Url.parse("https://a.test/y?q=1"), TLS);
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, PoolKey.of(Url.parse("https://a.test/x"), new Object()), "another TLS configuration");
        assertNotEquals(a, PoolKey.of(Url.parse("https://a.test:8443/x"), TLS));
        assertTrue(a.matches(Url.parse("https://a.test/z"), TLS, null, true));
        assertFalse(a.matches(Url.parse("https://b.test/x"), TLS, null, true));
    }
}
