package dev.courier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.support.ChunkPublisher;
import dev.courier.support.RecordingTransport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The two custom auths shown in the javadoc of {@link Auth}, copied verbatim, and tested. */
class AuthExamplesTest {
    static final class HmacAuth implements Auth {
        private final SecretKeySpec key;

        HmacAuth(byte[] secret) {
            this.key = new SecretKeySpec(secret, "HmacSHA256");
        }

        @Override
        public CompletableFuture<Response> authenticate(Request request, Sender next) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                String signature = HexFormat.of().formatHex(mac.doFinal(request.content()));
                return next.send(request.withHeader("X-Signature", "sha256=" + signature));
            } catch (GeneralSecurityException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public boolean requiresRequestBody() {
            return true;
        }
    }

    static final class RefreshingTokenAuth implements Auth {
        private final Supplier<String> login;   // fetches a new access token
        private String token;

        RefreshingTokenAuth(Supplier<String> login) {
            this.login = login;
        }

        @Override
        public CompletableFuture<Response> authenticate(Request request, Sender next) {
            String used = current();
            return next.send(request.withHeader("Authorization", "Bearer " + used)).thenCompose(response -> {
                if (response.statusCode() != 401) {
                    return CompletableFuture.completedFuture(response);
                }
                response.close();
                return next.send(request.withHeader("Authorization", "Bearer " + renew(used)));
            });
        }

        private synchronized String current() {
            if (token == null) {
                token = login.get();
            }
            return token;
        }

        private synchronized String renew(String rejected) {
            if (rejected.equals(token)) {
                token = login.get();
            }
            return token;
        }
    }

    private static String hmac(String key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(data));
    }

    @Test
    void signingAuthSignsTheBody() throws Exception {
        HmacAuth auth = new HmacAuth("k3y".getBytes(StandardCharsets.UTF_8));
        assertThat(auth.requiresRequestBody()).isTrue();
        FakeSender sender = FakeSender.ok();
        byte[] body = "{\"amount\":10}".getBytes(StandardCharsets.UTF_8);
        auth.authenticate(Request.builder("POST", "https://api.test/pay").body(RequestBody.of(body)).build(), sender).join();
        assertThat(sender.last().headers().get("X-Signature")).isEqualTo(hmac("k3y", body));
        assertThat(sender.last().content()).isEqualTo(body);
    }

    @Test
    void signingAuthGetsAOneShotBodyBufferedByTheClient() throws Exception {
        RecordingTransport transport = RecordingTransport.ok();
        try (AsyncClient client = AsyncClient.builder().transport(transport)
                .auth(new HmacAuth("k3y".getBytes(StandardCharsets.UTF_8))).build()) {
            byte[] body = "streamed payload".getBytes(StandardCharsets.UTF_8);
            client.post("https://api.test/pay", o -> o.body(RequestBody.of(new ByteArrayInputStream(body)))).join();
            assertThat(transport.last().headers().get("X-Signature")).isEqualTo(hmac("k3y", body));
        }
    }

    @Test
    void tokenRefreshRenewsOnceOn401AndResends() {
        AtomicInteger logins = new AtomicInteger();
        RefreshingTokenAuth auth = new RefreshingTokenAuth(() -> "t" + logins.incrementAndGet());
        // The server accepts only t2: t1 has expired.
        FakeSender server = new FakeSender(r -> "Bearer t2".equals(r.headers().get("Authorization"))
                ? Response.builder().request(r).content("data").build()
                : Response.builder().status(401).request(r).body(ChunkPublisher.of("expired")).build());

        Response r = auth.authenticate(Request.builder("GET", "https://api.test/").build(), server).join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.requests).extracting(q -> q.headers().get("Authorization"))
                .containsExactly("Bearer t1", "Bearer t2");
        assertThat(server.responses.get(0).isClosed()).isTrue();
        assertThat(logins).hasValue(2);

        // The renewed token is reused without another login.
        auth.authenticate(Request.builder("GET", "https://api.test/").build(), server).join();
        assertThat(server.last().headers().get("Authorization")).isEqualTo("Bearer t2");
        assertThat(logins).hasValue(2);
    }

    @Test
    void tokenRefreshGivesUpAfterOneRenewal() {
        AtomicInteger logins = new AtomicInteger();
        RefreshingTokenAuth auth = new RefreshingTokenAuth(() -> "t" + logins.incrementAndGet());
        FakeSender server = new FakeSender(r -> Response.builder().status(401).request(r).build());
        Response r = auth.authenticate(Request.builder("GET", "https://api.test/").build(), server).join();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.isClosed()).isFalse();
        assertThat(server.requests).hasSize(2);
        assertThat(logins).hasValue(2);
    }

    @Test
    void tokenRefreshThroughAClientKeepsThe401InHistory() {
        AtomicInteger logins = new AtomicInteger();
        RecordingTransport transport = new RecordingTransport(r -> "Bearer t2".equals(r.headers().get("Authorization"))
                ? Response.builder().request(r).content("data").build()
                : Response.builder().status(401).request(r).body(ChunkPublisher.of("expired")).build());
        try (AsyncClient client = AsyncClient.builder().transport(transport)
                .auth(new RefreshingTokenAuth(() -> "t" + logins.incrementAndGet())).build()) {
            Response r = client.get("https://api.test/").join();
            assertThat(r.text()).isEqualTo("data");
            assertThat(r.history()).extracting(Response::statusCode).isEqualTo(List.of(401));
        }
    }
}
