package dev.courier.internal.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads per-field validation messages out of an error body, in the shapes REST frameworks send
 * (listed on {@code ValidationException}). A shape that is not recognised gives no field errors,
 * never a failure: the body stays available as it is.
 */
public final class FieldErrors {
    /** Keys that carry a message for the whole request in DRF-style bodies, not a field. */
    private static final Set<String> MESSAGE_KEYS = Set.of("detail", "message", "error", "error_description",
            "title", "status", "type", "code", "instance");
    /** Location prefixes FastAPI puts before the field path. */
    private static final Set<String> LOCATIONS = Set.of("body", "query", "path", "header", "cookie");
    private static final int MAX_FIELDS = 1000;

    private FieldErrors() {}

    /** The messages per field in {@code body}, in its order; empty when it names no fields. */
    public static Map<String, List<String>> from(JsonNode body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            return out;
        }
        JsonNode detail = body.get("detail");
        if (detail != null && detail.isArray()) {
            fromList(detail, out);                                  // FastAPI / Pydantic
        }
        for (String key : new String[] {"errors", "violations", "invalid-params", "invalid_params", "fieldErrors"}) {
            JsonNode node = body.get(key);
            if (node == null) {
                continue;
            }
            if (node.isArray()) {
                fromList(node, out);                                // Spring, JSON:API, Symfony, RFC 9457
            } else if (node.isObject()) {
                fromObject(node, out, false);                       // Rails, Laravel
            }
        }
        if (out.isEmpty()) {
            fromObject(body, out, true);                            // Django REST framework
        }
        return out;
    }

    /** {@code {"field": ["message", ...] or "message"}}; with {@code strict}, only arrays of text count. */
    private static void fromObject(JsonNode node, Map<String, List<String>> out, boolean strict) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext() && out.size() < MAX_FIELDS) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (strict && MESSAGE_KEYS.contains(field.getKey())) {
                continue;
            }
            if (value.isArray() && !value.isEmpty() && allText(value)) {
                for (JsonNode message : value) {
                    add(out, field.getKey(), message.asText());
                }
            } else if (!strict && value.isTextual()) {
                add(out, field.getKey(), value.asText());
            } else if (value.isObject() && !strict) {
                fromObject(value, out, false);
            }
        }
    }

    /** A list of error objects, each naming its field in one of the usual ways. */
    private static void fromList(JsonNode list, Map<String, List<String>> out) {
        for (JsonNode error : list) {
            if (out.size() >= MAX_FIELDS) {
                return;
            }
            if (!error.isObject()) {
                continue;
            }
            String field = fieldOf(error);
            String message = firstText(error, "msg", "message", "defaultMessage", "detail", "reason", "title");
            if (field != null && message != null) {
                add(out, field, message);
            }
        }
    }

    private static String fieldOf(JsonNode error) {
        JsonNode loc = error.has("loc") ? error.get("loc") : error.get("path");
        if (loc != null && loc.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : loc) {
                parts.add(part.asText());
            }
            if (parts.size() > 1 && LOCATIONS.contains(parts.get(0))) {
                parts.remove(0);
            }
            return parts.isEmpty() ? null : String.join(".", parts);
        }
        JsonNode source = error.get("source");
        if (source != null && source.path("pointer").isTextual()) {
            String pointer = source.path("pointer").asText();
            String prefix = "/data/attributes/";
            String path = pointer.startsWith(prefix) ? pointer.substring(prefix.length())
                    : pointer.startsWith("/") ? pointer.substring(1) : pointer;
            return path.isEmpty() ? null : path.replace('/', '.');
        }
        return firstText(error, "field", "propertyPath", "property", "name", "param", "parameter");
    }

    private static String firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isTextual() && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void add(Map<String, List<String>> out, String field, String message) {
        out.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }
}
