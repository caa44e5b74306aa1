package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One request item from the command line, in httpie's syntax: what it sets on the request. Made by
 * {@link RequestItems#parse}; the command turns the items into headers, query parameters and a body.
 *
 * <pre>
 * X-Trace:1          Header("X-Trace", "1")        Accept:     Header("Accept", null)   (removes a default)
 * X-Empty;           Header("X-Empty", "")         q==search   Param("q", "search")
 * name=courier       Field("name", "courier")      stars:=5    RawJson("stars", 5)
 * photo@a.jpg        FileUpload("photo", a.jpg)    @body.json  FileUpload("", body.json)   (the whole body)
 * </pre>
 */
sealed interface RequestItem {

    /** A request header; a null value removes the header (a default such as User-Agent). */
    record Header(String name, String value) implements RequestItem {}

    /** A query parameter appended to the URL. */
    record Param(String name, String value) implements RequestItem {}

    /** A data field with a string value: a JSON string member, or a form field with {@code --form}. */
    record Field(String name, String value) implements RequestItem {}

    /** A data field whose value is raw JSON (a number, a boolean, an array, an object, null). */
    record RawJson(String name, JsonNode value) implements RequestItem {}

    /**
     * A file: a multipart part called {@code name}, or the whole request body when the name is
     * empty. {@code contentType} is null unless given with {@code ;type=...}.
     */
    record FileUpload(String name, Path path, String contentType) implements RequestItem {
        boolean isBody() {
            return name.isEmpty();
        }
    }
}
