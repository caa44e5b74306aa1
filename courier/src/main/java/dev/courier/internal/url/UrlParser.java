package dev.courier.internal.url;

import dev.courier.InvalidUrlException;
import dev.courier.internal.SafeText;
import java.util.Locale;

/**
 * The WHATWG basic URL parser: a state machine over the input's code points that fills a
 * {@link UrlRecord}, resolving against a base when one is given.
 *
 * <p>It follows the URL Standard's states for special and non-special schemes, with two deliberate
 * differences: {@code file:} URLs are rejected, and an ASCII tab, CR, LF or NUL inside the input is
 * rejected instead of being silently removed (see {@link UrlInput}). State overrides (the standard's
 * setters) are reduced to the one Courier needs, replacing the path.
 *
 * <pre>{@code
 * UrlRecord base = UrlParser.parse("http://a/b/c/d;p?q", null);
 * UrlParser.parse("../g", base).href();   // "http://a/b/g"
 * UrlParser.parse("/x", null);            // InvalidUrlException: no scheme
 * }</pre>
 */
public final class UrlParser {
    private static final int EOF = -1;

    private enum State {
        SCHEME_START, SCHEME, NO_SCHEME, SPECIAL_RELATIVE_OR_AUTHORITY, PATH_OR_AUTHORITY, RELATIVE,
        RELATIVE_SLASH, SPECIAL_AUTHORITY_SLASHES, SPECIAL_AUTHORITY_IGNORE_SLASHES, AUTHORITY, HOST, PORT,
        PATH_START, PATH, OPAQUE_PATH, QUERY, FRAGMENT
    }

    private final String input;
    private final int[] cps;
    private final UrlRecord base;
    private final UrlRecord url;
    /** Set when only the path is parsed (a path setter): '?' and '#' are then path characters. */
    private final boolean pathOnly;
    private final StringBuilder buffer = new StringBuilder();
    // Components built code point by code point live here until the end, so long inputs stay linear.
    private StringBuilder username;
    private StringBuilder password;
    private StringBuilder opaquePath;
    private StringBuilder fragment;
    private State state;
    private int pointer;
    private boolean atSignSeen;
    private boolean insideBrackets;
    private boolean passwordTokenSeen;

    private UrlParser(String input, String trimmed, UrlRecord base, UrlRecord url, boolean pathOnly, State start) {
        this.input = input;
        this.cps = UrlInput.codePoints(trimmed);
        this.base = base;
        this.url = url;
        this.pathOnly = pathOnly;
        this.state = start;
    }

    /**
     * Parses {@code input}, relative to {@code base} when it is not null.
     *
     * @throws InvalidUrlException with a reason a person can act on
     */
    public static UrlRecord parse(String input, UrlRecord base) {
        UrlRecord canonical = CanonicalUrl.parse(input);
        if (canonical != null) {
            return canonical;
        }
        return parseFully(input, base);
    }

    /** {@link #parse} without the fast path: the state machine for every input. */
    static UrlRecord parseFully(String input, UrlRecord base) {
        String trimmed = UrlInput.trimAndCheck(input);
        UrlParser parser = new UrlParser(input, trimmed, base, new UrlRecord(), false, State.SCHEME_START);
        parser.run();
        return parser.url;
    }

    /** Replaces the (already cleared) path of {@code url} by parsing {@code rawPath} as the path setter does. */
    static void parsePath(UrlRecord url, String rawPath) {
        new UrlParser(rawPath, rawPath, null, url, true, State.PATH_START).run();
    }

    private void run() {
        for (pointer = 0; ; pointer++) {
            int c = pointer >= 0 && pointer < cps.length ? cps[pointer] : EOF;
            step(c);
            if (pointer >= cps.length) {
                break;
            }
        }
        if (username != null) {
            url.username = username.toString();
            url.password = password.toString();
        }
        if (opaquePath != null) {
            url.opaquePath = opaquePath.toString();
        }
        if (fragment != null) {
            url.fragment = fragment.toString();
        }
    }

