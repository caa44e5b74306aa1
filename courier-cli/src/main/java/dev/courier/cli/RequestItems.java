package dev.courier.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.cli.RequestItem.Field;
import dev.courier.cli.RequestItem.FileUpload;
import dev.courier.cli.RequestItem.Header;
import dev.courier.cli.RequestItem.Param;
import dev.courier.cli.RequestItem.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request items of one command line, parsed with httpie's rules: the first separator in the
 * item wins, and at one position the longest; a backslash makes the separator character after it
 * literal ({@code a\:b=c} is the field {@code a:b}).
 *
 * <pre>
 * Header:Value   header                  Header:        remove a default header
 * Header;        header with empty value  Header:@file   header value from a file
 * name==value    query parameter          name==@file    parameter value from a file
 * name=value     string field             name=@file     string field from a file
 * name:=json     raw JSON field           name:=@file    raw JSON field from a file
 * name@path      file (multipart)         @path          the whole body from a file
 * </pre>
 *
 * Files named by the {@code @file} forms are read while parsing, so a missing file is a usage error
 * before anything is sent.
 *
 * <pre>{@code
 * RequestItems items = RequestItems.parse(List.of("X-Trace:1", "q==a", "name=courier", "stars:=5"));
 * items.jsonObject();   // {"name": "courier", "stars": 5}
 * }</pre>
 */
final class RequestItems {
    /** Longest first, so that at one position {@code :=@} wins over {@code :=} and {@code :}. */
    private static final List<String> SEPARATORS = List.of(":=@", "==@", "=@", ":@", "==", ":=", ":", ";", "=", "@");
    /** The characters a backslash can escape: those the separators are made of. */
    private static final String SPECIAL = ":;=@";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RequestItem> items;

    private RequestItems(List<RequestItem> items) {
        this.items = List.copyOf(items);
    }

    /**
     * Parses the items in order.
     *
     * @throws UsageException naming the item that has no separator, a bad JSON value or a file that
     *     cannot be read
     */
    static RequestItems parse(List<String> args) {
        List<RequestItem> out = new ArrayList<>();
        for (String arg : args) {
            out.add(parse(arg));
        }
        return new RequestItems(out);
    }

