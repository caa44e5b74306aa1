package dev.courier.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.courier.Cookie;
import dev.courier.CookieJar;
import dev.courier.Url;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named session ({@code --session NAME}): the cookies, auth and custom headers kept between runs
 * in a JSON file, laid out as httpie lays out its sessions, so people find them where they expect.
 *
 * <p>The file is {@code $COURIER_CONFIG_DIR/sessions/HOST_PORT/NAME.json} ({@code COURIER_CONFIG_DIR}
 * defaults to {@code $XDG_CONFIG_HOME/courier}, else {@code ~/.config/courier}); a name with a
 * {@code /} is the file's path. The file is read before the request and written after it, readable by
 * its owner only (0600), since it holds credentials and session cookies.
 *
 * <pre>{@code
 * {
 *     "__meta__": {"about": "courier session file"},
 *     "auth": {"type": "basic", "raw_auth": "alice:s3cret"},
 *     "cookies": [{"name": "sid", "value": "42", "domain": "example.com", "path": "/",
 *                  "expires": 1767225600, "secure": true, "httpOnly": true, "hostOnly": true}],
 *     "headers": [{"name": "X-Api-Version", "value": "2"}]
 * }
 * }</pre>
 */
final class Session {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path file;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private final List<Cookie> cookies = new ArrayList<>();
    private Credentials auth;

    private Session(Path file) {
        this.file = file;
    }

    /**
     * The session file for {@code name} and {@code url}.
     *
     * @throws UsageException for a name that is neither a plain name nor a path
     */
    static Path fileFor(String name, Url url, Map<String, String> env) {
        if (name.contains("/")) {
            return Path.of(name.startsWith("~/") ? System.getProperty("user.home") + name.substring(1) : name);
        }
        if (!PLAIN_NAME.matcher(name).matches() || name.startsWith(".")) {
            throw new UsageException("--session takes a name of letters, digits, '_', '-' and '.', or a path "
                    + "with a '/': '" + name + "'");
        }
        String hostPort = url.host() + (url.hasDefaultPort() ? "" : "_" + url.port());
        return configDir(env).resolve("sessions").resolve(directoryName(hostPort)).resolve(name + ".json");
    }

    /**
     * {@code host_port} as one safe directory name: anything but letters, digits, {@code _}, {@code .}
     * and {@code -} becomes {@code _} (an IPv6 address's colons too), and a name of dots only
     * ({@code ..} is a host to {@code Url.parse("http://../x")}) becomes underscores, so the session
     * always stays under {@code sessions/}.
     */
    static String directoryName(String hostPort) {
        String name = hostPort.replaceAll("[^A-Za-z0-9_.-]", "_");
        return name.isEmpty() || name.chars().allMatch(c -> c == '.') ? "_".repeat(Math.max(1, name.length())) : name;
    }

    /** {@code $COURIER_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/courier}, else {@code ~/.config/courier}. */
    static Path configDir(Map<String, String> env) {
        String dir = env.get("COURIER_CONFIG_DIR");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "courier");
        }
        return Path.of(System.getProperty("user.home"), ".config", "courier");
    }

    /**
     * The session in {@code file}, or an empty one when the file does not exist yet.
     *
     * @throws UsageException when the file exists but is not a session file
     */
    static Session load(Path file) {
        Session session = new Session(file);
        if (!Files.exists(file)) {
            return session;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            JsonNode auth = root.path("auth");
            if (auth.hasNonNull("type") && auth.hasNonNull("raw_auth")) {
                session.auth = Credentials.of(auth.get("type").asText(), auth.get("raw_auth").asText());
            }
            for (JsonNode h : root.path("headers")) {
                session.headers.add(Map.entry(h.path("name").asText(), h.path("value").asText()));
            }
            for (JsonNode c : root.path("cookies")) {
                session.cookies.add(cookie(c));
            }
            return session;
        } catch (IOException | RuntimeException e) {
            throw new UsageException("the session file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Cookie cookie(JsonNode c) {
        Cookie.Builder b = Cookie.builder(c.path("name").asText(), c.path("value").asText())
                .domain(c.path("domain").asText(""))
                .path(c.path("path").asText("/"))
                .secure(c.path("secure").asBoolean(false))
                .httpOnly(c.path("httpOnly").asBoolean(false))
                .hostOnly(c.path("hostOnly").asBoolean(false) && !c.path("domain").asText("").isEmpty());
        if (c.hasNonNull("expires")) {
            b.expiresAt(Instant.ofEpochSecond(c.get("expires").asLong()));
        }
        if (c.hasNonNull("sameSite")) {
            b.sameSite(c.get("sameSite").asText());
        }
        return b.build();
    }

    /** The headers the session sends, before the command line's own. */
    List<Map.Entry<String, String>> headers() {
        return List.copyOf(headers);
    }

    /** The session's auth, or null. */
    Credentials auth() {
        return auth;
    }

    /** Puts the session's cookies into the jar the request will use. */
    void loadInto(CookieJar jar) {
        cookies.forEach(jar::set);
    }

    /**
     * Keeps a header the command line gave (a null value forgets it). As in httpie, headers that
     * describe one request's body or conditions ({@code Content-*}, {@code If-*}) are not kept.
     */
    void header(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-") || lower.startsWith("if-") || lower.equals("cookie") || lower.equals("host")) {
            return;
        }
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
    }

    /** Keeps these credentials. */
    void auth(Credentials credentials) {
        this.auth = credentials;
    }

    /** Replaces the kept cookies with the jar's (set, changed and deleted by the responses). */
    void cookiesFrom(CookieJar jar) {
        cookies.clear();
        jar.cookies().forEach(cookies::add);
    }

    /**
     * Writes the session file (0600), replacing it atomically so a failed write never leaves half a file.
     *
     * @throws IOException {@code cannot write the session file FILE: why}
     */
    void save() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("__meta__").put("about", "courier session file")
                .put("help", "cookies, auth and headers kept by courier --session");
        ObjectNode authNode = root.putObject("auth");
        authNode.put("type", auth == null ? null : auth.type());
        authNode.put("raw_auth", auth == null ? null : auth.raw());
        ArrayNode cookieArray = root.putArray("cookies");
        for (Cookie c : cookies) {
            ObjectNode n = cookieArray.addObject();
            n.put("name", c.name()).put("value", c.value()).put("domain", c.domain()).put("path", c.path());
            if (c.expiresAt() == null) {
                n.putNull("expires");
            } else {
                n.put("expires", c.expiresAt().getEpochSecond());
            }
            n.put("secure", c.secure()).put("httpOnly", c.httpOnly()).put("hostOnly", c.hostOnly());
            if (c.sameSite() != null) {
                n.put("sameSite", c.sameSite());
            }
        }
        ArrayNode headerArray = root.putArray("headers");
        headers.forEach(h -> headerArray.addObject().put("name", h.getKey()).put("value", h.getValue()));
        try {
            Path dir = file.toAbsolutePath().getParent();
            createPrivateDirectories(dir);
            Path temp = Files.createTempFile(dir, ".session-", ".tmp");
            restrictToOwner(temp, "rw-------");
            try {
                JSON.writeValue(temp.toFile(), root);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the session file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            createPrivateDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(dir);
            restrictToOwner(dir, "rwx------");
        } catch (FileAlreadyExistsException raced) {
            // another run made it first
        }
    }

    private static void restrictToOwner(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already
        }
    }
}
