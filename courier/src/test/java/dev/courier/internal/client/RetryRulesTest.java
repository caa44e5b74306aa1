package dev.courier.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.ConnectFailedException;
import dev.courier.ConnectTimeoutException;
import dev.courier.DecodingException;
import dev.courier.PoolTimeoutException;
import dev.courier.ReadException;
import dev.courier.ReadTimeoutException;
import dev.courier.RemoteProtocolException;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.RequestTimeoutException;
import dev.courier.Response;
import dev.courier.Retry;
import dev.courier.WriteException;
import java.io.ByteArrayInputStream;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The retry decisions as pure functions: which outcomes are retried, and the backoff's bounds. */
class RetryRulesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final RetryRules rules = new RetryRules(Retry.of(3)
            .withBackoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(300)).withRetryAfterCap(Duration.ofSeconds(10)));

    private static Request request(String method) {
        return Request.builder(method, "https://api.test/x").body(RequestBody.of("body")).build();
    }

    @Test
    void connectFailuresAreRetriedForEveryMethod() {
        for (String method : new String[] {"GET", "POST", "PATCH"}) {
            Request r = request(method);
            assertThat(rules.afterFailure(r, new ConnectFailedException("refused", r), 0)).as(method).isNotNull();
            assertThat(rules.afterFailure(r, new ConnectTimeoutException("slow", r), 0)).as(method).isNotNull();
        }
    }

    @Test
    void failuresAfterSendingAreRetriedForIdempotentRequestsOnly() {
        Request get = request("GET");
        Request post = request("POST");
        Request closedEarly = request("PUT");
        for (RuntimeException f : new RuntimeException[] {new ReadException("reset", get), new ReadTimeoutException("slow", get),
                new WriteException("broken pipe", get),
                new RemoteProtocolException("closed without a response", get, new ClosedChannelException())}) {
            assertThat(rules.afterFailure(get, f, 0)).as(f.toString()).isNotNull();
            assertThat(rules.afterFailure(closedEarly, f, 0)).as(f.toString()).isNotNull();
            assertThat(rules.afterFailure(post, f, 0)).as(f.toString()).isNull();
        }
        Request marked = post.toBuilder().idempotent(true).build();
        assertThat(rules.afterFailure(marked, new ReadException("reset", marked), 0)).isNotNull();
    }

    @Test
    void otherFailuresAreNeverRetried() {
        Request get = request("GET");
        for (Throwable f : new Throwable[] {new RemoteProtocolException("malformed status line", get),
                new PoolTimeoutException("pool", get), new RequestTimeoutException("total", get),
                new DecodingException("gzip", get), new IllegalStateException("closed client"),
                new ConnectFailedException("TLS: certificate expired", get,
                        new SSLHandshakeException("expired")),
                new ConnectFailedException("TLS", get, new RuntimeException(new CertificateExpiredException()))}) {
            assertThat(rules.afterFailure(get, f, 0)).as(f.toString()).isNull();
        }
    }

    @Test
    void retriesStopAtTheMaximumAndForOneShotBodies() {
        Request get = request("GET");
        ConnectFailedException refused = new ConnectFailedException("refused", get);
        assertThat(rules.afterFailure(get, refused, 2)).isNotNull();
        assertThat(rules.afterFailure(get, refused, 3)).isNull();
        Request oneShot = Request.builder("POST", "https://api.test/x")
                .body(RequestBody.of(new ByteArrayInputStream(new byte[1]))).build();
        assertThat(rules.afterFailure(oneShot, new ConnectFailedException("refused", oneShot), 0)).isNull();
    }

    @Test
    void statusesFollowRetryAfterUpToTheCapAndElseTheBackoff() {
        Request get = request("GET");
        Response plain = Response.builder().status(503).build();
        assertThat(rules.afterResponse(get, plain, 0, NOW)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(rules.afterResponse(get, Response.builder().status(429).header("Retry-After", "7").build(), 0, NOW))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(rules.afterResponse(get, Response.builder().status(429).header("Retry-After", "11").build(), 0, NOW))
                .isNull();
        assertThat(rules.afterResponse(get, Response.builder().status(500).build(), 0, NOW)).isNull();
        assertThat(rules.afterResponse(request("POST"), plain, 0, NOW)).isNull();
        assertThat(rules.afterResponse(get, plain, 3, NOW)).isNull();
    }

    @Test
    void backoffIsFullJitterUnderAGrowingCeiling() {
        for (int i = 0; i < 200; i++) {
            assertThat(rules.backoff(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(rules.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
            assertThat(rules.backoff(5)).isBetween(Duration.ZERO, Duration.ofMillis(300));
            assertThat(rules.backoff(2000)).isBetween(Duration.ZERO, Duration.ofMillis(300));
        }
        assertThat(new RetryRules(Retry.of(1).withBackoff(Duration.ZERO, 2.0, Duration.ofSeconds(1))).backoff(3))
                .isEqualTo(Duration.ZERO);
    }
}
