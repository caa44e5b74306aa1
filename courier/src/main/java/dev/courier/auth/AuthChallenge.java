package dev.courier.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} field (RFC 9110 §11.6.1): a scheme and either
 * parameters or a token68. {@link #parse} reads every challenge of every field value, handling
 * quoted strings with escapes and commas inside quotes, and several challenges in one field.
 *
 * <pre>{@code
 * AuthChallenge.parse(List.of("Basic realm=\"a, b\", Digest realm=\"x\", nonce=\"n\""));
 * // [Basic {realm=a, b}, Digest {realm=x, nonce=n}]
 * }</pre>
 */
record AuthChallenge(String scheme, Map<String, String> params, String token68, boolean malformed) {

    /** The value of parameter {@code name} (any case), or null. */
    String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Every challenge in these field values, in order. A challenge that breaks the syntax (an
     * unterminated quote, a control character, a repeated parameter) comes back with
     * {@code malformed} set; parsing of that field value stops there.
     */
    static List<AuthChallenge> parse(List<String> fieldValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String value : fieldValues) {
            new Parser(value).parseInto(out);
        }
        return out;
    }

    /** Signals a syntax error at the current position. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void parseInto(List<AuthChallenge> out) {
            while (true) {
                skipSeparators();
                if (pos >= s.length()) {
                    return;
                }
                String scheme = token();
                if (scheme.isEmpty()) {
                    return;   // junk where a scheme should be: nothing usable follows
                }
                Map<String, String> params = new LinkedHashMap<>();
                boolean[] duplicate = {false};
                try {
                    String token68 = body(params, duplicate);
                    out.add(new AuthChallenge(scheme, Collections.unmodifiableMap(params), token68, duplicate[0]));
                } catch (SyntaxError e) {
                    out.add(new AuthChallenge(scheme, Collections.unmodifiableMap(params), null, true));
                    return;
                }
            }
        }

        /** Reads what follows a scheme: returns a token68, or fills {@code params} and returns null. */
        private String body(Map<String, String> params, boolean[] duplicate) {
            int afterScheme = pos;
            skipWhitespace();
            if (pos >= s.length() || s.charAt(pos) == ',') {
                return null;   // a scheme alone
            }
            if (pos == afterScheme) {
                throw new SyntaxError();   // the scheme must be followed by a space
            }
            int token68End = token68End(pos);
            if (token68End >= 0) {
                String token68 = s.substring(pos, token68End).strip();
                pos = token68End;
                return token68;
            }
            while (true) {
                int itemStart = pos;
                String name = token();
                if (name.isEmpty()) {
                    throw new SyntaxError();
                }
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    if (params.isEmpty()) {
                        throw new SyntaxError();
                    }
                    pos = itemStart;   // the next challenge's scheme
                    return null;
                }
                pos++;
                skipWhitespace();
                String value = pos < s.length() && s.charAt(pos) == '"' ? quoted() : bareValue();
                if (params.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    duplicate[0] = true;
                }
                skipWhitespace();
                if (pos >= s.length()) {
                    return null;
                }
                if (s.charAt(pos) != ',') {
                    throw new SyntaxError();
                }
                skipSeparators();
                if (pos >= s.length()) {
                    return null;
                }
            }
        }

        /** The end of a token68 starting at {@code from} that ends its challenge, or -1. */
        private int token68End(int from) {
            int i = from;
            while (i < s.length() && isToken68Char(s.charAt(i))) {
                i++;
            }
            if (i == from) {
                return -1;
            }
            while (i < s.length() && s.charAt(i) == '=') {
                i++;
            }
            int end = i;
            while (i < s.length() && isWhitespace(s.charAt(i))) {
                i++;
            }
            return i == s.length() || s.charAt(i) == ',' ? end : -1;
        }

        /** A quoted-string, unescaped; controls other than HTAB are refused. */
        private String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;   // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    c = s.charAt(pos++);
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new SyntaxError();
                }
                out.append(c);
            }
            throw new SyntaxError();   // unterminated
        }

        /** An unquoted value: a token, leniently anything up to a comma or whitespace. */
        private String bareValue() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' || isWhitespace(c) || c == '"' || c < 0x20 || c == 0x7f) {
                    break;
                }
                pos++;
            }
            if (pos == start) {
                throw new SyntaxError();
            }
            return s.substring(start, pos);
        }

        private String token() {
            int start = pos;
            while (pos < s.length() && isTokenChar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private void skipWhitespace() {
            while (pos < s.length() && isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private void skipSeparators() {
            while (pos < s.length() && (isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) {
                pos++;
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken68Char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~+/".indexOf(c) >= 0;
    }
}
