package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonFormatterTest {
    @Test
    void indentsByFourKeepingOrderAndNumbers() {
        assertThat(JsonFormatter.format("{\"b\":1,\"a\":[true,null,12345678901234567890.5],\"e\":{},\"s\":\"x\\\"y\"}", false))
                .isEqualTo("""
                        {
                            "b": 1,
                            "a": [
                                true,
                                null,
                                12345678901234567890.5
                            ],
                            "e": {},
                            "s": "x\\"y"
                        }
                        """);
    }

    @Test
    void jsonLinesComeOutOneAfterAnother() {
        assertThat(JsonFormatter.format("{\"a\":1}\n[]\n", false)).isEqualTo("{\n    \"a\": 1\n}\n[]\n");
    }

    @Test
    void coloursWrapKeysAndValues() {
        assertThat(JsonFormatter.format("{\"k\":\"v\"}", true))
                .isEqualTo("{\n    " + Ansi.JSON_KEY + "\"k\"" + Ansi.RESET + ": " + Ansi.JSON_STRING + "\"v\"" + Ansi.RESET + "\n}\n");
    }

    @Test
    void notJsonGivesNull() {
        assertThat(JsonFormatter.format("<html>", false)).isNull();
        assertThat(JsonFormatter.format("{\"a\":", false)).isNull();
        assertThat(JsonFormatter.format("", false)).isNull();
    }

    @Test
    void binaryAndJsonDetection() {
        assertThat(OutputPrinter.isBinary(new byte[] {'a', 0, 'b'}, 3, "text/plain")).isTrue();
        assertThat(OutputPrinter.isBinary("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), 6, null)).isFalse();
        assertThat(OutputPrinter.isBinary(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'}, 3, "application/octet-stream")).isTrue();
        assertThat(OutputPrinter.looksLikeJson("application/problem+json", "{}")).isTrue();
        assertThat(OutputPrinter.looksLikeJson("text/plain", " [1]")).isTrue();
        assertThat(OutputPrinter.looksLikeJson("text/html", "<p>")).isFalse();
    }
}
