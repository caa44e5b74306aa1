package dev.courier.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment seam: a fixed map for tests, the process environment otherwise. */
class EnvironmentTest {
    @Test
    void ofReadsACopyOfTheMap() {
        Map<String, String> vars = new HashMap<>(Map.of("SSL_CERT_FILE", "/tmp/ca.pem"));
        Environment env = Environment.of(vars);
        vars.put("SSL_CERT_FILE", "/elsewhere");
        assertThat(env.get("SSL_CERT_FILE")).isEqualTo("/tmp/ca.pem");
        assertThat(env.get("SSL_CERT_DIR")).isNull();
    }

    @Test
    void systemReadsTheProcessEnvironment() {
        String name = System.getenv().keySet().iterator().next();
        assertThat(Environment.system().get(name)).isEqualTo(System.getenv(name));
        assertThat(Environment.system().get("COURIER_SURELY_UNSET_VARIABLE_8c1f")).isNull();
    }
}
