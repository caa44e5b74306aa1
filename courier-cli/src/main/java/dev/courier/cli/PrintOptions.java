package dev.courier.cli;

/**
 * Which parts of the exchange the command prints, in httpie's letters: {@code H} request headers,
 * {@code B} request body, {@code h} response headers, {@code b} response body.
 *
 * <pre>{@code
 * PrintOptions.parse("Hh");   // request and response headers, no bodies
 * PrintOptions.VERBOSE;       // HBhb, what -v prints
 * }</pre>
 *
 * @param requestHeaders H
 * @param requestBody B
 * @param responseHeaders h
 * @param responseBody b
 */
record PrintOptions(boolean requestHeaders, boolean requestBody, boolean responseHeaders, boolean responseBody) {
    static final PrintOptions VERBOSE = new PrintOptions(true, true, true, true);
    static final PrintOptions HEADERS = new PrintOptions(false, false, true, false);
    static final PrintOptions BODY = new PrintOptions(false, false, false, true);
    static final PrintOptions HEADERS_AND_BODY = new PrintOptions(false, false, true, true);
    static final PrintOptions NOTHING = new PrintOptions(false, false, false, false);

    /**
     * Reads a {@code --print} value.
     *
     * @throws UsageException for a letter other than H, B, h and b
     */
    static PrintOptions parse(String letters) {
        for (char c : letters.toCharArray()) {
            if ("HBhb".indexOf(c) < 0) {
                throw new UsageException("--print takes the letters H, B, h and b (request headers, request body, "
                        + "response headers, response body), not '" + c + "'");
            }
        }
        return new PrintOptions(letters.indexOf('H') >= 0, letters.indexOf('B') >= 0,
                letters.indexOf('h') >= 0, letters.indexOf('b') >= 0);
    }
}
