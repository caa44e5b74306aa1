package dev.courier.cli;

/**
 * The ANSI colours the command paints with on a terminal, in one place so the palette stays
 * consistent (close to httpie's default style on a dark or light background).
 *
 * <pre>{@code
 * out.print(Ansi.HEADER_NAME + "Content-Type" + Ansi.RESET + ": application/json");
 * }</pre>
 */
final class Ansi {
    static final String RESET = "\u001b[0m";
    static final String PROTOCOL = "\u001b[34m";          // blue
    static final String STATUS_OK = "\u001b[32m";         // green: 1xx, 2xx
    static final String STATUS_REDIRECT = "\u001b[33m";   // yellow: 3xx
    static final String STATUS_ERROR = "\u001b[31m";      // red: 4xx, 5xx
    static final String METHOD = "\u001b[32m";            // green
    static final String TARGET = "\u001b[36m";            // cyan
    static final String HEADER_NAME = "\u001b[36m";       // cyan
    static final String JSON_KEY = "\u001b[34m";          // blue
    static final String JSON_STRING = "\u001b[33m";       // yellow
    static final String JSON_NUMBER = "\u001b[36m";       // cyan
    static final String JSON_LITERAL = "\u001b[35m";      // magenta: true, false, null
    static final String NOTE = "\u001b[2m";               // dim

    private Ansi() {}

    /** The colour for a status code: green below 300, yellow for redirects, red for errors. */
    static String forStatus(int status) {
        return status >= 400 ? STATUS_ERROR : status >= 300 ? STATUS_REDIRECT : STATUS_OK;
    }
}
