package dev.courier.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Multipart;
import dev.courier.RequestBody;
import dev.courier.internal.body.ChunkSource;
import dev.courier.internal.body.RecordingSubscriber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartTest {
    @TempDir
    Path dir;

    private static String wire(RequestBody body) {
        return new String(RequestBodyTest.drain(body), StandardCharsets.UTF_8);
    }

    @Test
    void exactWireBytesForFieldsAndFiles() throws IOException {
        Path json = Files.writeString(dir.resolve("data.json"), "{\"a\":1}");
        Path other = Files.writeString(dir.resolve("raw"), "RAW");
        RequestBody body = Multipart.builder()
                .boundary("XyZ")
                .field("title", "Holiday ☀")
                .field("we\"ird\r\nname", "v")
                .file("up", "hello".getBytes(StandardCharsets.UTF_8), "h\"i.txt", null)
                .file("doc", json)
                .file("blob", other)
                .file("custom", other, "renamed.png", "application/x-custom")
                .file("anon", new byte[] {'!'}, null, null)
                .build();

        String expected = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                + "Holiday ☀\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"we%22ird%0D%0Aname\"\r\n\r\n"
                + "v\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"up\"; filename=\"h%22i.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "hello\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"doc\"; filename=\"data.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"a\":1}\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"blob\"; filename=\"raw\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "RAW\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"custom\"; filename=\"renamed.png\"\r\n"
                + "Content-Type: application/x-custom\r\n\r\n"
                + "RAW\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"anon\"; filename=\"upload\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "!\r\n"
                + "--XyZ--\r\n";

        byte[] produced = RequestBodyTest.drain(body);
        assertThat(new String(produced, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(body.contentLength()).isEqualTo(produced.length);
        assertThat(body.contentType()).isEqualTo("multipart/form-data; boundary=XyZ");
        assertThat(body.isReplayable()).isTrue();
        assertThat(wire(body)).isEqualTo(expected);
        assertThatThrownBy(body::bytes).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void filenameGuessesUseTheGivenFilename() throws IOException {
        Path file = Files.writeString(dir.resolve("noext"), "x");
        String wire = wire(Multipart.builder().boundary("b").file("f", file, "pic.png", null).build());
        assertThat(wire).contains("filename=\"pic.png\"\r\nContent-Type: image/png\r\n");
    }

    @Test
    void bodyWithoutFilesIsInMemory() {
        RequestBody body = Multipart.builder().boundary("b").field("a", "1").build();
        String expected = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n";
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(body.contentLength()).isEqualTo(expected.length());
    }

    @Test
    void emptyBodyIsJustTheCloseDelimiter() {
        RequestBody body = Multipart.builder().boundary("b").build();
        assertThat(wire(body)).isEqualTo("--b--\r\n");
        assertThat(body.contentLength()).isEqualTo(7);
    }

    @Test
    void largeFilePartIsStreamedInChunks() throws IOException {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("big.bin"), content);
        RequestBody body = Multipart.builder().boundary("B").field("k", "v").file("f", file).build();

        RecordingSubscriber s = new RecordingSubscriber(1).onEachItem(r -> r.request(1));
        body.publisher().subscribe(s);

        assertThat(s.isCompleted()).isTrue();
        assertThat(s.items()).allMatch(b -> b.remaining() <= ChunkSource.CHUNK_SIZE);
        byte[] produced = s.bytes();
        assertThat((long) produced.length).isEqualTo(body.contentLength());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(("--B\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--B\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(content);
        expected.writeBytes("\r\n--B--\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(produced).isEqualTo(expected.toByteArray());
    }

    @Test
    void defaultBoundaryIsThirtyTwoRandomHexCharacters() {
        String a = Multipart.builder().build().contentType();
        String b = Multipart.builder().build().contentType();
        assertThat(a).matches("multipart/form-data; boundary=[0-9a-f]{32}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void boundaryIsValidatedAgainstRfc2046() {
        for (String bad : new String[] {"", "x".repeat(71), "trailing ", "quo\"te", "semi;colon", "é", "new\nline"}) {
            assertThatThrownBy(() -> Multipart.builder().boundary(bad))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Multipart.builder().boundary("x".repeat(70)).build().contentType()).endsWith("x".repeat(70));
        assertThat(Multipart.builder().boundary("a'()+_,-./:=? b").build().contentType())
                .isEqualTo("multipart/form-data; boundary=\"a'()+_,-./:=? b\"");
        assertThat(Multipart.builder().boundary("simple-token_1").build().contentType())
                .isEqualTo("multipart/form-data; boundary=simple-token_1");
    }

    @Test
    void contentTypeWithALineBreakIsRejected() {
        assertThatThrownBy(() -> Multipart.builder().file("f", new byte[0], "a", "text/plain\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileBytesAreCopied() {
        byte[] content = {'a'};
        RequestBody body = Multipart.builder().boundary("b").file("f", content, "a.bin", null).build();
        content[0] = 'z';
        assertThat(wire(body)).contains("\r\n\r\na\r\n");
    }
}
