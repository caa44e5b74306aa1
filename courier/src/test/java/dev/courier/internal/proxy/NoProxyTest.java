package dev.courier.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The NO_PROXY grammar, as a table. The first block is curl's tests/unit/unit1614.c; the rest pins
 * down where Courier goes further (ports, {@code *.}, IDN, addresses) and what malformed entries do.
 */
class NoProxyTest {

    @ParameterizedTest(name = "[{index}] NO_PROXY=\"{0}\" host {1}:{2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
        # curl tests/unit/unit1614.c
        localhost .example.com .example.de        | www.example.com  | 80 | true
        localhost,.example.com,.example.de        | www.example.com  | 80 | true
        localhost,.example.com,.example.de        | www.example.com. | 80 | true
        localhost,.example.com,.example.de        | example.com      | 80 | true
        localhost,.example.com,.example.de        | example.com.     | 80 | true
        localhost,.example.com.,.example.de       | www.example.com  | 80 | true
        localhost,www.example.com.,.example.de    | www.example.com  | 80 | true
        localhost,example.com,.example.de         | example.com      | 80 | true
        localhost,example.com,.example.de         | example.com.     | 80 | true
        localhost,example.com,.example.de         | nexample.com     | 80 | false
        localhost,example.com,.example.de         | www.example.com  | 80 | true
        127.0.0.1,localhost                       | 127.0.0.1        | 80 | true
        127.0.0.1,localhost,                      | 127.0.0.1        | 80 | true
        127.0.0.1/8,localhost,                    | 127.0.0.1        | 80 | true
        127.0.0.1/28,localhost,                   | 127.0.0.1        | 80 | true
        127.0.0.1/31,localhost,                   | 127.0.0.1        | 80 | true
        localhost,127.0.0.1                       | 127.0.0.1        | 80 | true
        localhost,127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0. | 127.0.0.1 | 80 | false
        localhost,127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0.1.127.0.0  | 127.0.0.1 | 80 | false
        localhost,127.0.0.1                       | localhost        | 80 | true
        127.0.0.1,localhost                       | localhost        | 80 | true
        barfoo                                    | foobar           | 80 | false
        foobar                                    | foobar           | 80 | true
        foobar                                    | 192.168.0.1      | 80 | false
        192.168.0.0/16                            | 192.168.0.1      | 80 | true
        192.168.0.0/24                            | 192.168.0.1      | 80 | true
        192.168.0.0/32                            | 192.168.0.1      | 80 | false
        192.168.0.0                               | 192.168.0.1      | 80 | false
        192.168.0.0/24                            | 192.168.1.1      | 80 | false
        foo, bar, 192.168.0.0/24                  | 192.168.1.1      | 80 | false
        foo, bar, 192.168.0.0/16                  | 192.168.1.1      | 80 | true
        foo, bar, 192.168.0.0/16                  | [::1]            | 80 | false
        foo, bar, ::1/64                          | [::1]            | 80 | true
        foo, bar, ::1/64                          | bar              | 80 | true
        foo, bar, ::1/64                          | BAr              | 80 | true
        foo,,,,,              bar, ::1/64         | BAr              | 80 | true
        foo, .example.com                         | www.example.com  | 80 | true
        www2.example.com, .example.net            | www.example.com  | 80 | false
        .example.com, .example.net                | example.com      | 80 | true
        .example.com, .example.net                | nonexample.com   | 80 | false
        # dot boundary, *. and subdomains
        example.com                               | badexample.com   | 80 | false
        example.com                               | a.b.example.com  | 80 | true
        example.com                               | example.com.evil.test | 80 | false
        example.com                               | com              | 80 | false
        *.example.com                             | example.com      | 80 | true
        *.example.com                             | a.example.com    | 80 | true
        *.example.com                             | badexample.com   | 80 | false
        *.example.com.                            | a.example.com.   | 80 | true
        *example.com                              | badexample.com   | 80 | false
        *example.com                              | example.com      | 80 | false
        # *
        *                                         | anything.test    | 80 | true
        *                                         | 10.1.2.3         | 80 | true
        *                                         | ::1              | 80 | true
        foo.test, *                               | bar.test         | 443 | true
        # port-qualified entries
        example.com:8080                          | example.com      | 8080 | true
        example.com:8080                          | example.com      | 80 | false
        example.com:8080                          | a.example.com    | 8080 | true
        .example.com:443                          | a.example.com    | 443 | true
        10.0.0.1:8080                             | 10.0.0.1         | 8080 | true
        10.0.0.1:8080                             | 10.0.0.1         | 443 | false
        [::1]:8080                                | ::1              | 8080 | true
        [::1]:8080                                | [::1]            | 8080 | true
        [::1]:8080                                | ::1              | 80 | false
        # address literals
        ::1                                       | 0:0:0:0:0:0:0:1  | 80 | true
        [::1]                                     | ::1              | 80 | true
        0:0::1                                    | [::1]            | 80 | true
        [0:0:0:0:0:0:0:1]                         | [::1]            | 80 | true
        ::1                                       | ::2              | 80 | false
        2001:DB8::A                               | 2001:db8::a      | 80 | true
        ::ffff:10.0.0.1                           | ::ffff:a00:1     | 80 | true
        ::ffff:10.0.0.1                           | 10.0.0.1         | 80 | false
        10.0.0.1                                  | 10.0.0.2         | 80 | false
        # CIDR ranges
        10.0.0.0/8                                | 10.255.1.2       | 80 | true
        10.0.0.0/8                                | 11.0.0.1         | 80 | false
        192.168.1.0/24                            | 192.168.1.77     | 80 | true
        192.168.1.0/24                            | 192.168.2.1      | 80 | false
        172.16.0.0/12                             | 172.31.255.255   | 80 | true
        172.16.0.0/12                             | 172.32.0.1       | 80 | false
        0.0.0.0/0                                 | 203.0.113.9      | 80 | true
        fe80::/10                                 | fe80::1          | 80 | true
        fe80::/10                                 | [febf:ffff::1]   | 80 | true
        fe80::/10                                 | fec0::1          | 80 | false
        ::1/128                                   | ::1              | 80 | true
        ::1/128                                   | ::2              | 80 | false
        ::/0                                      | 2001:db8::1      | 80 | true
        ::/0                                      | 10.0.0.1         | 80 | false
        0.0.0.0/0                                 | ::1              | 80 | false
        fe80::/10                                 | fe80::1%25eth0   | 80 | false
        # a CIDR or address never matches a name, nor a name an address
        10.0.0.0/8                                | ten.example      | 80 | false
        127.0.0.0/8                               | localhost        | 80 | false
        ::1                                       | localhost        | 80 | false
        localhost                                 | 127.0.0.1        | 80 | false
        0.1                                       | 127.0.0.1        | 80 | false
        # IDN and case
        b\u00fccher.example                       | xn--bcher-kva.example     | 80 | true
        xn--bcher-kva.example                     | b\u00fccher.example       | 80 | true
        .b\u00fccher.example                      | www.xn--bcher-kva.example | 80 | true
        B\u00dcCHER.example                       | xn--bcher-kva.example     | 80 | true
        b\u00fccher.example                       | bucher.example            | 80 | false
        EXAMPLE.COM                               | www.Example.Com  | 80 | true
        # spacing and empty entries
        '  example.com  ,  other.test  '          | other.test       | 80 | true
        '\texample.com\t'                         | example.com      | 80 | true
        ''                                        | example.com      | 80 | false
        '   '                                     | example.com      | 80 | false
        ',,, ,'                                   | example.com      | 80 | false
        # malformed entries: ignored, never thrown, never "everything"
        :1                                        | example.com      | 1  | false
        :                                         | example.com      | 80 | false
        [::1                                      | ::1              | 80 | false
        [::1]x                                    | ::1              | 80 | false
        [::1]:                                    | ::1              | 80 | false
        [example.com]                             | example.com      | 80 | false
        10.0.0.0/99                               | 10.0.0.1         | 80 | false
        10.0.0.0/                                 | 10.0.0.0         | 80 | false
        10.0.0.0/8/8                              | 10.0.0.1         | 80 | false
        ::1/129                                   | ::1              | 80 | false
        1:2:3:4:5:6:7:8:9                         | ::1              | 80 | false
        1::2::3                                   | 1::3             | 80 | false
        example.com:99999                         | example.com      | 80 | false
        example.com:0                             | example.com      | 80 | false
        example.com:abc                           | example.com      | 80 | false
        .                                         | example.com      | 80 | false
        *.                                        | example.com      | 80 | false
        [::1, example.com                         | example.com      | 80 | true
        10.0.0.0/99, 10.0.0.0/8                   | 10.0.0.1         | 80 | true
        """)
    void matchesLikeCurl(String list, String host, int port, boolean expected) {
        assertThat(NoProxy.parse(list).matches(host, port)).isEqualTo(expected);
    }

    @Test
    void nullOrBlankListMatchesNothing() {
        assertThat(NoProxy.parse(null).isEmpty()).isTrue();
        assertThat(NoProxy.parse(null).matches("example.com", 80)).isFalse();
        assertThat(NoProxy.parse(" \t ").isEmpty()).isTrue();
        assertThat(NoProxy.parse("example.com").isEmpty()).isFalse();
        assertThat(NoProxy.parse("*").isEmpty()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {":1", ":", "[::1", "10.0.0.0/99", "[", "]", "[]", "::1/x", "*.", "a:b:c", "/8", "1.2.3.4/-1",
        "\u0000", "\ud800.example", "\u3002", ".\u3002"})
    void malformedEntriesAreDroppedWithoutThrowing(String entry) {
        assertThatCode(() -> NoProxy.parse(entry)).doesNotThrowAnyException();
        NoProxy noProxy = NoProxy.parse(entry);
        assertThat(noProxy.matches("example.com", 80)).isFalse();
        assertThat(noProxy.matches("10.0.0.1", 80)).isFalse();
    }

    @Test
    void noHostMatchesNothingEvenUnderStar() {
        assertThat(NoProxy.parse("*").matches(null, 80)).isFalse();
        assertThat(NoProxy.parse("*").matches("", 80)).isFalse();
    }

    @Test
    void toStringShowsTheKeptEntries() {
        assertThat(NoProxy.parse("localhost, :1, 10.0.0.0/8 [::1]:8080")).hasToString(
                "NoProxy[localhost, 10.0.0.0/8, [::1]:8080]");
        assertThat(NoProxy.parse("a, *")).hasToString("NoProxy[*]");
        assertThat(NoProxy.parse("")).hasToString("NoProxy[]");
    }
}
