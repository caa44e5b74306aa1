package dev.courier.auth;

import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.Response;
import dev.courier.internal.body.AggregatingSubscriber;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * HTTP Digest authentication (RFC 7616, compatible with RFC 2617 and RFC 2069 servers).
 *
 * <p>Use it for servers that answer {@code 401} with {@code WWW-Authenticate: Digest ...}. The
 * first request to an origin goes out without credentials; on a 401 carrying Digest challenges the
 * instance reads and closes that response, answers the strongest challenge it supports (RFC 7616
 * §3.7: SHA-512-256, then SHA-512, then SHA-256, then MD5, each also as {@code -sess}) and sends
 * the request once more. A 401 to that answer is returned as is, unless it says
 * {@code stale=true}: the nonce merely expired, so the request is sent exactly once more with the
 * new nonce. A 401 whose challenges cannot be answered (another scheme, unknown algorithms only,
 * malformed) is returned as is, and nothing is re-sent.
 *
 * <p>What is answered: qop {@code auth} (preferred when offered) and {@code auth-int}, or no qop
 * (RFC 2069 style, without nc and cnonce); {@code opaque} is echoed; {@code userhash=true} sends
 * {@code H(user ":" realm)} instead of the user name; a user name that is not printable ASCII goes
 * in {@code username*} (RFC 8187 encoding). Names and passwords are hashed as UTF-8. The
 * {@code uri} is the request-target (path and query). Each cnonce is 128 bits from
 * {@link SecureRandom}.
 *
 * <p>Nonce reuse: the instance remembers the last challenge it answered per origin (scheme, host and
 * port) and sends later requests to that origin with credentials at once, counting {@code nc} up
 * (00000002, 00000003, ...); a new nonce starts the count again at 00000001. Challenges are never
 * answered, nor credentials sent, for an origin other than the one that issued them: a 401 that
 * arrives from another origin after a redirect is returned as is. The state is thread-safe; share
 * one instance per set of credentials.
 *
 * <p>Bodies: a request answered after a challenge is sent twice, so its body must be replayable
 * (bytes, text, form, JSON, a file, or {@link RequestBody#buffered()}); a one-shot stream fails the
 * future with an {@link IllegalStateException} saying so. {@code auth-int} hashes the body before
 * sending and needs a replayable body for the same reason.
 *
 * <p>SHA-512-256: Courier computes it with SHA-512/256 as FIPS 180-4 defines it
 * ({@code MessageDigest.getInstance("SHA-512/256")}), the function RFC 7616 §3.2 and §6.1 name.
 * The worked example of RFC 7616 §3.9.2 was computed with SHA-512 cut to 256 bits, a different
 * function (RFC errata 4897), so a server built from that example does not interoperate; Courier
 * follows the standard, not the example.
 *
 * <pre>{@code
 * AsyncClient client = AsyncClient.builder().auth(Auth.digest("Mufasa", "Circle of Life")).build();
 * Response r = client.get("https://example.org/dir/index.html").join();   // 401, then 200
 * client.get("https://example.org/dir/other.html").join();                 // one request, nc=00000002
 * }</pre>
 */
public final class DigestAuth implements Auth {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final String user;
    private final String password;
    private final Supplier<String> cnonces;
    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    /** Credentials for {@code user}; use {@link Auth#digest(String, String)}. */
    DigestAuth(String user, String password) {
        this(user, password, DigestAuth::randomCnonce);
    }

    /** Credentials with a chosen cnonce source (tests use it to replay the RFC examples). */
    DigestAuth(String user, String password, Supplier<String> cnonces) {
        this.user = requireUser(user);
        this.password = Objects.requireNonNull(password, "password");
        this.cnonces = Objects.requireNonNull(cnonces, "cnonces");
    }

    /**
     * Runs the Digest flow for {@code request}: pre-emptive credentials when this origin's last
     * challenge is known, else a plain send; then at most one answer to a fresh challenge and at
     * most one retry on {@code stale=true}. Every response not returned is read and closed.
     *
     * <pre>{@code
     * Response r = Auth.digest("user", "pw").authenticate(request, transport::send).join();
     * }</pre>
     */
    @Override
    public CompletableFuture<Response> authenticate(Request request, Sender next) {
        Run flow = new Run(request, next);
        Session known = sessions.get(flow.origin);
        if (known == null) {
            return next.send(request).thenCompose(r -> flow.onResponse(r, null));
        }
        return flow.sendWith(known);
    }

    /**
     * The user name these credentials are for.
     *
     * <pre>{@code
     * Auth.digest("Mufasa", "pw").user();   // "Mufasa"
     * }</pre>
     */
    public String user() {
        return user;
    }

    /**
     * {@code DigestAuth[user=Mufasa, password=***]}: the password is never shown.
     *
     * <pre>{@code
     * log.info("auth: {}", auth);   // safe to log
     * }</pre>
     */
    @Override
    public String toString() {
        return "DigestAuth[user=" + user + ", password=***]";
    }

    /** One run of the flow for one request: which retries it has used. */
    private final class Run {
        private final Request request;
        private final Sender next;
        private final String origin;
        private boolean answered;
        private boolean staleRetried;

        Run(Request request, Sender next) {
            this.request = request;
            this.next = next;
            this.origin = request.url().origin();
        }

        CompletableFuture<Response> sendWith(Session session) {
            return authorization(session, request)
                    .thenCompose(header -> next.send(request.withHeader("Authorization", header)))
                    .thenCompose(r -> onResponse(r, session));
        }

        /** Decides what to do with a response to a request sent with {@code used} (null: none). */
        CompletableFuture<Response> onResponse(Response response, Session used) {
            if (response.statusCode() != 401 || !fromThisOrigin(response)) {
                return CompletableFuture.completedFuture(response);
            }
            DigestChallenge challenge = DigestChallenge.best(response.headers().getAll("WWW-Authenticate"));
            boolean retry = false;
            if (challenge != null && !answered) {
                retry = true;
                answered = true;
                // A stale nonce on pre-emptive credentials uses up the one stale retry as well.
                staleRetried = used != null && challenge.stale();
            } else if (challenge != null && challenge.stale() && !staleRetried) {
                retry = true;
                staleRetried = true;
            }
            if (!retry) {
                if (used != null) {
                    sessions.remove(origin, used);   // its credentials were refused
                }
                return CompletableFuture.completedFuture(response);
            }
            if (!request.body().isReplayable()) {
                response.close();
                return CompletableFuture.failedFuture(new IllegalStateException("Digest auth must send " + request
                        + " again to answer the server's challenge, but its body is a one-shot stream that was "
                        + "already sent; use a replayable body (bytes, text, form, JSON, a file, or "
                        + "RequestBody.buffered())"));
            }
            Session session = sessions.compute(origin,
                    (k, old) -> old != null && old.challenge.sameNonce(challenge) ? old : new Session(challenge));
            return discard(response).thenCompose(v -> sendWith(session));
        }

        /** False when the response comes from another origin (the request was redirected there). */
        private boolean fromThisOrigin(Response response) {
            return response.url() == null || response.url().sameOrigin(request.url());
        }
    }

    /** The {@code Authorization} value for the next use of {@code session} by {@code request}. */
    private CompletableFuture<String> authorization(Session session, Request request) {
        DigestChallenge c = session.challenge;
        CompletableFuture<byte[]> body = "auth-int".equals(c.qop())
                ? bodyBytes(request) : CompletableFuture.completedFuture(null);
        return body.thenApply(content -> {
            String cnonce = c.qop() == null ? null : cnonces.get();
            long nc = session.count.incrementAndGet();
            return authorization(c, c.algorithm()::hash, user, password, request.method(),
                    request.url().pathAndQuery(), content, cnonce, nc);
        });
    }

    /** The body for {@code auth-int}: in-memory content, or a replayable body read once more. */
    private static CompletableFuture<byte[]> bodyBytes(Request request) {
        RequestBody body = request.body();
        if (!body.isReplayable()) {
            return CompletableFuture.failedFuture(new IllegalStateException("Digest auth with qop=auth-int hashes "
                    + "the request body before sending it, but the body of " + request + " is a one-shot stream "
                    + "that can be read only once; use a replayable body (bytes, text, form, JSON, a file, or "
                    + "RequestBody.buffered())"));
        }
        try {
            return CompletableFuture.completedFuture(request.content());
        } catch (IllegalStateException notInMemory) {
            AggregatingSubscriber aggregator = new AggregatingSubscriber(body.contentLength());
            body.publisher().subscribe(aggregator);
            return aggregator.future();
        }
    }

    /**
     * The {@code Authorization} field value answering {@code c} (RFC 7616 §3.4), with {@code hash}
     * as H. {@code body} is the request content for {@code auth-int}, else ignored; {@code cnonce}
     * is null when the challenge has no qop.
     */
    static String authorization(DigestChallenge c, UnaryOperator<byte[]> hash, String user, String password,
                                String method, String uri, byte[] body, String cnonce, long nc) {
        String qop = c.qop();
        String ncValue = String.format("%08x", nc);
        String ha1 = h(hash, user + ":" + c.realm() + ":" + password);
        if (c.algorithm().session) {
            ha1 = h(hash, ha1 + ":" + c.nonce() + ":" + cnonce);
        }
        String a2 = method + ":" + uri;
        if ("auth-int".equals(qop)) {
            a2 += ":" + HEX.formatHex(hash.apply(body));
        }
        String ha2 = h(hash, a2);
        String response = qop == null
                ? h(hash, ha1 + ":" + c.nonce() + ":" + ha2)
                : h(hash, ha1 + ":" + c.nonce() + ":" + ncValue + ":" + cnonce + ":" + qop + ":" + ha2);

        StringBuilder out = new StringBuilder("Digest ");
        if (c.userhash()) {
            out.append("username=").append(quote(h(hash, user + ":" + c.realm())));
        } else if (isPrintableAscii(user)) {
            out.append("username=").append(quote(user));
        } else {
            out.append("username*=").append(extValue(user));
        }
        out.append(", realm=").append(quote(c.realm()));
        out.append(", uri=").append(quote(uri));
        if (c.algorithmToken() != null) {
            out.append(", algorithm=").append(c.algorithmToken());
        }
        out.append(", nonce=").append(quote(c.nonce()));
        if (qop != null) {
            out.append(", nc=").append(ncValue);
            out.append(", cnonce=").append(quote(cnonce));
            out.append(", qop=").append(qop);
        }
        out.append(", response=").append(quote(response));
        if (c.opaque() != null) {
            out.append(", opaque=").append(quote(c.opaque()));
        }
        if (c.userhash()) {
            out.append(", userhash=true");
        }
        return out.toString();
    }

    private static String h(UnaryOperator<byte[]> hash, String text) {
        return HEX.formatHex(hash.apply(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** RFC 8187 ext-value: {@code UTF-8''} then the UTF-8 bytes, percent-encoded outside attr-char. */
    private static String extValue(String value) {
        StringBuilder out = new StringBuilder("UTF-8''");
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String requireUser(String user) {
        Objects.requireNonNull(user, "user");
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("A Digest auth user name must not contain control characters "
                        + "(found U+" + String.format("%04X", (int) c) + " at index " + i + ")");
            }
        }
        return user;
    }

    /** Reads (so the connection can be reused and history keeps the body) and closes a response. */
    private static CompletableFuture<Void> discard(Response response) {
        CompletableFuture<byte[]> read;
        try {
            read = response.isClosed() || response.isStreamConsumed() || response.isRead()
                    ? CompletableFuture.completedFuture(null) : response.read();
        } catch (RuntimeException e) {
            read = CompletableFuture.completedFuture(null);
        }
        return read.handle((bytes, failure) -> {
            response.close();
            return null;
        });
    }

    private static String randomCnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** The last challenge answered for an origin, and how many times its nonce was used. */
    private static final class Session {
        final DigestChallenge challenge;
        final AtomicLong count = new AtomicLong();

        Session(DigestChallenge challenge) {
            this.challenge = challenge;
        }
    }
}
