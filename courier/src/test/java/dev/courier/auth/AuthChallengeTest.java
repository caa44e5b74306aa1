package dev.courier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void severalChallengesInOneFieldWithCommasAndEscapesInsideQuotes() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                "Basic realm=\"a, b\", Digest realm=\"x \\\"y\\\" \\\\z\", nonce=abc, qop=\"auth,auth-int\""));
        assertThat(cs).hasSize(2);
        assertThat(cs.get(0).scheme()).isEqualTo("Basic");
        assertThat(cs.get(0).params()).isEqualTo(Map.of("realm", "a, b"));
        assertThat(cs.get(1).scheme()).isEqualTo("Digest");
        assertThat(cs.get(1).params()).containsExactly(Map.entry("realm", "x \"y\" \\z"), Map.entry("nonce", "abc"),
                Map.entry("qop", "auth,auth-int"));
        assertThat(cs).noneMatch(AuthChallenge::malformed);
    }

    @Test
    void rfc7235Example() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                "Newauth realm=\"apps\", type=1,\ttitle=\"Login to \\\"apps\\\"\", Basic realm=\"simple\""));
        assertThat(cs).extracting(AuthChallenge::scheme).containsExactly("Newauth", "Basic");
        assertThat(cs.get(0).params()).containsExactly(Map.entry("realm", "apps"), Map.entry("type", "1"),
                Map.entry("title", "Login to \"apps\""));
    }

    @Test
    void token68SchemeOnlyAndEmptyListElements() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                ", Negotiate, Bearer abc/+d==  , , Digest REALM = \"r\" , , nonce=\"n\" ,", "Basic"));
        assertThat(cs).extracting(AuthChallenge::scheme).containsExactly("Negotiate", "Bearer", "Digest", "Basic");
        assertThat(cs.get(0).params()).isEmpty();
        assertThat(cs.get(0).token68()).isNull();
        assertThat(cs.get(1).token68()).isEqualTo("abc/+d==");
        assertThat(cs.get(2).param("Realm")).isEqualTo("r");
        assertThat(cs.get(2).param("nonce")).isEqualTo("n");
    }

    @Test
    void brokenSyntaxIsMarkedMalformed() {
        assertThat(AuthChallenge.parse(List.of("Digest realm=\"open")).get(0).malformed()).isTrue();
        assertThat(AuthChallenge.parse(List.of("Digest realm=\"r\", realm=\"s\"")).get(0).malformed()).isTrue();
        assertThat(AuthChallenge.parse(List.of("Digest realm=\"a\u0001b\"")).get(0).malformed()).isTrue();
        assertThat(AuthChallenge.parse(List.of("Digest realm=\"r\" nonce=\"n\"")).get(0).malformed()).isTrue();
        // A malformed field value does not spoil the next one.
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Digest realm=\"open", "Digest realm=\"r\", nonce=\"n\""));
        assertThat(cs).extracting(AuthChallenge::malformed).containsExactly(true, false);
    }

    @Test
    void digestChallengeReadsTheParameters() {
        DigestChallenge c = DigestChallenge.best(List.of("digest Realm=\"r\", NONCE=\"n\", qop=\" auth-int , auth \", "
                + "algorithm=\"sha-256-SESS\", opaque=\"o\", stale=TRUE, userhash=true"));
        assertThat(c).isNotNull();
        assertThat(c.realm()).isEqualTo("r");
        assertThat(c.nonce()).isEqualTo("n");
        assertThat(c.qop()).isEqualTo("auth");
        assertThat(c.algorithm()).isEqualTo(DigestChallenge.Algorithm.SHA_256_SESS);
        assertThat(c.opaque()).isEqualTo("o");
        assertThat(c.stale()).isTrue();
        assertThat(c.userhash()).isTrue();
        assertThat(c.sameNonce(DigestChallenge.best(List.of("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int,auth\", "
                + "algorithm=\"sha-256-SESS\", opaque=\"o\", userhash=true")))).isTrue();
    }
}
