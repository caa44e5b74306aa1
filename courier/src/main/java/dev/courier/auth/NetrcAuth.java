package dev.courier.auth;

import dev.courier.Request;
import dev.courier.Response;
import dev.courier.internal.Environment;
import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Basic credentials looked up per request host in a netrc file, as curl, httpx and ftp do.
 *
 * <p>The file is the one named by the {@code NETRC} environment variable, else {@code ~/.netrc}
 * ({@code user.home}), or one you name. It is read once, when the auth is created; a missing file
 * is an {@link IllegalArgumentException} naming the path. The format is a sequence of
 * whitespace-separated tokens: {@code machine NAME} starts an entry, {@code default} starts the
 * entry for every other host, and {@code login}, {@code password} (and the ignored
 * {@code account}) fill the current entry; {@code macdef NAME} and the lines after it up to a
 * blank line are skipped, {@code #} starts a comment to the end of the line, and a token may be
 * double-quoted with backslash escapes.
 *
 * <p>For each request, the entry whose machine equals the URL's host (case-insensitive; the ASCII
 * form of international names) is used, else the {@code default} entry when the file has one. An
 * entry with a login sends {@code Authorization: Basic} (UTF-8, an absent password meaning the
 * empty one); with no entry, or one without a login, the request is sent as is. A request that
 * already carries an {@code Authorization} header keeps it. The lookup uses the host only, and the
 * header is added once, before redirects: the client removes it on a redirect that leaves the
 * origin, so one host's credentials never reach another. Instances are immutable and thread-safe;
 * {@link #toString()} shows no login or password.
 *
 * <pre>{@code
 * // ~/.netrc:  machine api.example.com login alice password s3cret
 * AsyncClient client = AsyncClient.builder().auth(Auth.netrc()).build();
 * client.get("https://api.example.com/me").join();   // Authorization: Basic YWxpY2U6czNjcmV0
 * }</pre>
 */
public final class NetrcAuth implements Auth {
    private final Path file;
    private final List<Entry> machines;
    private final Entry fallback;

    /**
     * Reads {@code file}; use {@link Auth#netrc(Path)}.
     *
     * @throws IllegalArgumentException when the file cannot be read (the message names it), or an
     *     entry's login contains ':'
     */
    NetrcAuth(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No netrc file at " + file, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the netrc file " + file + ": " + e, e);
        }
        List<Entry> entries = new Parser(text).entries();
        List<Entry> named = new ArrayList<>();
        Entry defaultEntry = null;
        for (Entry e : entries) {
            if (e.login != null) {
                try {
                    BasicAuth.requireUser(e.login);
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("In the netrc file " + file + ", the login for "
                            + (e.machine == null ? "the default entry" : "machine " + e.machine)
                            + " cannot be sent with Basic auth: " + bad.getMessage(), bad);
                }
            }
            if (e.machine != null) {
                named.add(e);
            } else if (defaultEntry == null) {
                defaultEntry = e;
            }
        }
        this.machines = List.copyOf(named);
        this.fallback = defaultEntry;
    }

    /** Reads the file {@code environment} names in NETRC, else {@code ~/.netrc}; tests pass their own. */
    NetrcAuth(Environment environment) {
        this(locate(environment, Path.of(System.getProperty("user.home", ""))));
    }

    /** The netrc path: {@code NETRC} when set and not blank, else {@code home/.netrc}. */
    static Path locate(Environment environment, Path home) {
        String named = environment.get("NETRC");
        return named != null && !named.isBlank() ? Path.of(named) : home.resolve(".netrc");
    }

    /**
     * Sends {@code request} once, with Basic credentials from the entry for its host, if any.
     *
     * <pre>{@code
     * Response r = Auth.netrc().authenticate(request, transport::send).join();
     * }</pre>
     */
    @Override
    public CompletableFuture<Response> authenticate(Request request, Sender next) {
        Entry entry = entryFor(request.url().host());
        if (entry == null || entry.login == null || request.headers().contains("Authorization")) {
            return next.send(request);
        }
        String password = entry.password == null ? "" : entry.password;
        return next.send(request.withHeader("Authorization", BasicAuth.header(entry.login, password)));
    }

    /**
     * The netrc file this auth was read from.
     *
     * <pre>{@code
     * Auth.netrc().file();   // /home/alice/.netrc
     * }</pre>
     */
    public Path file() {
        return file;
    }

    /**
     * {@code NetrcAuth[file=/home/alice/.netrc, machines=3, default=true]}: no login or password.
     *
     * <pre>{@code
     * log.info("auth: {}", auth);   // safe to log
     * }</pre>
     */
    @Override
    public String toString() {
        return "NetrcAuth[file=" + file + ", machines=" + machines.size() + ", default=" + (fallback != null) + "]";
    }

    /** The entry for {@code host}: the first machine equal to it, else the default one, else null. */
    Entry entryFor(String host) {
        String wanted = normalize(host);
        for (Entry e : machines) {
            if (normalize(e.machine).equals(wanted)) {
                return e;
            }
        }
        return fallback;
    }

    private static String normalize(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        try {
            h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException notAName) {
            // Not a valid host name (an IPv6 literal, say): compare it as written.
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** One entry: {@code machine} is null for {@code default}; login and password may be absent. */
    static final class Entry {
        final String machine;
        String login;
        String password;

        Entry(String machine) {
            this.machine = machine;
        }

        /** The machine name, or null for the default entry. */
        String machine() {
            return machine;
        }

        /** The login, or null. */
        String login() {
            return login;
        }

        /** The password, or null. */
        String password() {
            return password;
        }
    }

    /** The netrc tokenizer and grammar. */
    static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        /** Every entry, in file order. */
        List<Entry> entries() {
            List<Entry> out = new ArrayList<>();
            Entry current = null;
            String token;
            while ((token = next()) != null) {
                switch (token) {
                    case "machine" -> {
                        String name = next();
                        current = name == null ? null : new Entry(name);
                        if (current != null) {
                            out.add(current);
                        }
                    }
                    case "default" -> {
                        current = new Entry(null);
                        out.add(current);
                    }
                    case "login" -> {
                        String value = next();
                        if (current != null && value != null) {
                            current.login = value;
                        }
                    }
                    case "password" -> {
                        String value = next();
                        if (current != null && value != null) {
                            current.password = value;
                        }
                    }
                    case "account" -> next();
                    case "macdef" -> {
                        next();   // the macro's name
                        skipMacro();
                    }
                    default -> {
                        // An unknown token: ignored, as curl does.
                    }
                }
            }
            return out;
        }

        /** The next token, or null at the end; comments are skipped, quoted tokens unescaped. */
        private String next() {
            while (true) {
                while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                    pos++;
                }
                if (pos >= s.length()) {
                    return null;
                }
                if (s.charAt(pos) != '#') {
                    break;
                }
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    pos++;
                }
            }
            if (s.charAt(pos) == '"') {
                return quoted();
            }
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                    c = switch (c) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> c;
                    };
                }
                out.append(c);
            }
            return out.toString();
        }

        /** Skips the rest of the macdef line and the macro's lines, up to and including a blank line. */
        private void skipMacro() {
            skipLine();
            while (pos < s.length()) {
                int lineStart = pos;
                skipLine();
                if (s.substring(lineStart, pos).isBlank()) {
                    return;
                }
            }
        }

        private void skipLine() {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
            if (pos < s.length()) {
                pos++;
            }
        }
    }
}
