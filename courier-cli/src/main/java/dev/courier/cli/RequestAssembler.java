package dev.courier.cli;

import dev.courier.Client;
import dev.courier.Cookie;
import dev.courier.CookieJar;
import dev.courier.Request;
import dev.courier.RequestBody;
import dev.courier.RequestOptions;
import dev.courier.Url;
import dev.courier.cli.RequestItem.FileUpload;
import dev.courier.cli.RequestItem.Header;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the request line, its items and a piped body into the {@link Request} to send, with
 * httpie's rules: data items make a JSON object (a form with {@code --form}, multipart when there
 * are files), {@code @file} or stdin is the whole body, and header items go on last, replacing the
 * client's defaults and the session's headers ({@code Header:} removes one).
 *
 * <p>The body is encoded by the library ({@code RequestOptions.json/form/file/body}); headers are set
 * on the built request, since a content type given by the user must win over the body's.
 *
 * <pre>{@code
 * Request r = new RequestAssembler(false, false).assemble(client, RequestLine.parse(args), url, null, null, jar);
 * }</pre>
 */
final class RequestAssembler {
    /** What httpie sends with a JSON body, so servers that negotiate answer in JSON. */
    private static final String JSON_ACCEPT = "application/json, */*;q=0.5";

    private final boolean json;
    private final boolean form;

    /** With {@code --json} and {@code --form} as given. */
    RequestAssembler(boolean json, boolean form) {
        this.json = json;
        this.form = form;
    }

    /**
     * The request to send: URL, method, params and body from the items, then the headers on top.
     *
     * @param piped the body read from stdin, or null
     * @param saved the session, or null; header items are recorded in it
     * @param jar the client's cookie jar, which {@code Cookie:} items join when there is a session
     * @throws UsageException for items that do not go together
     */
    Request assemble(Client client, RequestLine line, Url url, byte[] piped, Session saved, CookieJar jar) {
        RequestItems items = line.items();
        boolean hasPiped = piped != null && piped.length > 0;
        boolean multipart = !items.files().isEmpty();
        boolean asForm = form || multipart;
        if (multipart && json) {
            throw new UsageException("file fields (name@path) are sent as a multipart form: leave out --json");
        }
        FileUpload bodyFile = items.bodyFile();
        if (bodyFile != null && (items.hasFields() || multipart)) {
            throw new UsageException("@" + bodyFile.path() + " is the whole body: it cannot be mixed with data items");
        }
        Consumer<RequestOptions> options = o -> {
            items.params().forEach(p -> o.param(p.name(), p.value()));
            if (hasPiped) {
                o.body(RequestBody.of(piped, asForm ? "application/x-www-form-urlencoded; charset=utf-8" : "application/json"));
            } else if (bodyFile != null) {
                o.body(RequestBody.of(bodyFile.path(), bodyFile.contentType() != null ? bodyFile.contentType()
                        : probeContentType(bodyFile.path())));
            } else if (asForm) {
                Map<String, Object> fields = items.formFields();
                if (!fields.isEmpty() || !multipart) {
                    o.form(fields);
                }
                items.files().forEach(f -> o.file(f.name(), f.path(), null, f.contentType()));
            } else if (items.hasFields()) {
                o.json(items.jsonObject());
            }
        };
        boolean hasBody = hasPiped || bodyFile != null || items.hasData();
        Request built = client.buildRequest(line.methodFor(hasBody), url.toString(), options);
        Request.Builder b = built.toBuilder();
        if ((json || (items.hasFields() && !asForm)) && !hasPiped && bodyFile == null) {
            b.setHeader("Accept", JSON_ACCEPT);
        }
        if (saved != null) {
            saved.headers().forEach(h -> b.setHeader(h.getKey(), h.getValue()));
        }
        Set<String> seen = new HashSet<>();
        for (Header h : items.headers()) {
            if (saved != null && h.name().equalsIgnoreCase("Cookie") && h.value() != null) {
                // With a session, cookies given as a header join the session's jar (httpie does the same).
                addCookies(jar, url, h.value());
                continue;
            }
            if (h.value() == null) {
                b.removeHeader(h.name());
            } else if (seen.add(h.name().toLowerCase(Locale.ROOT))) {
                b.setHeader(h.name(), h.value());
            } else {
                b.header(h.name(), h.value());
            }
            if (saved != null) {
                saved.header(h.name(), h.value());
            }
        }
        return b.build();
    }

    private static void addCookies(CookieJar jar, Url url, String header) {
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                jar.set(Cookie.builder(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim())
                        .domain(url.host()).hostOnly(true).path("/").build());
            }
        }
    }

    private static String probeContentType(Path path) {
        try {
            String type = Files.probeContentType(path);
            return type != null ? type : "application/octet-stream";
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }
}
