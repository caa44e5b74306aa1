package dev.courier.cli;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The positional part of {@code courier [METHOD] URL [ITEM...]}: the method when one is given, the
 * URL with httpie's shorthands expanded, and the request items.
 *
 * <p>The first argument is a method when more follow and it is a known method name in any case, or
 * a word of capital letters (a custom method such as {@code PURGE}); so {@code courier localhost
 * q==1} sends to localhost, where httpie would take "localhost" for a method.
 *
 * <pre>{@code
 * RequestLine.parse(List.of("POST", ":8080/post", "a=1"));   // POST http://localhost:8080/post [a=1]
 * RequestLine.expandUrl("example.org/get");                 // "http://example.org/get"
 * }</pre>
 *
 * @param method the method given, upper-cased, or null to choose GET or POST from the body
 * @param url the absolute URL
 * @param items the request items
 */
record RequestLine(String method, String url, RequestItems items) {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "TRACE", "CONNECT", "QUERY");
    private static final Pattern CAPITALS = Pattern.compile("[A-Z][A-Z-]*");
    private static final Pattern LETTERS = Pattern.compile("[A-Za-z]+");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
    /** {@code :8080/path}, {@code :/path} and {@code :} mean localhost, as in httpie. */
    private static final Pattern LOCALHOST_SHORTHAND = Pattern.compile("^:(\\d*)(/.*)?$", Pattern.DOTALL);

    /**
     * Splits the positional arguments.
     *
     * @throws UsageException when there is no URL, or an item does not parse
     */
    static RequestLine parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("no URL given: courier [METHOD] URL [ITEM...]");
        }
        int next = 0;
        String method = null;
        if (args.size() > 1 && isMethod(args.get(0))) {
            method = args.get(0).toUpperCase(Locale.ROOT);
            next = 1;
        }
        String url = expandUrl(args.get(next));
        RequestItems items = RequestItems.parse(args.subList(next + 1, args.size()));
        return new RequestLine(method, url, items);
    }

    private static boolean isMethod(String arg) {
        return CAPITALS.matcher(arg).matches()
                || LETTERS.matcher(arg).matches() && METHODS.contains(arg.toUpperCase(Locale.ROOT));
    }

    /**
     * The URL with httpie's shorthands: {@code :3000/x} is {@code http://localhost:3000/x}, and a URL
     * without a scheme ({@code localhost:8080}, {@code example.org/get}) gets {@code http://}.
     */
    static String expandUrl(String url) {
        var local = LOCALHOST_SHORTHAND.matcher(url);
        if (local.matches()) {
            String port = local.group(1).isEmpty() ? "" : ":" + local.group(1);
            String path = local.group(2) == null ? "" : local.group(2);
            return "http://localhost" + port + path;
        }
        if (SCHEME.matcher(url).find()) {
            return url;
        }
        return "http://" + url;
    }

    /** The method to send: the one given, else POST when there is a body and GET otherwise (httpie's rule). */
    String methodFor(boolean hasBody) {
        return method != null ? method : hasBody ? "POST" : "GET";
    }
}
