package dev.courier.testing.internal;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * httpbin's URL space: picks the endpoint for a path and method, and answers the small ones
 * itself (echo, status, redirects, cookies, caching, documents). Auth is in {@link AuthEndpoints},
 * bodies and timing in {@link BodyEndpoints}.
 */
final class Routes {
    private static final Set<String> GET = Set.of("GET", "HEAD");
    private static final Set<String> ANY = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "TRACE");
    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String TEAPOT = """

                -=[ teapot ]=-

                   _...._
                 .'  _ _ `.
                | ."` ^ `". _,
                \\_;`"---"`|//
                  |       ;/
                  \\_     _/
                    `\"\"\"`
            """;

    private Routes() {}

    static void dispatch(Exchange ex) {
        List<String> s = ex.segments;
        int n = s.size();
        String first = n == 0 ? "" : s.get(0);
        if (ex.method().equals("OPTIONS")) {
            options(ex);
            return;
        }
        switch (first) {
            case "get" -> only(ex, n == 1, GET, () -> ex.json(200, RequestEcho.of(ex, "args", "headers", "origin", "url")));
            case "post", "put", "patch", "delete" -> only(ex, n == 1, Set.of(first.toUpperCase(Locale.ROOT)),
                    () -> ex.json(200, RequestEcho.of(ex, "args", "data", "files", "form", "headers", "json", "origin", "url")));
            case "anything" -> only(ex, true, ANY, () -> ex.json(200,
                    RequestEcho.of(ex, "args", "data", "files", "form", "headers", "json", "method", "origin", "url")));
            case "headers" -> only(ex, n == 1, GET, () -> ex.json(200, Map.of("headers", RequestEcho.headers(ex))));
            case "ip" -> only(ex, n == 1, GET, () -> ex.json(200, Map.of("origin", RequestEcho.origin(ex))));
            case "user-agent" -> only(ex, n == 1, GET, () -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("user-agent", ex.header("User-Agent"));
                ex.json(200, body);
            });
            case "uuid" -> only(ex, n == 1, GET, () -> ex.json(200, Map.of("uuid", UUID.randomUUID().toString())));
            case "status" -> only(ex, n == 2, ANY, () -> status(ex, s.get(1)));
            case "redirect" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> redirect(ex, Integer.parseInt(s.get(1))));
            case "relative-redirect" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> {
                int hops = Integer.parseInt(s.get(1));
                redirectTo(ex, 302, hops <= 1 ? "/get" : "/relative-redirect/" + (hops - 1));
            });
            case "absolute-redirect" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> {
                int hops = Integer.parseInt(s.get(1));
                redirectTo(ex, 302, ex.origin() + (hops <= 1 ? "/get" : "/absolute-redirect/" + (hops - 1)));
            });
            case "redirect-to" -> only(ex, n == 1, ANY, () -> redirectToParam(ex));
            case "cookies" -> only(ex, n == 1 || (n == 2 && (s.get(1).equals("set") || s.get(1).equals("delete")))
                    || (n == 4 && s.get(1).equals("set")), GET, () -> cookies(ex));
            case "basic-auth", "hidden-basic-auth" -> only(ex, n == 3, GET,
                    () -> AuthEndpoints.basic(ex, s.get(1), s.get(2), first.startsWith("hidden")));
            case "digest-auth" -> only(ex, n >= 4 && n <= 6, GET,
                    () -> AuthEndpoints.digest(ex, s.get(1), s.get(2), s.get(3), n >= 5 ? s.get(4) : "MD5",
                            n == 6 ? s.get(5) : "never"));
            case "bearer" -> only(ex, n == 1, GET, () -> AuthEndpoints.bearer(ex));
            case "gzip", "deflate", "brotli" -> only(ex, n == 1, GET, () -> BodyEndpoints.encoded(ex, first));
            case "stream" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> BodyEndpoints.stream(ex, Integer.parseInt(s.get(1))));
            case "stream-bytes" -> only(ex, n == 2 && isCount(s.get(1)), GET,
                    () -> BodyEndpoints.streamBytes(ex, Integer.parseInt(s.get(1))));
            case "bytes" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> BodyEndpoints.bytes(ex, Integer.parseInt(s.get(1))));
            case "range" -> only(ex, n == 2 && isCount(s.get(1)), GET, () -> BodyEndpoints.range(ex, Integer.parseInt(s.get(1))));
            case "drip" -> only(ex, n == 1, GET, () -> BodyEndpoints.drip(ex));
            case "delay" -> only(ex, n == 2, ANY, () -> BodyEndpoints.delay(ex, s.get(1)));
            case "cache" -> only(ex, n == 1 || (n == 2 && isCount(s.get(1))), GET, () -> cache(ex));
            case "etag" -> only(ex, n == 2, GET, () -> etag(ex, s.get(1)));
            case "response-headers" -> only(ex, n == 1, Set.of("GET", "HEAD", "POST"), () -> responseHeaders(ex));
            case "json" -> only(ex, n == 1, GET, () -> ex.text(200, "application/json", SampleDocuments.JSON));
            case "html" -> only(ex, n == 1, GET, () -> ex.text(200, HTML, SampleDocuments.HTML));
            case "xml" -> only(ex, n == 1, GET, () -> ex.text(200, "application/xml", SampleDocuments.XML));
            case "base64" -> only(ex, n == 2, GET, () -> base64(ex, s.get(1)));
            default -> notFound(ex);
        }
    }

    /** Runs {@code endpoint} when the path has the right shape and the method is allowed. */
    private static void only(Exchange ex, boolean pathMatches, Set<String> methods, Runnable endpoint) {
        if (!pathMatches) {
            notFound(ex);
        } else if (!methods.contains(ex.method())) {
            Set<String> allow = new TreeSet<>(methods);
            allow.add("OPTIONS");
            ex.send(405, Exchange.headers().set(HttpHeaderNames.ALLOW, String.join(", ", allow))
                            .set(HttpHeaderNames.CONTENT_TYPE, HTML),
                    page("405 Method Not Allowed", "The method is not allowed for the requested URL."));
        } else {
            endpoint.run();
        }
    }

    private static boolean isCount(String segment) {
        return segment.matches("\\d{1,9}");
    }

    static void notFound(Exchange ex) {
        ex.send(404, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, HTML),
                page("404 Not Found", "The requested URL was not found on the server."));
    }

    private static byte[] page(String title, String text) {
        return ("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<title>" + title + "</title>\n<h1>"
                + title.substring(4) + "</h1>\n<p>" + text + "</p>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void options(Exchange ex) {
        HttpHeaders h = Exchange.headers()
                .set(HttpHeaderNames.ALLOW, "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, TRACE")
                .set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS")
                .set("Access-Control-Max-Age", "3600")
                .set(HttpHeaderNames.CONTENT_TYPE, HTML);
        String requested = ex.header("Access-Control-Request-Headers");
        if (requested != null) {
            h.set("Access-Control-Allow-Headers", requested);
        }
        ex.empty(200, h);
    }

    // /status/{codes}: one code, or a comma list with optional weights ("200:0.9,500:0.1").
    private static void status(Exchange ex, String codes) {
        int code;
        try {
            code = codes.contains(",") ? weightedChoice(codes) : Integer.parseInt(codes.trim());
        } catch (NumberFormatException e) {
            ex.text(400, TEXT, "Invalid status code");
            return;
        }
        // Interim (1xx) answers would leave the client waiting for a final one that never comes.
        if (code < 200 || code > 999) {
            ex.text(400, TEXT, "Invalid status code");
            return;
        }
        // httpbin replaces all headers for the codes it dresses up, Content-Type included.
        HttpHeaders h = Exchange.headers();
        if (!Set.of(301, 302, 303, 305, 307, 401, 402, 407, 418).contains(code)) {
            h.set(HttpHeaderNames.CONTENT_TYPE, HTML);
        }
        byte[] body = new byte[0];
        switch (code) {
            case 301, 302, 303, 305, 307 -> h.set(HttpHeaderNames.LOCATION, "/redirect/1");
            case 401 -> h.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Fake Realm\"");
            case 402 -> {
                h.set("x-more-info", "http://vimeo.com/22053820");
                body = "Fuck you, pay me!".getBytes(StandardCharsets.UTF_8);
            }
            case 406 -> {
                h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("message", "Client did not request a supported media type.");
                json.put("accept", List.of("image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*"));
                body = Exchange.toJson(json);
            }
            case 407 -> h.set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"Fake Realm\"");
            case 418 -> {
                h.set("x-more-info", "http://tools.ietf.org/html/rfc2324");
                body = TEAPOT.getBytes(StandardCharsets.UTF_8);
            }
            default -> { }
        }
        ex.send(code, h, body);
    }

    private static int weightedChoice(String codes) {
        List<Integer> choices = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        double total = 0;
        for (String choice : codes.split(",")) {
            String[] parts = choice.split(":", 2);
            double weight = parts.length == 2 ? Double.parseDouble(parts[1]) : 1;
            choices.add(Integer.parseInt(parts[0].trim()));
            weights.add(weight);
            total += weight;
        }
        double pick = ThreadLocalRandom.current().nextDouble() * total;
        for (int i = 0; i < choices.size(); i++) {
            pick -= weights.get(i);
            if (pick < 0) {
                return choices.get(i);
            }
        }
        return choices.get(choices.size() - 1);
    }

    private static void redirect(Exchange ex, int hops) {
        boolean absolute = ex.param("absolute", "false").equalsIgnoreCase("true");
        String prefix = absolute ? ex.origin() : "";
        if (hops <= 1) {
            redirectTo(ex, 302, prefix + "/get");
        } else {
            redirectTo(ex, 302, prefix + (absolute ? "/absolute-redirect/" : "/relative-redirect/") + (hops - 1));
        }
    }

    private static void redirectToParam(Exchange ex) {
        String url = ex.param("url", null);
        if (url == null) {
            ex.text(400, HTML, "Missing url parameter");
            return;
        }
        int status = 302;
        try {
            int asked = Integer.parseInt(ex.param("status_code", "302"));
            if (asked >= 300 && asked < 400) {
                status = asked;
            }
        } catch (NumberFormatException e) {
            // httpbin ignores a status_code it cannot use
        }
        redirectTo(ex, status, url);
    }

    private static void redirectTo(Exchange ex, int status, String location) {
        ex.empty(status, Exchange.headers().set(HttpHeaderNames.LOCATION, location).set(HttpHeaderNames.CONTENT_TYPE, HTML));
    }

    private static void cookies(Exchange ex) {
        List<String> s = ex.segments;
        if (s.size() == 1) {
            boolean showEnv = ex.query.containsKey("show_env");
            Map<String, String> cookies = ex.cookies();
            if (!showEnv) {
                cookies.keySet().removeIf(name -> name.startsWith("_gauges_") || name.startsWith("__utm"));
            }
            ex.json(200, Map.of("cookies", cookies));
            return;
        }
        HttpHeaders h = Exchange.headers().set(HttpHeaderNames.LOCATION, "/cookies").set(HttpHeaderNames.CONTENT_TYPE, HTML);
        String secure = ex.secure ? "; Secure" : "";
        if (s.get(1).equals("delete")) {
            for (String name : ex.query.keySet()) {
                h.add(HttpHeaderNames.SET_COOKIE, name + "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
            }
        } else if (s.size() == 4) {
            h.add(HttpHeaderNames.SET_COOKIE, s.get(2) + "=" + s.get(3) + secure + "; Path=/");
        } else {
            ex.query.forEach((name, values) -> h.add(HttpHeaderNames.SET_COOKIE, name + "=" + values.get(0) + secure + "; Path=/"));
        }
        ex.empty(302, h);
    }

    private static void cache(Exchange ex) {
        if (ex.segments.size() == 2) {
            HttpHeaders h = Exchange.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=" + ex.segments.get(1));
            ex.json(200, RequestEcho.of(ex, "args", "headers", "origin", "url"), h);
        } else if (ex.header("If-Modified-Since") != null || ex.header("If-None-Match") != null) {
            ex.empty(304, Exchange.headers());
        } else {
            HttpHeaders h = Exchange.headers()
                    .set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date()))
                    .set(HttpHeaderNames.ETAG, UUID.randomUUID().toString().replace("-", ""));
            ex.json(200, RequestEcho.of(ex, "args", "headers", "origin", "url"), h);
        }
    }

    private static void etag(Exchange ex, String etag) {
        List<String> ifNoneMatch = entityTags(ex.header("If-None-Match"));
        List<String> ifMatch = entityTags(ex.header("If-Match"));
        if (!ifNoneMatch.isEmpty()) {
            if (ifNoneMatch.contains(etag) || ifNoneMatch.contains("*")) {
                ex.empty(304, Exchange.headers().set(HttpHeaderNames.ETAG, etag));
                return;
            }
        } else if (!ifMatch.isEmpty() && !ifMatch.contains(etag) && !ifMatch.contains("*")) {
            ex.empty(412, Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, HTML));
            return;
        }
        ex.json(200, RequestEcho.of(ex, "args", "headers", "origin", "url"), Exchange.headers().set(HttpHeaderNames.ETAG, etag));
    }

    /** The tags of an If-Match / If-None-Match list, without quotes or the weak prefix. */
    private static List<String> entityTags(String header) {
        List<String> tags = new ArrayList<>();
        if (header != null) {
            for (String tag : header.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                    t = t.substring(1, t.length() - 1);
                }
                if (!t.isEmpty()) {
                    tags.add(t);
                }
            }
        }
        return tags;
    }

    // The JSON lists the response's own headers, Content-Length included, so it is recomputed until
    // the length it states is the length it has (httpbin does the same).
    private static void responseHeaders(Exchange ex) {
        Map<String, Object> args = RequestEcho.flatten(ex.query);
        byte[] body = new byte[0];
        String length = "0";
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("Content-Length", length);
            d.put("Content-Type", "application/json");
            d.putAll(args);
            body = Exchange.toJson(d);
            if (String.valueOf(body.length).equals(length)) {
                break;
            }
            length = String.valueOf(body.length);
        }
        HttpHeaders h = Exchange.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        ex.query.forEach((name, values) -> {
            if (name.equalsIgnoreCase("Content-Type")) {
                h.set(HttpHeaderNames.CONTENT_TYPE, values.get(values.size() - 1));
            } else if (!name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> h.add(name, v));
            }
        });
        ex.send(200, h, body);
    }

    private static void base64(Exchange ex, String value) {
        try {
            ex.text(200, HTML, new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            ex.text(400, HTML, "Incorrect Base64 data try: SFRUUEJJTiBpcyBhd2Vzb21l");
        }
    }
}