    private void step(int c) {
        switch (state) {
            case SCHEME_START -> schemeStart(c);
            case SCHEME -> scheme(c);
            case NO_SCHEME -> noScheme(c);
            case SPECIAL_RELATIVE_OR_AUTHORITY -> {
                if (c == '/' && remainingStartsWith('/')) {
                    state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                    pointer++;
                } else {
                    state = State.RELATIVE;
                    pointer--;
                }
            }
            case PATH_OR_AUTHORITY -> {
                if (c == '/') {
                    state = State.AUTHORITY;
                } else {
                    state = State.PATH;
                    pointer--;
                }
            }
            case RELATIVE -> relative(c);
            case RELATIVE_SLASH -> relativeSlash(c);
            case SPECIAL_AUTHORITY_SLASHES -> {
                state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
                if (c == '/' && remainingStartsWith('/')) {
                    pointer++;
                } else {
                    pointer--;
                }
            }
            case SPECIAL_AUTHORITY_IGNORE_SLASHES -> {
                if (c != '/' && c != '\\') {
                    state = State.AUTHORITY;
                    pointer--;
                }
            }
            case AUTHORITY -> authority(c);
            case HOST -> host(c);
            case PORT -> port(c);
            case PATH_START -> pathStart(c);
            case PATH -> path(c);
            case OPAQUE_PATH -> opaquePath(c);
            case QUERY -> query(c);
            case FRAGMENT -> {
                if (c != EOF) {
                    PercentEncoding.appendEncoded(fragment, c, PercentEncoding.Set.FRAGMENT);
                }
            }
        }
    }

    private void schemeStart(int c) {
        if (Schemes.isAsciiAlpha(c)) {
            buffer.append(Character.toLowerCase((char) c));
            state = State.SCHEME;
        } else {
            state = State.NO_SCHEME;
            pointer--;
        }
    }

    private void scheme(int c) {
        if (c != EOF && Schemes.isSchemeChar(c)) {
            buffer.append(Character.toLowerCase((char) c));
        } else if (c == ':') {
            url.scheme = buffer.toString();
            buffer.setLength(0);
            if (url.scheme.equals("file")) {
                throw fail("file: URLs are not supported");
            }
            if (url.isSpecial()) {
                boolean sameAsBase = base != null && base.scheme.equals(url.scheme);
                state = sameAsBase ? State.SPECIAL_RELATIVE_OR_AUTHORITY : State.SPECIAL_AUTHORITY_SLASHES;
            } else if (remainingStartsWith('/')) {
                state = State.PATH_OR_AUTHORITY;
                pointer++;
            } else {
                opaquePath = new StringBuilder();
                state = State.OPAQUE_PATH;
            }
        } else {
            // Not a scheme after all ("a/b", "localhost"): start over as a relative reference.
            buffer.setLength(0);
            state = State.NO_SCHEME;
            pointer = -1;
        }
    }

    private void noScheme(int c) {
        if (base == null) {
            throw fail("no scheme");
        }
        if (base.opaquePath != null) {
            if (c != '#') {
                throw fail("relative reference against a URL with an opaque path");
            }
            url.scheme = base.scheme;
            opaquePath = new StringBuilder(base.opaquePath);
            url.query = base.query;
            fragment = new StringBuilder();
            state = State.FRAGMENT;
        } else {
            state = State.RELATIVE;
            pointer--;
        }
    }

