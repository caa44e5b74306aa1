package dev.courier.internal.cookie;

import dev.courier.Cookie;
import dev.courier.CookieJar;
import dev.courier.Cookies;
import dev.courier.Url;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@link CookieJar#none()}: a jar that keeps nothing and sends nothing. {@code save} writes a file
 * with the header only; {@code load} reads the file (so a malformed one still fails) and keeps none.
 *
 * <pre>{@code
 * CookieJar off = NoCookieJar.INSTANCE;
 * off.saveFromResponse(url, List.of("a=1"));
 * off.headerFor(url);   // null
 * }</pre>
 */
public final class NoCookieJar implements CookieJar {
    /** The one instance. */
    public static final NoCookieJar INSTANCE = new NoCookieJar();

    private NoCookieJar() {}

    @Override
    public void saveFromResponse(Url url, List<String> setCookieHeaders) {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public List<Cookie> loadForRequest(Url url) {
        Objects.requireNonNull(url, "url");
        return List.of();
    }

    @Override
    public Cookies cookies() {
        return Cookies.empty();
    }

    @Override
    public String get(String name) {
        return null;
    }

    @Override
    public String get(String name, String domain, String path) {
        return null;
    }

    @Override
    public void set(Cookie cookie) {
        Objects.requireNonNull(cookie, "cookie");
    }

    @Override
    public void delete(String name) {
        // nothing is stored
    }

    @Override
    public void delete(String name, String domain, String path) {
        // nothing is stored
    }

    @Override
    public void clear() {
        // nothing is stored
    }

    @Override
    public void save(Path file) {
        NetscapeFormat.write(Objects.requireNonNull(file, "file"), List.of(), Instant.now());
    }

    @Override
    public void load(Path file) {
        NetscapeFormat.read(Objects.requireNonNull(file, "file"), Instant.now());
    }

    @Override
    public String toString() {
        return "CookieJar.none()";
    }
}
