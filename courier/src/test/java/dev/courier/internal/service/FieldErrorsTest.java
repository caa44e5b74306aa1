package dev.courier.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field errors from the body shapes of the common REST frameworks. */
class FieldErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, List<String>> of(String json) throws Exception {
        JsonNode body = JSON.readTree(json);
        return FieldErrors.from(body);
    }

    @Test
    void djangoRestFramework() throws Exception {
        assertThat(of("{\"email\": [\"Enter a valid email address.\"], \"non_field_errors\": [\"Bad pair.\"],"
                + " \"detail\": \"ignored\"}"))
                .containsExactly(Map.entry("email", List.of("Enter a valid email address.")),
                        Map.entry("non_field_errors", List.of("Bad pair.")));
    }

    @Test
    void fastApiAndPydantic() throws Exception {
        assertThat(of("{\"detail\": [{\"loc\": [\"body\", \"address\", \"zip\"], \"msg\": \"Field required\"},"
                + " {\"loc\": [\"query\", \"page\"], \"msg\": \"Input should be a valid integer\"}]}"))
                .containsExactly(Map.entry("address.zip", List.of("Field required")),
                        Map.entry("page", List.of("Input should be a valid integer")));
    }

    @Test
    void railsAndLaravel() throws Exception {
        assertThat(of("{\"message\": \"The given data was invalid.\", \"errors\": {\"email\": [\"is taken\"],"
                + " \"name\": \"is blank\"}}"))
                .containsExactly(Map.entry("email", List.of("is taken")), Map.entry("name", List.of("is blank")));
    }

    @Test
    void listsOfErrorObjects() throws Exception {
        assertThat(of("{\"errors\": [{\"field\": \"age\", \"defaultMessage\": \"must be positive\"}]}"))
                .containsExactly(Map.entry("age", List.of("must be positive")));
        assertThat(of("{\"violations\": [{\"propertyPath\": \"title\", \"message\": \"too long\"}]}"))
                .containsExactly(Map.entry("title", List.of("too long")));
        assertThat(of("{\"errors\": [{\"source\": {\"pointer\": \"/data/attributes/first-name\"},"
                + " \"detail\": \"must contain at least three characters.\"}]}"))
                .containsExactly(Map.entry("first-name", List.of("must contain at least three characters.")));
        assertThat(of("{\"type\": \"https://example.net/validation-error\", \"invalid-params\":"
                + " [{\"name\": \"age\", \"reason\": \"must be a positive integer\"}]}"))
                .containsExactly(Map.entry("age", List.of("must be a positive integer")));
    }

    @Test
    void bodiesWithoutFieldsGiveNone() throws Exception {
        assertThat(of("{\"detail\": \"Bad request\"}")).isEmpty();
        assertThat(of("{\"error\": {\"message\": \"nope\"}}")).isEmpty();
        assertThat(of("[1, 2]")).isEmpty();
        assertThat(of("\"text\"")).isEmpty();
        assertThat(FieldErrors.from(null)).isEmpty();
    }
}
