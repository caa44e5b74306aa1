package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.cli.RequestItem.Field;
import dev.courier.cli.RequestItem.FileUpload;
import dev.courier.cli.RequestItem.Header;
import dev.courier.cli.RequestItem.Param;
import dev.courier.cli.RequestItem.RawJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestItemsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void headers() {
        assertThat(RequestItems.parse("X-Trace:1")).isEqualTo(new Header("X-Trace", "1"));
        assertThat(RequestItems.parse("X-Url:http://a/b=c")).isEqualTo(new Header("X-Url", "http://a/b=c"));
        assertThat(RequestItems.parse("Accept:")).isEqualTo(new Header("Accept", null));
        assertThat(RequestItems.parse("X-Empty;")).isEqualTo(new Header("X-Empty", ""));
    }

    @Test
    void paramsFieldsAndRawJson() throws Exception {
        assertThat(RequestItems.parse("q==search")).isEqualTo(new Param("q", "search"));
        assertThat(RequestItems.parse("q==a=b")).isEqualTo(new Param("q", "a=b"));
        assertThat(RequestItems.parse("name=courier")).isEqualTo(new Field("name", "courier"));
        assertThat(RequestItems.parse("empty=")).isEqualTo(new Field("empty", ""));
        assertThat(RequestItems.parse("stars:=5")).isEqualTo(new RawJson("stars", JSON.readTree("5")));
        assertThat(RequestItems.parse("tags:=[\"a\",{\"b\":null}]"))
                .isEqualTo(new RawJson("tags", JSON.readTree("[\"a\",{\"b\":null}]")));
    }

    @Test
    void theFirstSeparatorWinsAndAtOnePositionTheLongest() {
        // ':' comes before '=': a header whose value holds '='.
        assertThat(RequestItems.parse("a:b=c")).isEqualTo(new Header("a", "b=c"));
        // '=' comes before ':': a field whose value holds ':'.
        assertThat(RequestItems.parse("a=b:c")).isEqualTo(new Field("a", "b:c"));
        // At position 1, ':=' is longer than ':'.
        assertThat(RequestItems.parse("a:=1")).isInstanceOf(RawJson.class);
        assertThat(RequestItems.parse("a==b")).isEqualTo(new Param("a", "b"));
    }

    @Test
    void backslashMakesASeparatorLiteral() {
        assertThat(RequestItems.parse("a\\:b=c")).isEqualTo(new Field("a:b", "c"));
        assertThat(RequestItems.parse("a\\=b==c")).isEqualTo(new Param("a=b", "c"));
        assertThat(RequestItems.parse("path\\@x=1")).isEqualTo(new Field("path@x", "1"));
        assertThat(RequestItems.parse("email=a\\@b")).isEqualTo(new Field("email", "a@b"));
        // A backslash before anything else stays.
        assertThat(RequestItems.parse("dir=C:\\temp")).isEqualTo(new Field("dir", "C:\\temp"));
    }

    @Test
    void filesAndValuesFromFiles() throws Exception {
        Path text = Files.writeString(dir.resolve("note.txt"), "hello\n");
        Path json = Files.writeString(dir.resolve("data.json"), "{\"x\": [1, 2]}");
        assertThat(RequestItems.parse("photo@" + text)).isEqualTo(new FileUpload("photo", text, null));
        assertThat(RequestItems.parse("photo@" + text + ";type=text/x-note"))
                .isEqualTo(new FileUpload("photo", text, "text/x-note"));
        FileUpload body = (FileUpload) RequestItems.parse("@" + json);
        assertThat(body.isBody()).isTrue();
        assertThat(RequestItems.parse("note=@" + text)).isEqualTo(new Field("note", "hello\n"));
        assertThat(RequestItems.parse("data:=@" + json)).isEqualTo(new RawJson("data", JSON.readTree("{\"x\":[1,2]}")));
        assertThat(RequestItems.parse("X-Note:@" + text)).isEqualTo(new Header("X-Note", "hello"));
        assertThat(RequestItems.parse("q==@" + text)).isEqualTo(new Param("q", "hello"));
    }

    @Test
    void errorsNameTheItem() {
        assertThatThrownBy(() -> RequestItems.parse("plain")).isInstanceOf(UsageException.class)
                .hasMessageContaining("'plain' is not a request item");
        assertThatThrownBy(() -> RequestItems.parse("a\\=b")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RequestItems.parse("n:={bad")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> RequestItems.parse("f@" + dir.resolve("missing"))).isInstanceOf(UsageException.class)
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> RequestItems.parse("n=@" + dir.resolve("missing"))).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RequestItems.parse(":value")).isInstanceOf(UsageException.class)
                .hasMessageContaining("no name");
        assertThatThrownBy(() -> RequestItems.parse("X;value")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RequestItems.parse("example.org")).isInstanceOf(UsageException.class);
    }

    @Test
    void bodiesFromTheItems() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "a");
        RequestItems items = RequestItems.parse(List.of("X:1", "q==1", "a=1", "n:=2", "a=3", "f@" + file, "q==2"));
        assertThat(items.headers()).containsExactly(new Header("X", "1"));
        assertThat(items.params()).containsExactly(new Param("q", "1"), new Param("q", "2"));
        assertThat(items.files()).hasSize(1);
        assertThat(items.bodyFile()).isNull();
        assertThat(items.hasData()).isTrue();
        assertThat(JSON.writeValueAsString(items.jsonObject())).isEqualTo("{\"a\":[\"1\",\"3\"],\"n\":2}");

        Map<String, Object> form = RequestItems.parse(List.of("a=1", "b=2", "a=3")).formFields();
        assertThat(form).containsExactly(Map.entry("a", List.of("1", "3")), Map.entry("b", "2"));
        assertThatThrownBy(() -> RequestItems.parse(List.of("n:=1")).formFields()).isInstanceOf(UsageException.class);

        // A raw JSON array given once stays one value.
        assertThat(JSON.writeValueAsString(RequestItems.parse(List.of("t:=[1]")).jsonObject())).isEqualTo("{\"t\":[1]}");
        assertThat(RequestItems.parse(List.of("X:1", "q==1")).hasData()).isFalse();
    }

    @Test
    void requestLineTellsTheMethodFromTheUrl() {
        RequestLine post = RequestLine.parse(List.of("post", ":8080/post", "a=1"));
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.url()).isEqualTo("http://localhost:8080/post");
        assertThat(post.items().jsonObject()).hasSize(1);

        RequestLine implicit = RequestLine.parse(List.of("localhost", "q==1"));
        assertThat(implicit.method()).isNull();
        assertThat(implicit.url()).isEqualTo("http://localhost");
        assertThat(implicit.methodFor(false)).isEqualTo("GET");
        assertThat(RequestLine.parse(List.of("example.org", "a=1")).methodFor(true)).isEqualTo("POST");
        assertThat(RequestLine.parse(List.of("PURGE", "example.org")).method()).isEqualTo("PURGE");

        assertThat(RequestLine.expandUrl(":3000")).isEqualTo("http://localhost:3000");
        assertThat(RequestLine.expandUrl(":/x")).isEqualTo("http://localhost/x");
        assertThat(RequestLine.expandUrl(":")).isEqualTo("http://localhost");
        assertThat(RequestLine.expandUrl("localhost:8080/a")).isEqualTo("http://localhost:8080/a");
        assertThat(RequestLine.expandUrl("https://example.org")).isEqualTo("https://example.org");
        assertThatThrownBy(() -> RequestLine.parse(List.of())).isInstanceOf(UsageException.class);
    }
}
