package dev.courier.testing;

import dev.courier.AsyncClient;
import dev.courier.Client;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives tests a started {@link TestServer} and clients pointed at it:
 * parameters of type {@link TestServer}, {@link AsyncClient} and {@link Client} (blocking) are
 * resolved in constructors, lifecycle methods and test methods.
 *
 * <pre>{@code
 * @ExtendWith(TestServerExtension.class)
 * class UserAgentTest {
 *     @Test
 *     void sendsItsUserAgent(AsyncClient client, TestServer server) {
 *         Response r = client.get("/user-agent").join();   // base URL: server.url("")
 *         assertThat(r.json().get("user-agent").asText()).startsWith("courier");
 *     }
 * }
 * }</pre>
 *
 * <p>One server per test class (nested classes share their outer class's), started on first
 * use; the clients are the server's {@link TestServer#client()} and a {@link Client} over it. JUnit
 * closes them and stops the server after the class's last test, through the class's
 * {@link ExtensionContext.Store}. Tests must not close the injected clients.
 */
public final class TestServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServerExtension.class);
    private static final Set<Class<?>> TYPES = Set.of(TestServer.class, AsyncClient.class, Client.class);

    /** Created by JUnit through {@code @ExtendWith}. */
    public TestServerExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = running(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == TestServer.class) {
            return running.server;
        } else if (type == AsyncClient.class) {
            return running.server.client();
        } else if (type == Client.class) {
            return running.blocking();
        }
        throw new ParameterResolutionException("TestServerExtension cannot resolve " + type);
    }

    private static Running running(ExtensionContext context) {
        ExtensionContext classContext = context;
        // Walk up to the outermost test class, so nested classes and every method share one server.
        while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> new Running(), Running.class);
    }

    /**
     * The server of one test class; JUnit closes it with the class's store (as an AutoCloseable from
     * JUnit 5.13, which warns about a CloseableResource alone; as a CloseableResource before).
     */
    private static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final TestServer server = TestServer.start();
        private Client blocking;

        synchronized Client blocking() {
            if (blocking == null) {
                blocking = Client.of(server.client());
            }
            return blocking;
        }

        @Override
        public void close() {
            server.close(); // closes the AsyncClient, which is all the blocking facade holds
        }
    }
}