    /** Parses one item. */
    static RequestItem parse(String arg) {
        StringBuilder text = new StringBuilder();
        // escaped.get(i) tells whether text.charAt(i) came from a backslash escape, so it cannot be
        // part of a separator.
        List<Boolean> escaped = new ArrayList<>();
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\' && i + 1 < arg.length() && SPECIAL.indexOf(arg.charAt(i + 1)) >= 0) {
                text.append(arg.charAt(++i));
                escaped.add(true);
            } else {
                text.append(c);
                escaped.add(false);
            }
        }
        for (int at = 0; at < text.length(); at++) {
            for (String separator : SEPARATORS) {
                if (matches(text, escaped, at, separator)) {
                    return item(arg, text.substring(0, at), separator, text.substring(at + separator.length()));
                }
            }
        }
        throw new UsageException("'" + arg + "' is not a request item (Header:Value, name==param, name=value, "
                + "name:=json or name@file); escape a literal separator with a backslash");
    }

    private static boolean matches(CharSequence text, List<Boolean> escaped, int at, String separator) {
        if (at + separator.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < separator.length(); i++) {
            if (escaped.get(at + i) || text.charAt(at + i) != separator.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RequestItem item(String arg, String name, String separator, String value) {
        if (name.isEmpty() && !separator.equals("@")) {
            throw new UsageException("'" + arg + "' has no name before '" + separator + "'");
        }
        return switch (separator) {
            case ":" -> new Header(name, value.isEmpty() ? null : value);
            case ";" -> {
                if (!value.isEmpty()) {
                    throw new UsageException("'" + arg + "': use Header;  (nothing after ';') for an empty header, "
                            + "Header:Value for a value");
                }
                yield new Header(name, "");
            }
            case ":@" -> new Header(name, stripNewline(readText(arg, value)));
            case "==" -> new Param(name, value);
            case "==@" -> new Param(name, stripNewline(readText(arg, value)));
            case "=" -> new Field(name, value);
            case "=@" -> new Field(name, readText(arg, value));
            case ":=" -> new RawJson(name, json(arg, value));
            case ":=@" -> new RawJson(name, json(arg, readText(arg, value)));
            case "@" -> file(arg, name, value);
            default -> throw new IllegalStateException(separator);
        };
    }

    /** {@code name@path} or {@code name@path;type=image/png}. */
    private static FileUpload file(String arg, String name, String value) {
        String type = null;
        int semicolon = value.lastIndexOf(";type=");
        if (semicolon >= 0) {
            type = value.substring(semicolon + ";type=".length());
            value = value.substring(0, semicolon);
        }
        if (value.isEmpty()) {
            throw new UsageException("'" + arg + "' names no file after '@'");
        }
        Path path = Path.of(value);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new UsageException("'" + arg + "': cannot read the file " + value);
        }
        return new FileUpload(name, path, type);
    }

    private static String readText(String arg, String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new UsageException("'" + arg + "': cannot read the file " + file, e);
        }
    }

    /** Files usually end with a newline that is no part of a header or parameter value. */
    private static String stripNewline(String text) {
        return text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static JsonNode json(String arg, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("'" + arg + "': not valid JSON after ':=' (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** The header items, in order (a null value removes that header). */
    List<Header> headers() {
        return only(Header.class);
    }

    /** The query parameter items, in order. */
    List<Param> params() {
        return only(Param.class);
    }

    /** The file items with a name (multipart parts). */
    List<FileUpload> files() {
        return only(FileUpload.class).stream().filter(f -> !f.isBody()).toList();
    }

    /** The {@code @path} item that is the whole body, or null. */
    FileUpload bodyFile() {
        return only(FileUpload.class).stream().filter(FileUpload::isBody).findFirst().orElse(null);
    }

    /** Whether any item puts data in the body: a field, raw JSON or a file. */
    boolean hasData() {
        return items.stream().anyMatch(i -> i instanceof Field || i instanceof RawJson || i instanceof FileUpload);
    }

    /** Whether there are fields or raw JSON (not files). */
    boolean hasFields() {
        return items.stream().anyMatch(i -> i instanceof Field || i instanceof RawJson);
    }

    /**
     * The fields as a JSON object: string fields as strings, raw JSON as given; a name given more
     * than once becomes an array of its values, as in httpie.
     */
    Map<String, Object> jsonObject() {
        Map<String, List<JsonNode>> values = new LinkedHashMap<>();
        for (RequestItem item : items) {
            if (item instanceof Field f) {
                values.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(JSON.getNodeFactory().textNode(f.value()));
            } else if (item instanceof RawJson j) {
                values.computeIfAbsent(j.name(), k -> new ArrayList<>()).add(j.value());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((name, list) -> out.put(name, list.size() == 1 ? list.get(0) : JSON.createArrayNode().addAll(list)));
        return out;
    }

    /**
     * The fields as form fields ({@code --form}): repeated names become lists, which the library
     * sends as repeated fields.
     *
     * @throws UsageException for a raw JSON item, which a form cannot carry
     */
    Map<String, Object> formFields() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RequestItem item : items) {
            if (item instanceof RawJson j) {
                throw new UsageException("'" + j.name() + ":=...' is raw JSON, which a form cannot carry: "
                        + "use name=value with --form, or leave out --form");
            }
            if (item instanceof Field f) {
                out.merge(f.name(), f.value(), RequestItems::append);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object append(Object previous, Object value) {
        List<Object> list;
        if (previous instanceof List<?> l) {
            list = (List<Object>) l;
        } else {
            list = new ArrayList<>();
            list.add(previous);
        }
        list.add(value);
        return list;
    }

    private <T extends RequestItem> List<T> only(Class<T> type) {
        return items.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
