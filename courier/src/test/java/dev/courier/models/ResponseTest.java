package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.courier.DecodingException;
import dev.courier.HttpStatusException;
import dev.courier.Request;
import dev.courier.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseTest {
    private static final Request GET = Request.builder("GET", "https://user:pw@api.test/items?x=1").build();

    record Item(int id, String name) {}

    @ParameterizedTest
    @CsvSource({
            "101, true,  false, false, false, false",
            "200, false, true,  false, false, false",
            "204, false, true,  false, false, false",
            "302, false, false, true,  false, false",
            "404, false, false, false, true,  false",
            "503, false, false, false, false, true"})
    void statusPredicates(int status, boolean info, boolean ok, boolean redirect, boolean client, boolean server) {
        Response r = Response.builder().status(status).header("Location", "/x").build();
        assertThat(r.isInformational()).isEqualTo(info);
        assertThat(r.isSuccess()).isEqualTo(ok);
        assertThat(r.isRedirect()).isEqualTo(redirect);
        assertThat(r.isClientError()).isEqualTo(client);
        assertThat(r.isServerError()).isEqualTo(server);
        assertThat(r.isError()).isEqualTo(client || server);
    }

    @Test
    void redirectNeedsLocation() {
        assertThat(Response.builder().status(301).build().isRedirect()).isFalse();
        assertThat(Response.builder().status(304).header("Location", "/").build().isRedirect()).isFalse();
    }

    @Test
    void reasonPhraseDefaultsToTheStandardOne() {
        assertThat(Response.builder().status(404).build().reasonPhrase()).isEqualTo("Not Found");
        assertThat(Response.builder().status(404).reason("Nope").build().reasonPhrase()).isEqualTo("Nope");
        assertThat(Response.builder().status(299).build().reasonPhrase()).isEmpty();
        assertThatThrownBy(() -> Response.builder().status(42)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void raiseForStatusNamesStatusReasonAndUrlWithoutCredentials() {
        Response ok = Response.builder().request(GET).build();
        assertThat(ok.raiseForStatus()).isSameAs(ok);

        Response notFound = Response.builder().status(404).request(GET).build();
        assertThatThrownBy(notFound::raiseForStatus)
                .isInstanceOf(HttpStatusException.class)
                .hasMessageStartingWith("Client error '404 Not Found' for url 'https://api.test/items?x=1'")
                .hasMessageNotContaining("pw")
                .satisfies(e -> {
                    HttpStatusException h = (HttpStatusException) e;
                    assertThat(h.response()).isSameAs(notFound);
                    assertThat(h.request()).isSameAs(GET);
                });
        assertThatThrownBy(Response.builder().status(503).request(GET).build()::raiseForStatus)
                .hasMessageStartingWith("Server error '503 Service Unavailable'");
        assertThatThrownBy(Response.builder().status(301).header("Location", "/new").request(GET).build()::raiseForStatus)
                .hasMessageStartingWith("Redirect response '301 Moved Permanently'")
                .hasMessageContaining("Redirect location: '/new'");
        assertThatThrownBy(Response.builder().status(404).build()::raiseForStatus)
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textUsesTheDeclaredCharsetElseTheDefault() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        Response declared = Response.builder().header("Content-Type", "text/plain; charset=ISO-8859-1")
                .content(latin1).build();
        assertThat(declared.text()).isEqualTo("café");
        assertThat(declared.encoding()).isEqualTo(StandardCharsets.ISO_8859_1);

        Response undeclared = Response.builder().content(latin1).defaultEncoding(StandardCharsets.ISO_8859_1).build();
        assertThat(undeclared.text()).isEqualTo("café");

        Response bogus = Response.builder().header("Content-Type", "text/plain; charset=\"nope-9\"")
                .content("ok".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(bogus.encoding()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void jsonInEveryShape() {
        Response r = Response.builder().json(List.of(Map.of("id", 1, "name", "a"))).request(GET).build();
        assertThat(r.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(r.json().get(0).get("name").asText()).isEqualTo("a");
        assertThat(r.json(new TypeReference<List<Item>>() {})).containsExactly(new Item(1, "a"));
        Response one = Response.builder().content("{\"id\":2,\"name\":\"b\",\"extra\":true}").build();
        assertThat(one.json(Item.class)).isEqualTo(new Item(2, "b"));
        Response broken = Response.builder().content("{oops").request(GET).build();
        assertThatThrownBy(broken::json).isInstanceOf(DecodingException.class).hasMessageContaining("not the JSON");
    }

    @Test
    void linksAreKeyedByRel() {
        Response r = Response.builder()
                .header("Link", "<https://api.test/items?page=2>; rel=\"next\"; title=\"a, b\", </items?page=9>; rel=last")
                .header("Link", "<https://other.test/>")
                .build();
        Map<String, Map<String, String>> links = r.links();
        assertThat(links.get("next")).containsEntry("url", "https://api.test/items?page=2").containsEntry("title", "a, b");
        assertThat(links.get("last")).containsEntry("url", "/items?page=9");
        assertThat(links.get("https://other.test/")).containsEntry("url", "https://other.test/");
        assertThat(Response.builder().build().links()).isEmpty();
    }

    @Test
    void cookiesFromSetCookie() {
        Response r = Response.builder().request(GET)
                .header("Set-Cookie", "sid=abc; Path=/; HttpOnly")
                .header("Set-Cookie", "pref=dark; Domain=.api.test")
                .build();
        assertThat(r.cookies().get("sid")).isEqualTo("abc");
        assertThat(r.cookies().get("pref", "api.test", "/")).isEqualTo("dark");
    }

    @Test
    void toStringIsShortAndSafe() {
        assertThat(Response.builder().status(200).request(GET).build().toString())
                .isEqualTo("Response[200 OK HTTP/1.1 https://api.test/items?x=1]");
    }

    @Test
    void extensionsAreFreeWhenEmptyAndSurviveCopies() {
        Response plain = Response.builder().build();
        // No map per response when there are no extensions: the shared empty one.
        assertThat(plain.extensions()).isSameAs(Map.of()).isSameAs(plain.toBuilder().build().extensions());
        Response.Builder b = Response.builder().extension("a", 1).extension("b", 2).extension("b", null);
        Response one = b.build();
        b.extension("c", 3);
        assertThat(one.extensions()).containsExactly(Map.entry("a", 1));
        assertThatThrownBy(() -> one.extensions().put("x", 0)).isInstanceOf(UnsupportedOperationException.class);
        Response copy = one.toBuilder().build();
        assertThat(copy.extension("a")).isEqualTo(1);
        assertThat(one.toBuilder().extension("a", null).build().extensions()).isEmpty();
        assertThat(one.extensions()).containsOnlyKeys("a");
    }
}
