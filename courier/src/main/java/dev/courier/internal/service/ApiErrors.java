package dev.courier.internal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.Json;
import dev.courier.internal.http.RetryAfter;
import dev.courier.service.ApiException;
import dev.courier.service.AuthenticationException;
import dev.courier.service.ConflictException;
import dev.courier.service.NotFoundException;
import dev.courier.service.PermissionDeniedException;
import dev.courier.service.RateLimitException;
import dev.courier.service.ServerErrorException;
import dev.courier.service.ValidationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns an error response into the {@link ApiException} its status names, with a message that
 * says what was asked and what the server answered.
 */
public final class ApiErrors {
    /** How much of the server's own words go into a message. */
    private static final int MAX_DETAIL = 200;

    private ApiErrors() {}

    /** The exception for {@code response}, whose body has been read. */
    public static ApiException of(Response response) {
        Request request = response.request();
        JsonNode body = bodyOf(response);
        int status = response.statusCode();
        StringBuilder message = new StringBuilder().append(status).append(' ').append(response.reasonPhrase())
                .append(" for ").append(request.method()).append(' ').append(request.url().withoutUserInfo());
        String detail = detail(body);
        if (detail != null) {
            message.append(": ").append(detail);
        }
        switch (status) {
            case 400, 422 -> {
                Map<String, List<String>> fields = FieldErrors.from(body);
                if (!fields.isEmpty()) {
                    message.append(detail != null ? "; " : ": ").append(summary(fields));
                }
                return new ValidationException(message.toString(), request, response, body, fields);
            }
            case 401 -> {
                return new AuthenticationException(message.toString(), request, response, body);
            }
            case 403 -> {
                return new PermissionDeniedException(message.toString(), request, response, body);
            }
            case 404 -> {
                return new NotFoundException(message.toString(), request, response, body);
            }
            case 409 -> {
                return new ConflictException(message.toString(), request, response, body);
            }
            case 429 -> {
                Duration wait = RetryAfter.parse(response.headers().first("Retry-After"), Instant.now());
                if (wait != null) {
                    message.append(" (retry after ").append(wait.toSeconds()).append(" s)");
                }
                return new RateLimitException(message.toString(), request, response, body, wait);
            }
            default -> {
                if (status >= 500 && status <= 599) {
                    return new ServerErrorException(message.toString(), request, response, body);
                }
                return new ApiException(message.toString(), request, response, body);
            }
        }
    }

    /** The body as JSON; a text node when it isn't JSON; null when empty. */
    static JsonNode bodyOf(Response response) {
        byte[] content = response.content();
        if (content.length == 0) {
            return null;
        }
        try {
            JsonNode parsed = Json.mapper().readTree(content);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        } catch (IOException notJson) {
            // An HTML error page from a proxy, or plain text: kept as text below.
        }
        return TextNode.valueOf(new String(content, StandardCharsets.UTF_8));
    }

    /** What the server said about the error, on one line and shortened; null when it said nothing usable. */
    static String detail(JsonNode body) {
        if (body == null) {
            return null;
        }
        String text = null;
        if (body.isTextual()) {
            text = body.asText();
        } else if (body.isObject()) {
            for (String key : new String[] {"detail", "message", "error_description", "error", "title"}) {
                JsonNode value = body.get(key);
                if (value != null && value.isTextual()) {
                    text = value.asText();
                    break;
                }
                if (value != null && value.isObject() && value.path("message").isTextual()) {
                    text = value.path("message").asText();
                    break;
                }
            }
        }
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (line.isEmpty()) {
            return null;
        }
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
    }

    private static String summary(Map<String, List<String>> fields) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, List<String>> field : fields.entrySet()) {
            if (shown == 5) {
                out.append("; and ").append(fields.size() - shown).append(" more");
                break;
            }
            if (shown++ > 0) {
                out.append("; ");
            }
            out.append(field.getKey()).append(": ").append(String.join(", ", field.getValue()));
        }
        String s = out.toString().replaceAll("[\\p{Cntrl}]+", " ");
        return s.length() > MAX_DETAIL * 2 ? s.substring(0, MAX_DETAIL * 2) + "..." : s;
    }
}
