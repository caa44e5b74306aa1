package dev.courier.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.AsyncClient;
import dev.courier.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension injects one started server per class, with clients pointed at it. */
@ExtendWith(TestServerExtension.class)
class TestServerExtensionTest {
    private static TestServer seen;
    private final TestServer constructorServer;

    TestServerExtensionTest(TestServer server) {
        this.constructorServer = server;
    }

    @Test
    void injectsAStartedServerAndAnAsyncClientPointedAtIt(TestServer server, AsyncClient client) {
        assertThat(server).isSameAs(constructorServer);
        assertThat(client).isSameAs(server.client());
        assertThat(client.get("/get").join().statusCode()).isEqualTo(200);
        assertThat(client.baseUrl().toString()).startsWith(server.url(""));
        remember(server);
    }

    @Test
    void injectsABlockingClientToo(Client client, TestServer server) {
        assertThat(client.get("/status/204").statusCode()).isEqualTo(204);
        assertThat(client.get(server.httpsUrl("/get")).httpVersion()).isEqualTo("HTTP/2");
        remember(server);
    }

    @Nested
    class Inner {
        @Test
        void sharesTheOuterClassServer(TestServer server) {
            assertThat(server).isSameAs(constructorServer);
            remember(server);
        }
    }

    private static synchronized void remember(TestServer server) {
        if (seen != null) {
            assertThat(server).isSameAs(seen);
        }
        seen = server;
    }

    @AfterAll
    static void theServerIsStillUpUntilTheClassStoreCloses() {
        // JUnit closes the class store after @AfterAll; the server answers until then.
        if (seen != null) {
            assertThat(seen.client().get("/get").join().statusCode()).isEqualTo(200);
        }
    }
}
