package dev.courier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Request;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static byte[] credentialBytes(String header) {
        assertThat(header).startsWith("Basic ");
        return Base64.getDecoder().decode(header.substring("Basic ".length()));
    }

    @Test
    void asciiCredentials() {
        FakeSender sender = FakeSender.ok();
        Auth.basic("Aladdin", "open sesame").authenticate(Request.builder("GET", "https://a.test/").build(), sender).join();
        // RFC 7617 §2.
        assertThat(sender.authorization(0)).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }

    @Test
    void nonAsciiCredentialsAreUtf8() {
        FakeSender sender = FakeSender.ok();
        Auth.basic("test", "123\u00a3").authenticate(Request.builder("GET", "https://a.test/").build(), sender).join();
        // RFC 7617 §2.1's charset="UTF-8" example.
        assertThat(sender.authorization(0)).isEqualTo("Basic dGVzdDoxMjPCow==");

        Auth.basic("J\u00e9r\u00f4me", "caf\u00e9").authenticate(Request.builder("GET", "https://a.test/").build(), sender)
                .join();
        assertThat(credentialBytes(sender.authorization(1)))
                .isEqualTo("J\u00e9r\u00f4me:caf\u00e9".getBytes(StandardCharsets.UTF_8))
                .contains(0xc3, 0xa9);
    }

    @Test
    void replacesAnExistingAuthorizationHeader() {
        FakeSender sender = FakeSender.ok();
        Request r = Request.builder("GET", "https://a.test/").header("Authorization", "Bearer old").build();
        Auth.basic("u", "p").authenticate(r, sender).join();
        assertThat(sender.last().headers().getAll("Authorization")).containsExactly("Basic dTpw");
    }

    @Test
    void passwordMayContainColonsButUserMayNot() {
        FakeSender sender = FakeSender.ok();
        Auth.basic("u", "a:b").authenticate(Request.builder("GET", "https://a.test/").build(), sender).join();
        assertThat(credentialBytes(sender.authorization(0))).isEqualTo("u:a:b".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Auth.basic("a:b", "secret-pw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("':'")
                .hasMessageNotContaining("secret-pw");
    }

    @Test
    void toStringMasksThePassword() {
        BasicAuth auth = Auth.basic("alice", "hunter2");
        assertThat(auth.toString()).isEqualTo("BasicAuth[user=alice, password=***]").doesNotContain("hunter2");
        assertThat(auth.user()).isEqualTo("alice");
    }
}
