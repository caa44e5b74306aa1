package dev.courier.testing.internal.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.Request;
import dev.courier.Url;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@link RequestMatcher}s behind {@code Route}: method, URL (exact, prefix, pattern), query
 * parameter, header and JSON body.
 */
public final class Matchers {
    // Only reads trees; a plain mapper is enough and keeps us off Courier's internal one.
    private static final ObjectMapper MAPPER = new ObjectMapper();
    // Relative route URLs on a router without a base URL match on any origin: parse them against a
    // throwaway origin to get the same normalized path and query a request URL has.
    private static final Url ANY_ORIGIN = Url.parse("http://any-origin.invalid/");
    // 1 and 1.0 are the same JSON number to a person writing a test.
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Matchers() {}

    /** The request's method equals {@code method}, in any case. */
    public static RequestMatcher method(String method) {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("A route's method must not be blank; give one such as \"GET\"");
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return simple(upper, request -> request.method().equalsIgnoreCase(upper));
    }

    /**
     * The request URL equals {@code url} once both are normalized: scheme, host, port and path; when
     * {@code url} has a query, the request's parameters must be the same ones, in any order; when it
     * has none, the request's query is not looked at.
     *
     * @param base the router's base URL, or null
     */
    public static RequestMatcher url(String url, Url base) {
        Target target = Target.of(url, base, "url");
        Url expected = target.url;
        List<Map.Entry<String, String>> params = expected.query() == null ? null : sorted(expected);
        return simple((target.anyOrigin ? "path " + expected.pathAndQuery() : "url " + expected), request -> {
            Url actual = request.url();
            return target.sameOrigin(actual) && actual.path().equals(expected.path())
                    && (params == null || params.equals(sorted(actual)));
        });
    }

    /** The request URL starts with {@code prefix}: the same origin, and a path that starts with its path. */
    public static RequestMatcher urlPrefix(String prefix, Url base) {
        Target target = Target.of(prefix, base, "urlPrefix");
        if (target.url.query() != null) {
            throw new IllegalArgumentException("A URL prefix matches the path only, but '" + prefix
                    + "' has a query; drop it and add query(name, value) to the route");
        }
        String path = target.url.path();
        return simple((target.anyOrigin ? "path prefix " + path : "url prefix " + target.url), request ->
                target.sameOrigin(request.url()) && request.url().path().startsWith(path));
    }

    /** The whole request URL, with or without its query, matches {@code pattern}. */
    public static RequestMatcher urlPattern(Pattern pattern) {
        Objects.requireNonNull(pattern, "pattern");
        return simple("url ~ " + pattern.pattern(), request -> {
            String url = request.url().withFragment(null).toString();
            if (pattern.matcher(url).matches()) {
                return true;
            }
            int query = url.indexOf('?');
            return query >= 0 && pattern.matcher(url.substring(0, query)).matches();
        });
    }

    /** The request's query has the parameter {@code name} with {@code value} (among other parameters). */
    public static RequestMatcher query(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return simple("query " + name + "=" + value,
                request -> request.url().queryParams().getAll(name).contains(value));
    }

    /** The request has a header {@code name} (in any case) with {@code value} (among other headers). */
    public static RequestMatcher header(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        return simple("header " + name + ": " + value, request -> request.headers().getAll(name).contains(value));
    }

    /**
     * The request body, parsed as JSON, equals {@code value} converted with Jackson (a {@link JsonNode}
     * is taken as it is); numbers compare by value, so 1 equals 1.0.
     */
    public static RequestMatcher json(Object value) {
        JsonNode expected = MAPPER.valueToTree(value);
        return simple("json " + expected, request -> {
            JsonNode actual = parseBody(request);
            return actual != null && expected.equals(NUMBERS_BY_VALUE, actual);
        });
    }

    private static JsonNode parseBody(Request request) {
        byte[] content;
        try {
            content = request.content();
        } catch (IllegalStateException streaming) {
            // A streaming body can be read only once, by whoever sends it: it cannot match a body.
            return null;
        }
        if (content.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(content);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static List<Map.Entry<String, String>> sorted(Url url) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(url.queryParams().entries());
        entries.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return entries;
    }

    private static RequestMatcher simple(String description, java.util.function.Predicate<Request> test) {
        return new RequestMatcher() {
            @Override
            public boolean matches(Request request) {
                return test.test(request);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /** A route URL made absolute: against the base URL, or against any origin when there is none. */
    private record Target(Url url, boolean anyOrigin) {
        static Target of(String url, Url base, String what) {
            Objects.requireNonNull(url, what);
            if (Url.isAbsolute(url)) {
                return new Target(Url.parse(url), false);
            }
            if (base != null) {
                return new Target(base.join(url), false);
            }
            if (!url.startsWith("/")) {
                throw new IllegalArgumentException("The route " + what + " '" + url + "' is neither absolute nor a"
                        + " path starting with '/'; give a full URL, a path such as '/" + url
                        + "', or build the router with MockRouter.builder().baseUrl(...)");
            }
            return new Target(ANY_ORIGIN.resolve(url), true);
        }

        boolean sameOrigin(Url actual) {
            return anyOrigin || url.sameOrigin(actual);
        }
    }
}
