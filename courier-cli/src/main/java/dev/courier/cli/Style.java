package dev.courier.cli;

/**
 * ANSI styling for text on a terminal, and none elsewhere: the same calls print plain text to a
 * pipe, a file or a terminal with {@code NO_COLOR} set.
 *
 * <pre>{@code
 * Style style = Style.forStdout();
 * System.out.println(style.bold("1. GET") + " " + style.status(200, "200 OK"));
 * }</pre>
 */
final class Style {
    private static final String RESET = "\u001b[0m";

    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    /** Styles when standard output is a terminal that welcomes colours. */
    static Style forStdout() {
        return new Style(Terminal.colours());
    }

    /** Plain text always. */
    static Style plain() {
        return new Style(false);
    }

    static Style of(boolean enabled) {
        return new Style(enabled);
    }

    boolean enabled() {
        return enabled;
    }

    String bold(String text) {
        return wrap("1", text);
    }

    String dim(String text) {
        return wrap("2", text);
    }

    String green(String text) {
        return wrap("32", text);
    }

    String yellow(String text) {
        return wrap("33", text);
    }

    String red(String text) {
        return wrap("31", text);
    }

    String cyan(String text) {
        return wrap("36", text);
    }

    String blue(String text) {
        return wrap("34", text);
    }

    /** A status in the colour of its class: green 2xx, cyan 1xx, yellow 3xx, red 4xx and 5xx. */
    String status(int code, String text) {
        if (code >= 400) return bold(red(text));
        if (code >= 300) return bold(yellow(text));
        if (code >= 200) return bold(green(text));
        return bold(cyan(text));
    }

    /** The arrow that starts a result line. */
    String arrow() {
        return enabled ? wrap("2", "\u2192") : "->";
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
