package dev.courier.internal.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.InvalidUrlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostParserTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0x7f.1, 127.0.0.1",
        "2130706433, 127.0.0.1",
        "127.1, 127.0.0.1",
        "0300.0250.0.1, 192.168.0.1",
        "0, 0.0.0.0",
        "0x, 0.0.0.0",
        "4294967295, 255.255.255.255",
        "1.16777215, 1.255.255.255",
        "1.2.65535, 1.2.255.255",
        "10.0.0.1., 10.0.0.1",
    })
    void ipv4NumericForms(String host, String dottedQuad) {
        assertThat(HostParser.parse(host, false, host)).isEqualTo(dottedQuad);
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "4294967296", "1.16777216", "1.2.65536", "08", "0x7g.1", "1.2.3.4.5",
        "foo.1", "foo.0x", "99999999999999999999999999", "1..2"})
    void ipv4OutOfRangeOrMalformed(String host) {
        assertThatThrownBy(() -> HostParser.parse(host, false, host)).isInstanceOf(InvalidUrlException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "[::1], [::1]",
        "[0:0:0:0:0:0:0:0], [::]",
        "[1:0:0:2:0:0:0:3], [1:0:0:2::3]",
        "[1:0:0:2:0:0:3:4], [1::2:0:0:3:4]",
        "[1:2:3:4:5:6:7:0], [1:2:3:4:5:6:7:0]",
        "[0:1:0:1:0:1:0:1], [0:1:0:1:0:1:0:1]",
        "[ABCD:EF01::0DB8], [abcd:ef01::db8]",
        "[::ffff:192.168.0.1], [::ffff:c0a8:1]",
        "[1:2:3:4:5:6:1.2.3.4], [1:2:3:4:5:6:102:304]",
    })
    void ipv6IsCompressedTheWhatwgWay(String host, String serialized) {
        assertThat(HostParser.parse(host, false, host)).isEqualTo(serialized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[:]", "[::1", "[1:2:3:4:5:6:7:8:9]", "[1::2::3]", "[::1%25lo]", "[::01.2.3.4]",
        "[::1.2.3]", "[1:2:3:4:5:6:7:1.2.3.4]", "[12345::]", "[::1]x"})
    void ipv6Malformed(String host) {
        assertThatThrownBy(() -> HostParser.parse(host, false, host))
                .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.reason()).startsWith("invalid IPv6 address"));
    }

    @Test
    void domainsAreLowerCasedAndMappedToALabels() {
        assertThat(HostParser.parse("WWW.Example.COM", false, "")).isEqualTo("www.example.com");
        assertThat(HostParser.parse("b%C3%BCcher.de", false, "")).isEqualTo("xn--bcher-kva.de");
        assertThat(HostParser.parse("a\u3002b\uFF0Ec\uFF61d", false, "")).isEqualTo("a.b.c.d");
        assertThat(HostParser.parse("xn--zca.de", false, "")).isEqualTo("xn--zca.de");
        assertThat(HostParser.parse("a".repeat(100) + ".com", false, "")).hasSize(104);
    }

    @Test
    void overlongAceLabelIsRejectedBeforeDecoding() {
        String label = "xn--" + "ba".repeat(200);

        assertThatThrownBy(() -> HostParser.parse(label, false, ""))
                .isInstanceOfSatisfying(InvalidUrlException.class, e -> assertThat(e.reason()).startsWith("invalid punycode label"));
    }

    @Test
    void opaqueHostsKeepPercentAndEncodeNonAscii() {
        assertThat(HostParser.parse("A%20b\u00e9", true, "")).isEqualTo("A%20b%C3%A9");
        assertThatThrownBy(() -> HostParser.parse("a b", true, "")).isInstanceOf(InvalidUrlException.class);
    }

    @Test
    void punycodeDecodes() {
        assertThat(Punycode.decode("bcher-kva")).isEqualTo("bücher");
        assertThat(Punycode.decode("r8jz45g")).isEqualTo("例え");
        assertThat(Punycode.decode("zca")).isEqualTo("ß");
        assertThat(Punycode.decode("abc-")).isEqualTo("abc");
        assertThat(Punycode.decode("99999999")).isNull();
        assertThat(Punycode.decode("a!")).isNull();
        assertThat(Punycode.decode("")).isEmpty();
    }
}
