package dev.courier.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * Indents JSON for reading at a terminal, optionally in colour: four spaces per level as httpie
 * does, keys in their original order, numbers exactly as the server wrote them.
 *
 * <p>It works on Jackson's token stream rather than a tree, so nothing is reordered or rounded
 * (a 20-digit id stays a 20-digit id), and several top-level values (JSON lines) come out one after
 * another. Text that is not JSON gives null, and the caller shows it as it is.
 *
 * <pre>{@code
 * JsonFormatter.format("{\"a\":[1,2]}", false);
 * // {
 * //     "a": [
 * //         1,
 * //         2
 * //     ]
 * // }
 * }</pre>
 */
final class JsonFormatter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String INDENT = "    ";

    private JsonFormatter() {}

    /** The formatted JSON, in colour when {@code colours}, or null when {@code text} is not JSON. */
    static String format(String text, boolean colours) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        try (JsonParser parser = FACTORY.createParser(text)) {
            int depth = 0;
            boolean first = true;   // the next value is the first in its container
            boolean afterName = false;
            boolean any = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                any = true;
                boolean closing = token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY;
                if (closing) {
                    depth--;
                    if (!first) {
                        newline(out, depth);
                    }
                    out.append(token == JsonToken.END_OBJECT ? '}' : ']');
                    first = false;
                    if (depth == 0) {
                        out.append('\n');
                    }
                    continue;
                }
                if (!afterName) {
                    if (depth > 0) {
                        if (!first) {
                            out.append(',');
                        }
                        newline(out, depth);
                    }
                }
                afterName = false;
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        out.append(token == JsonToken.START_OBJECT ? '{' : '[');
                        depth++;
                        first = true;
                        continue;
                    }
                    case FIELD_NAME -> {
                        paint(out, Ansi.JSON_KEY, quote(parser.currentName()), colours);
                        out.append(": ");
                        afterName = true;
                        continue;
                    }
                    case VALUE_STRING -> paint(out, Ansi.JSON_STRING, quote(parser.getText()), colours);
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> paint(out, Ansi.JSON_NUMBER, parser.getText(), colours);
                    case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> paint(out, Ansi.JSON_LITERAL, parser.getText(), colours);
                    default -> {
                        return null;
                    }
                }
                first = false;
                if (depth == 0) {
                    out.append('\n');
                }
            }
            return any && depth == 0 ? out.toString() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void newline(StringBuilder out, int depth) {
        out.append('\n');
        out.append(INDENT.repeat(depth));
    }

    private static String quote(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }

    private static void paint(StringBuilder out, String colour, String text, boolean colours) {
        if (colours) {
            out.append(colour).append(text).append(Ansi.RESET);
        } else {
            out.append(text);
        }
    }
}