    private void relative(int c) {
        url.scheme = base.scheme;
        if (c == '/' || (url.isSpecial() && c == '\\')) {
            state = State.RELATIVE_SLASH;
            return;
        }
        copyAuthorityFromBase();
        url.path.addAll(base.path);
        url.query = base.query;
        if (c == '?') {
            url.query = "";
            state = State.QUERY;
        } else if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
        } else if (c != EOF) {
            url.query = null;
            shortenPath();
            state = State.PATH;
            pointer--;
        }
    }

    private void relativeSlash(int c) {
        if (url.isSpecial() && (c == '/' || c == '\\')) {
            state = State.SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c == '/') {
            state = State.AUTHORITY;
        } else {
            copyAuthorityFromBase();
            state = State.PATH;
            pointer--;
        }
    }

    private void copyAuthorityFromBase() {
        url.username = base.username;
        url.password = base.password;
        url.host = base.host;
        url.port = base.port;
    }

    private void authority(int c) {
        if (c == '@') {
            // Every '@' moves what came before it into the userinfo, so the host follows the last '@'.
            if (atSignSeen) {
                buffer.insert(0, "%40");
            }
            if (!atSignSeen) {
                username = new StringBuilder();
                password = new StringBuilder();
            }
            atSignSeen = true;
            buffer.codePoints().forEach(cp -> {
                if (cp == ':' && !passwordTokenSeen) {
                    passwordTokenSeen = true;
                } else {
                    PercentEncoding.appendEncoded(passwordTokenSeen ? password : username, cp, PercentEncoding.Set.USERINFO);
                }
            });
            buffer.setLength(0);
        } else if (endsAuthority(c)) {
            if (atSignSeen && buffer.length() == 0) {
                throw fail("empty host (nothing after the '@')");
            }
            pointer -= buffer.codePointCount(0, buffer.length()) + 1;
            buffer.setLength(0);
            state = State.HOST;
        } else {
            buffer.appendCodePoint(c);
        }
    }

    private void host(int c) {
        if (c == ':' && !insideBrackets) {
            if (buffer.length() == 0) {
                throw fail("empty host");
            }
            url.host = HostParser.parse(buffer.toString(), !url.isSpecial(), input);
            buffer.setLength(0);
            state = State.PORT;
        } else if (endsAuthority(c)) {
            pointer--;
            if (url.isSpecial() && buffer.length() == 0) {
                throw fail("empty host");
            }
            url.host = HostParser.parse(buffer.toString(), !url.isSpecial(), input);
            buffer.setLength(0);
            state = State.PATH_START;
        } else {
            if (c == '[') {
                insideBrackets = true;
            } else if (c == ']') {
                insideBrackets = false;
            }
            buffer.appendCodePoint(c);
        }
    }

    private void port(int c) {
        if (c >= '0' && c <= '9') {
            buffer.append((char) c);
        } else if (endsAuthority(c)) {
            if (buffer.length() != 0) {
                int zeros = 0;
                while (zeros < buffer.length() - 1 && buffer.charAt(zeros) == '0') {
                    zeros++;
                }
                String digits = buffer.substring(zeros);
                int port = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
                if (port > 65535) {
                    throw fail("port out of range: " + (digits.length() > 12 ? digits.substring(0, 12) + "..." : digits));
                }
                url.port = port == url.defaultPort() ? -1 : port;
                buffer.setLength(0);
            }
            state = State.PATH_START;
            pointer--;
        } else {
            throw fail("invalid port: unexpected " + SafeText.character(c));
        }
    }

    private boolean endsAuthority(int c) {
        return c == EOF || c == '/' || c == '?' || c == '#' || (c == '\\' && url.isSpecial());
    }

    private void pathStart(int c) {
        if (url.isSpecial()) {
            state = State.PATH;
            if (c != '/' && c != '\\') {
                pointer--;
            }
        } else if (!pathOnly && c == '?') {
            url.query = "";
            state = State.QUERY;
        } else if (!pathOnly && c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
        } else if (c != EOF) {
            state = State.PATH;
            if (c != '/') {
                pointer--;
            }
        } else if (pathOnly && url.host == null) {
            url.path.add("");
        }
    }

    private void path(int c) {
        boolean slash = c == '/' || (c == '\\' && url.isSpecial());
        if (c == EOF || slash || (!pathOnly && (c == '?' || c == '#'))) {
            String segment = buffer.toString();
            if (isDoubleDot(segment)) {
                shortenPath();
                if (!slash) {
                    url.path.add("");
                }
            } else if (isSingleDot(segment)) {
                if (!slash) {
                    url.path.add("");
                }
            } else {
                url.path.add(segment);
            }
            buffer.setLength(0);
            if (c == '?') {
                url.query = "";
                state = State.QUERY;
            } else if (c == '#') {
                fragment = new StringBuilder();
                state = State.FRAGMENT;
            }
        } else {
            PercentEncoding.appendEncoded(buffer, c, PercentEncoding.Set.PATH);
        }
    }

    private void opaquePath(int c) {
        if (c == '?') {
            url.query = "";
            state = State.QUERY;
        } else if (c == '#') {
            fragment = new StringBuilder();
            state = State.FRAGMENT;
        } else if (c != EOF) {
            PercentEncoding.appendEncoded(opaquePath, c, PercentEncoding.Set.C0_CONTROL);
        }
    }

    private void query(int c) {
        if (c == EOF || c == '#') {
            PercentEncoding.Set set = url.isSpecial() ? PercentEncoding.Set.SPECIAL_QUERY : PercentEncoding.Set.QUERY;
            url.query = url.query + PercentEncoding.encode(buffer.toString(), set);
            buffer.setLength(0);
            if (c == '#') {
                fragment = new StringBuilder();
                state = State.FRAGMENT;
            }
        } else {
            buffer.appendCodePoint(c);
        }
    }

    private void shortenPath() {
        if (!url.path.isEmpty()) {
            url.path.remove(url.path.size() - 1);
        }
    }

    private boolean remainingStartsWith(char c) {
        return pointer + 1 < cps.length && cps[pointer + 1] == c;
    }

    // The standard recognises percent-encoded dots too, so "%2e%2E" climbs a level as ".." does.
    private static boolean isSingleDot(String segment) {
        return segment.equals(".") || segment.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String segment) {
        String lower = segment.toLowerCase(Locale.ROOT);
        return lower.equals("..") || lower.equals(".%2e") || lower.equals("%2e.") || lower.equals("%2e%2e");
    }

    private InvalidUrlException fail(String reason) {
        return new InvalidUrlException(input, reason);
    }
}
