package dev.courier.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.courier.Request;
import dev.courier.Response;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server refused the request as invalid: 400 Bad Request or 422 Unprocessable Content.
 *
 * <p>{@link #fieldErrors()} holds the messages per field when the body lists them in one of the
 * common shapes: Django REST framework ({@code {"email": ["Enter a valid email."]}}), FastAPI and
 * Pydantic ({@code {"detail": [{"loc": ["body", "email"], "msg": "..."}]}}), Rails and Laravel
 * ({@code {"errors": {"email": ["is invalid"]}}}), lists of {@code {"field", "message"}} objects
 * under {@code errors} or {@code violations}, JSON:API ({@code source.pointer}), and RFC 9457
 * problem details ({@code invalid-params}). Nested fields are joined with dots ({@code address.zip}).
 *
 * <pre>{@code
 * try {
 *     api.post("/users", form).join();
 * } catch (CompletionException e) {
 *     if (e.getCause() instanceof ValidationException invalid) {
 *         invalid.fieldErrors().forEach((field, messages) -> form.showError(field, messages));
 *     }
 * }
 * }</pre>
 */
public class ValidationException extends ApiException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, List<String>> fieldErrors;

    /** Creates the exception with the field errors read from the body (empty when it has none). */
    public ValidationException(String message, Request request, Response response, JsonNode body,
            Map<String, List<String>> fieldErrors) {
        super(message, request, response, body);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fieldErrors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        this.fieldErrors = Collections.unmodifiableMap(copy);
    }

    /** The messages per field, in the body's order; empty when the body names no fields. */
    public Map<String, List<String>> fieldErrors() {
        return fieldErrors;
    }
}
