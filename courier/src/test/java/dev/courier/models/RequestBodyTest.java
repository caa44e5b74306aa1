package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.courier.RequestBody;
import dev.courier.StreamConsumedException;
import dev.courier.internal.body.AggregatingSubscriber;
import dev.courier.internal.body.ChunkSource;
import dev.courier.internal.body.RecordingSubscriber;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestBodyTest {
    @TempDir
    Path dir;

    static byte[] drain(RequestBody body) {
        return drain(body.publisher());
    }

    static byte[] drain(Flow.Publisher<ByteBuffer> publisher) {
        AggregatingSubscriber s = new AggregatingSubscriber();
        publisher.subscribe(s);
        return s.future().join();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    record User(String name, int age) {}

    @Test
    void emptyHasNoBytesAndNoType() {
        RequestBody body = RequestBody.empty();
        assertThat(body.contentLength()).isZero();
        assertThat(body.contentType()).isNull();
        assertThat(body.isReplayable()).isTrue();
        assertThat(body.bytes()).isEmpty();
        assertThat(drain(body)).isEmpty();
    }

    @Test
    void bytesAreCopiedInAndOut() {
        byte[] content = {1, 2, 3};
        RequestBody body = RequestBody.of(content);
        content[0] = 9;
        body.bytes()[1] = 9;

        assertThat(body.bytes()).containsExactly(1, 2, 3);
        assertThat(body.contentLength()).isEqualTo(3);
        assertThat(body.contentType()).isNull();
        assertThat(body.isReplayable()).isTrue();
        assertThat(drain(body)).containsExactly(1, 2, 3);
        assertThat(drain(body)).containsExactly(1, 2, 3);
        assertThat(RequestBody.of(content, "image/png").contentType()).isEqualTo("image/png");
    }

    @Test
    void wrapUsesTheArrayItself() {
        byte[] content = {1, 2, 3};
        RequestBody body = RequestBody.wrap(content, "image/png");
        content[0] = 9;

        assertThat(drain(body)).containsExactly(9, 2, 3);
        assertThat(body.contentLength()).isEqualTo(3);
        assertThat(body.contentType()).isEqualTo("image/png");
        assertThat(body.isReplayable()).isTrue();
        assertThat(RequestBody.wrap(content, null).contentType()).isNull();
    }

    @Test
    void publishedChunksCannotChangeTheBody() {
        RequestBody body = RequestBody.of(new byte[] {1, 2});
        RecordingSubscriber s = new RecordingSubscriber(Long.MAX_VALUE);
        body.publisher().subscribe(s);
        assertThat(s.items()).allMatch(ByteBuffer::isReadOnly);
    }

    @Test
    void textIsUtf8PlainText() {
        RequestBody body = RequestBody.of("héllo");
        assertThat(body.contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(body.contentLength()).isEqualTo(6);
        assertThat(body.bytes()).isEqualTo(utf8("héllo"));
        assertThat(drain(body)).isEqualTo(utf8("héllo"));
    }

    @Test
    void textUsesTheCharsetOfItsContentType() {
        RequestBody latin = RequestBody.of("é", "text/csv; charset=ISO-8859-1");
        assertThat(latin.bytes()).containsExactly(0xe9);
        assertThat(latin.contentType()).isEqualTo("text/csv; charset=ISO-8859-1");
        assertThat(RequestBody.of("é", "text/csv;CHARSET=\"utf-16be\"").bytes()).containsExactly(0, 0xe9);
        assertThat(RequestBody.of("é", "application/xml").bytes()).isEqualTo(utf8("é"));
        assertThatThrownBy(() -> RequestBody.of("x", "text/plain; charset=nope-42"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope-42");
    }

    @Test
    void fileIsReplayableWithTheSizeAtCreation() throws IOException {
        Path file = Files.write(dir.resolve("a.bin"), utf8("file content"));
        RequestBody body = RequestBody.of(file);
        assertThat(body.contentLength()).isEqualTo(12);
        assertThat(body.contentType()).isNull();
        assertThat(body.isReplayable()).isTrue();
        assertThat(drain(body)).isEqualTo(utf8("file content"));
        assertThat(drain(body)).isEqualTo(utf8("file content"));
        assertThat(body.buffered().join()).isSameAs(body);
        assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class);
        assertThat(RequestBody.of(file, "application/x-thing").contentType()).isEqualTo("application/x-thing");
        assertThatThrownBy(() -> RequestBody.of(dir.resolve("missing")))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void fileLargerThanAChunkStreamsWithSmallDemand() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("big.bin"), content);
        RequestBody body = RequestBody.of(file);

        RecordingSubscriber s = new RecordingSubscriber(1);
        body.publisher().subscribe(s);
        int expectedChunks = (content.length + ChunkSource.CHUNK_SIZE - 1) / ChunkSource.CHUNK_SIZE;
        for (int i = 1; i < expectedChunks; i++) {
            assertThat(s.items()).hasSize(i);
            s.request(1);
        }
        assertThat(s.isCompleted()).isFalse();
        s.request(1);

        assertThat(s.isCompleted()).isTrue();
        assertThat(s.items()).hasSize(expectedChunks)
                .allMatch(b -> b.remaining() <= ChunkSource.CHUNK_SIZE);
        assertThat(s.bytes()).isEqualTo(content);
    }

    @Test
    void fileThatChangesAfterCreationKeepsItsDeclaredLength() throws IOException {
        Path file = Files.write(dir.resolve("grow.txt"), utf8("12345"));
        RequestBody body = RequestBody.of(file);
        Files.write(file, utf8("6789"), StandardOpenOption.APPEND);
        assertThat(drain(body)).isEqualTo(utf8("12345"));

        Files.write(file, utf8("12"));
        AggregatingSubscriber s = new AggregatingSubscriber();
        body.publisher().subscribe(s);
        assertThat(s.future().handle((v, e) -> e).join()).isInstanceOf(IOException.class);
    }

    @Test
    void inputStreamIsOneShotAndClosedAfterUse() {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayInputStream in = new ByteArrayInputStream(utf8("stream")) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        RequestBody body = RequestBody.of(in);
        assertThat(body.contentLength()).isEqualTo(-1);
        assertThat(body.contentType()).isNull();
        assertThat(body.isReplayable()).isFalse();
        assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buffered()");

        assertThat(drain(body)).isEqualTo(utf8("stream"));
        assertThat(closed).isTrue();
        assertThatThrownBy(body::publisher).isInstanceOf(StreamConsumedException.class);
    }

    @Test
    void inputStreamWithLength() {
        RequestBody body = RequestBody.of(new ByteArrayInputStream(utf8("abcdef")), 4);
        assertThat(body.contentLength()).isEqualTo(4);
        assertThat(drain(body)).isEqualTo(utf8("abcd"));
        assertThatThrownBy(() -> RequestBody.of(new ByteArrayInputStream(new byte[0]), -2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publisherBodiesAreOneShot() {
        Flow.Publisher<ByteBuffer> source = s -> RequestBody.of(utf8("pub")).publisher().subscribe(s);
        RequestBody unknown = RequestBody.of(source);
        assertThat(unknown.contentLength()).isEqualTo(-1);
        assertThat(unknown.contentType()).isNull();
        assertThat(unknown.isReplayable()).isFalse();
        assertThat(unknown.publisher()).isSameAs(source);
        assertThatThrownBy(unknown::publisher).isInstanceOf(StreamConsumedException.class);

        RequestBody known = RequestBody.of(source, 3);
        assertThat(known.contentLength()).isEqualTo(3);
        assertThat(drain(known)).isEqualTo(utf8("pub"));
    }

    @Test
    void bufferedTurnsAOneShotBodyIntoAReplayableOne() {
        RequestBody once = RequestBody.of(new ByteArrayInputStream(utf8("again")), 5);
        RequestBody again = once.buffered().join();
        assertThat(again.isReplayable()).isTrue();
        assertThat(again.contentLength()).isEqualTo(5);
        assertThat(again.contentType()).isNull();
        assertThat(again.bytes()).isEqualTo(utf8("again"));
        assertThat(drain(again)).isEqualTo(utf8("again"));
        assertThat(drain(again)).isEqualTo(utf8("again"));

        RequestBody text = RequestBody.of("x");
        assertThat(text.buffered().join()).isSameAs(text);
    }

    @Test
    void bufferingAnAsynchronousPublisher() {
        SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>();
        RequestBody body = RequestBody.of(publisher);
        var buffered = body.buffered();
        publisher.submit(ByteBuffer.wrap(utf8("as")));
        publisher.submit(ByteBuffer.wrap(utf8("ync")));
        publisher.close();
        assertThat(buffered.join().bytes()).isEqualTo(utf8("async"));
    }

    @Test
    void formEncodesRepeatedAndKeyOnlyFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", "Ada Lovelace");
        fields.put("tag", List.of("a&b", "c"));
        fields.put("flag", null);
        fields.put("n", 1);
        RequestBody body = RequestBody.form(fields);
        assertThat(body.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8))
                .isEqualTo("name=Ada+Lovelace&tag=a%26b&tag=c&flag&n=1");
        assertThat(body.contentLength()).isEqualTo(body.bytes().length);
        assertThat(body.isReplayable()).isTrue();
    }

    @Test
    void jsonOfARecordAndAMap() {
        RequestBody record = RequestBody.json(new User("ada", 36));
        assertThat(record.contentType()).isEqualTo("application/json");
        assertThat(new String(record.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"ada\",\"age\":36}");
        assertThat(record.contentLength()).isEqualTo(record.bytes().length);

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ids", List.of(1, 2));
        map.put("ok", true);
        assertThat(new String(RequestBody.json(map).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ids\":[1,2],\"ok\":true}");
        assertThat(new String(RequestBody.json(null).bytes(), StandardCharsets.UTF_8)).isEqualTo("null");
    }

    @Test
    void jsonWithACustomMapper() {
        ObjectMapper upperCamel = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);
        assertThat(new String(RequestBody.json(new User("b", 1), upperCamel).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Name\":\"b\",\"Age\":1}");
    }

    @Test
    void jsonFailureNamesTheType() {
        assertThatThrownBy(() -> RequestBody.json(new Object()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void toStringShowsShapeNotContent() {
        assertThat(RequestBody.of("secret")).hasToString(
                "RequestBody[length=6, type=text/plain; charset=utf-8, replayable]");
        assertThat(RequestBody.of(new ByteArrayInputStream(new byte[0])).toString()).contains("one-shot")
                .doesNotContain("secret");
    }

    @Test
    void manyBodiesProduceTheirDeclaredLength() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[70_000]);
        List<RequestBody> bodies = new ArrayList<>(Arrays.asList(RequestBody.empty(), RequestBody.of("abc"),
                RequestBody.of(file), RequestBody.form(Map.of("a", "b")), RequestBody.json(List.of(1))));
        for (RequestBody body : bodies) {
            assertThat((long) drain(body).length).as(body.toString()).isEqualTo(body.contentLength());
        }
    }
}
