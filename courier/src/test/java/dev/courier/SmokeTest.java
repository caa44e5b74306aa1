package dev.courier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void invalidUrlMessageNamesInputAndEscapesControls() {
        InvalidUrlException e = new InvalidUrlException("http://a\r\n", "forbidden characters");
        assertThat(e.getMessage()).isEqualTo("Invalid URL \"http://a\\u000d\\u000a\": forbidden characters");
    }
}
