package dev.courier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Request;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
    private static final Request GET = Request.builder("GET", "https://a.test/").build();

    @Test
    void sendsTheToken() {
        FakeSender sender = FakeSender.ok();
        Auth.bearer("mF_9.B5f-4.1JqM").authenticate(GET, sender).join();
        assertThat(sender.authorization(0)).isEqualTo("Bearer mF_9.B5f-4.1JqM");
    }

    @Test
    void acceptsEveryB64tokenCharacterAndPadding() {
        FakeSender sender = FakeSender.ok();
        Auth.bearer("aZ09-._~+/==").authenticate(GET, sender).join();
        assertThat(sender.authorization(0)).isEqualTo("Bearer aZ09-._~+/==");
    }

    @Test
    void rejectsInvalidTokensWithoutEchoingThem() {
        for (String bad : new String[] {"", "se cret", "secret\r\nX-Injected: 1", "sec\"ret", "=secret", "secr=et", "s\u00e9cret"}) {
            assertThatThrownBy(() -> Auth.bearer(bad))
                    .as("token %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(bad.isEmpty() || !e.getMessage().contains(bad)).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("sec"));
        }
    }

    @Test
    void tokenSourceIsAskedPerRequest() {
        AtomicInteger calls = new AtomicInteger();
        BearerAuth auth = Auth.bearer(() -> "token" + calls.incrementAndGet());
        FakeSender sender = FakeSender.ok();
        auth.authenticate(GET, sender).join();
        auth.authenticate(GET, sender).join();
        assertThat(sender.authorization(0)).isEqualTo("Bearer token1");
        assertThat(sender.authorization(1)).isEqualTo("Bearer token2");
    }

    @Test
    void invalidTokenFromASourceFailsTheRequestAndSendsNothing() {
        FakeSender sender = FakeSender.ok();
        assertThatThrownBy(() -> Auth.bearer(() -> "bad token-value").authenticate(GET, sender).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("token-value"));
        assertThatThrownBy(() -> Auth.bearer(() -> null).authenticate(GET, sender).join())
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(sender.requests).isEmpty();
    }

    @Test
    void toStringMasksTheToken() {
        assertThat(Auth.bearer("abc123").toString()).isEqualTo("BearerAuth[token=***]");
        assertThat(Auth.bearer(() -> "abc123").toString()).doesNotContain("abc123");
    }
}
