package dev.courier.integration;

import dev.courier.support.servers.HttpbinServer;
import dev.courier.support.servers.JettyServer;
import dev.courier.transport.HttpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared setup for tests that need httpbin (origin 127.0.0.1) and a second origin to redirect to
 * (a Jetty server reached as localhost), with a fresh transport per test.
 */
abstract class HttpbinAndOtherOrigin {
    static HttpbinServer httpbin;
    static JettyServer other;
    final HttpTransport transport = HttpTransport.builder().build();

    @BeforeAll
    static void startServers() {
        httpbin = HttpbinServer.start();
        other = JettyServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (httpbin != null) {
            httpbin.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    /** A URL on the second origin. */
    static String otherOrigin(String path) {
        return "http://localhost:" + other.port() + path;
    }
}
