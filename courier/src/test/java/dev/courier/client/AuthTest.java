package dev.courier.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.auth.Auth;
import dev.courier.auth.Sender;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthTest {
    @Test
    void functionAuthRewritesTheRequest() {
        RecordingTransport t = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(t)
                .auth(Auth.of(r -> r.withHeader("X-Api-Key", "k1"))).build()) {
            c.get("https://a.test/").join();
            assertThat(t.last().headers().get("X-Api-Key")).isEqualTo("k1");
            c.get("https://a.test/", o -> o.auth(Auth.of(r -> r.withHeader("X-Api-Key", "k2")))).join();
            assertThat(t.last().headers().get("X-Api-Key")).isEqualTo("k2");
        }
    }

    /** A token-refresh auth: on 401, renew once and resend; the 401 lands in history. */
    @Test
    void challengeFlowsSendAgainAndKeepHistory() {
        ChunkPublisher challengeBody = ChunkPublisher.of("login first");
        RecordingTransport t = new RecordingTransport(r -> "Bearer fresh".equals(r.headers().get("Authorization"))
                ? Response.builder().content("secret data").build()
                : Response.builder().status(401).body(challengeBody).build());
        Auth refreshing = (request, next) -> next.send(request.withHeader("Authorization", "Bearer stale"))
                .thenCompose(r -> r.statusCode() != 401 ? CompletableFuture.completedFuture(r)
                        : next.send(request.withHeader("Authorization", "Bearer fresh")));
        try (AsyncClient c = AsyncClient.builder().transport(t).auth(refreshing).build()) {
            Response r = c.get("https://a.test/data").join();
            assertThat(r.text()).isEqualTo("secret data");
            assertThat(r.history()).hasSize(1);
            assertThat(r.history().get(0).statusCode()).isEqualTo(401);
            assertThat(r.history().get(0).text()).isEqualTo("login first");
            assertThat(r.history().get(0).isClosed()).isTrue();
            assertThat(t.requests()).hasSize(2);
        }
    }

    @Test
    void anAbandonedResponseIsClosed() {
        ChunkPublisher body = ChunkPublisher.of("unread");
        RecordingTransport t = new RecordingTransport(r -> Response.builder().status(401).body(body).build());
        Auth giveUp = (request, next) -> next.send(request).thenApply(r -> {
            throw new IllegalStateException("cannot authenticate");
        });
        try (AsyncClient c = AsyncClient.builder().transport(t).auth(giveUp).build()) {
            assertThatThrownBy(() -> c.get("https://a.test/").join()).hasRootCauseMessage("cannot authenticate");
            assertThat(body.isCancelled()).isTrue();
        }
    }

    /** A signing auth needs the body: a one-shot stream is buffered before the auth sees it. */
    @Test
    void requestBodyIsBufferedForAuthsThatNeedIt() {
        AtomicReference<String> signedOver = new AtomicReference<>();
        Auth signing = new Auth() {
            @Override
            public CompletableFuture<Response> authenticate(Request request, Sender next) {
                signedOver.set(new String(request.content(), StandardCharsets.UTF_8));
                return next.send(request.withHeader("X-Signature", Integer.toHexString(signedOver.get().hashCode())));
            }

            @Override
            public boolean requiresRequestBody() {
                return true;
            }
        };
        RecordingTransport t = RecordingTransport.ok();
        try (AsyncClient c = AsyncClient.builder().transport(t).auth(signing).build()) {
            c.post("https://a.test/", o -> o.body(RequestBody.of(new ByteArrayInputStream("sign me".getBytes(StandardCharsets.UTF_8)))))
                    .join();
            assertThat(signedOver.get()).isEqualTo("sign me");
            assertThat(t.last().headers().get("Content-Length")).isEqualTo("7");
            assertThat(t.last().headers().get("X-Signature")).isNotEmpty();
        }
    }

    @Test
    void responseBodiesAreReadForAuthsThatNeedThem() {
        RecordingTransport t = new RecordingTransport(r -> Response.builder().body(ChunkPublisher.of("challenge")).build());
        Auth reading = new Auth() {
            @Override
            public CompletableFuture<Response> authenticate(Request request, Sender next) {
                return next.send(request).thenApply(r -> {
                    assertThat(r.text()).isEqualTo("challenge");
                    return r;
                });
            }

            @Override
            public boolean requiresResponseBody() {
                return true;
            }
        };
        try (AsyncClient c = AsyncClient.builder().transport(t).auth(reading).build()) {
            assertThat(c.stream("GET", "https://a.test/").join().isRead()).isTrue();
        }
    }
}
