package dev.courier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.Request;
import dev.courier.internal.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetrcAuthTest {
    private static final String NETRC = String.join("\n",
            "# credentials for the test hosts",
            "machine a.test login alice password pa55   # trailing comment",
            "",
            "machine B.Test",
            "    login bob",
            "    account ignored",
            "    password \"with space\\\"quote\"",
            "macdef init",
            "cd /pub",
            "machine evil.test login mallory password macro-body-is-not-an-entry",
            "",
            "machine c.test login carol password caf\u00e9#1",
            "default login anonymous password guest@",
            "machine d.test login dave password after-default",
            "");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static String credentials(NetrcAuth auth, String url) {
        FakeSender sender = FakeSender.ok();
        auth.authenticate(Request.builder("GET", url).build(), sender).join();
        String header = sender.last().headers().get("Authorization");
        if (header == null) {
            return null;
        }
        assertThat(header).startsWith("Basic ");
        return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    }

    @Test
    void parsesMachinesDefaultMacdefAndComments() {
        var entries = new NetrcAuth.Parser(NETRC).entries();
        assertThat(entries).extracting(NetrcAuth.Entry::machine)
                .containsExactly("a.test", "B.Test", "c.test", null, "d.test");
        assertThat(entries).extracting(NetrcAuth.Entry::login)
                .containsExactly("alice", "bob", "carol", "anonymous", "dave");
        assertThat(entries).extracting(NetrcAuth.Entry::password)
                .containsExactly("pa55", "with space\"quote", "caf\u00e9#1", "guest@", "after-default");
    }

    @Test
    void selectsTheEntryForTheRequestHostElseTheDefault() throws IOException {
        NetrcAuth auth = Auth.netrc(write("netrc", NETRC));
        assertThat(credentials(auth, "https://a.test/x")).isEqualTo("alice:pa55");
        assertThat(credentials(auth, "http://A.TEST:8080/")).isEqualTo("alice:pa55");
        assertThat(credentials(auth, "https://b.test/")).isEqualTo("bob:with space\"quote");
        assertThat(credentials(auth, "https://c.test/")).isEqualTo("carol:caf\u00e9#1");
        assertThat(credentials(auth, "https://d.test/")).isEqualTo("dave:after-default");
        assertThat(credentials(auth, "https://evil.test/")).isEqualTo("anonymous:guest@");
        assertThat(credentials(auth, "https://other.test/")).isEqualTo("anonymous:guest@");
        // The host is the URL's real host, not something that looks like one in the userinfo (requests CVE-2024-47081).
        assertThat(credentials(auth, "http://a.test:@b.test/")).isEqualTo("bob:with space\"quote");
        assertThat(credentials(auth, "http://a.test.b.test/")).isEqualTo("anonymous:guest@");
    }

    @Test
    void withoutAMatchingEntryOrDefaultTheRequestIsSentAsIs() throws IOException {
        NetrcAuth auth = Auth.netrc(write("netrc", "machine a.test login alice password pa55\nmachine nologin.test password x\n"));
        assertThat(credentials(auth, "https://b.test/")).isNull();
        assertThat(credentials(auth, "https://sub.a.test/")).isNull();
        assertThat(credentials(auth, "https://nologin.test/")).isNull();
        NetrcAuth empty = Auth.netrc(write("empty", "# nothing here\n"));
        assertThat(credentials(empty, "https://a.test/")).isNull();
    }

    @Test
    void anExplicitAuthorizationHeaderWins() throws IOException {
        NetrcAuth auth = Auth.netrc(write("netrc", NETRC));
        FakeSender sender = FakeSender.ok();
        auth.authenticate(Request.builder("GET", "https://a.test/").header("Authorization", "Bearer mine").build(), sender)
                .join();
        assertThat(sender.last().headers().getAll("Authorization")).containsExactly("Bearer mine");
    }

    @Test
    void netrcEnvironmentVariableNamesTheFile(@TempDir Path home) throws IOException {
        Path named = write("custom-netrc", "machine a.test login env password fromenv\n");
        Files.writeString(home.resolve(".netrc"), "machine a.test login home password fromhome\n");

        assertThat(NetrcAuth.locate(Environment.of(Map.of("NETRC", named.toString())), home)).isEqualTo(named);
        assertThat(NetrcAuth.locate(Environment.of(Map.of()), home)).isEqualTo(home.resolve(".netrc"));
        assertThat(NetrcAuth.locate(Environment.of(Map.of("NETRC", " ")), home)).isEqualTo(home.resolve(".netrc"));

        NetrcAuth fromEnv = new NetrcAuth(Environment.of(Map.of("NETRC", named.toString())));
        assertThat(fromEnv.file()).isEqualTo(named);
        assertThat(credentials(fromEnv, "https://a.test/")).isEqualTo("env:fromenv");
        assertThat(credentials(Auth.netrc(NetrcAuth.locate(Environment.of(Map.of()), home)), "https://a.test/"))
                .isEqualTo("home:fromhome");
    }

    @Test
    void aMissingFileIsAnErrorNamingThePath() {
        Path missing = dir.resolve("no-such-netrc");
        assertThatThrownBy(() -> Auth.netrc(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> new NetrcAuth(Environment.of(Map.of("NETRC", missing.toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aLoginWithAColonIsRejectedWithoutShowingThePassword() throws IOException {
        Path file = write("netrc", "machine a.test login a:b password topsecret\n");
        assertThatThrownBy(() -> Auth.netrc(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("a.test")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void toStringShowsNoSecrets() throws IOException {
        NetrcAuth auth = Auth.netrc(write("netrc", NETRC));
        assertThat(auth.toString()).contains("machines=4").contains("default=true")
                .doesNotContain("alice").doesNotContain("pa55");
    }
}
