package dev.courier.cli;

/**
 * ANSI styling for the demo's text on a terminal, and none elsewhere (the response printer uses
 * {@link Ansi}'s colours directly): the same calls print plain text to a
 * pipe, a file or a terminal with {@code NO_COLOR} set.
 *
 * <pre>{@code
 * Style style = Style.forStdout();
 * System.out.println(style.bold("1. GET") + " " + style.status(200, "200 OK"));
 * }</pre>
 */
final class Style {
    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    /** Styles when standard output is a terminal that welcomes colours. */
    static Style forStdout() {
        return new Style(Terminal.colours());
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

    /** A status, bold, in the colour of its class ({@link Ansi#forStatus}). */
    String status(int code, String text) {
        return enabled ? "\u001b[1m" + Ansi.forStatus(code) + text + Ansi.RESET : text;
    }

    /** The arrow that starts a result line. */
    String arrow() {
        return enabled ? wrap("2", "\u2192") : "->";
    }

    private String wrap(String code, String text) {
        return enabled ? "\u001b[" + code + "m" + text + Ansi.RESET : text;
    }
}
