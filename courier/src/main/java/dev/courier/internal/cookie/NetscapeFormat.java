package dev.courier.internal.cookie;

import dev.courier.Cookie;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Netscape {@code cookies.txt} format, as curl ({@code -c} / {@code -b}), wget and browser
 * export extensions read and write it: comment lines start with {@code #}, except that a
 * {@code #HttpOnly_} prefix on the domain marks an HttpOnly cookie; each cookie is one line of seven
 * tab-separated fields:
 * <pre>
 * domain  include-subdomains(TRUE/FALSE)  path  secure(TRUE/FALSE)  expiry(epoch s, 0 = session)  name  value
 * </pre>
 * A domain cookie is written {@code .example.com TRUE}, a host-only one {@code example.com FALSE};
 * a Courier cookie for any host has an empty domain field. Six fields (no value) are read as an
 * empty value, as curl does. Files are UTF-8.
 *
 * <pre>{@code
 * NetscapeFormat.write(Path.of("cookies.txt"), jar.cookies(), Instant.now());
 * List<Cookie> loaded = NetscapeFormat.read(Path.of("cookies.txt"), Instant.now());
 * }</pre>
 */
public final class NetscapeFormat {
    static final String HEADER = "# Netscape HTTP Cookie File";
    private static final String HTTP_ONLY_PREFIX = "#HttpOnly_";

    private NetscapeFormat() {}

    /**
     * Replaces {@code file} with these cookies (expired ones left out), through a temporary file in
     * the same directory (created owner-only where the file system supports it) moved into place.
     */
    public static void write(Path file, Iterable<Cookie> cookies, Instant now) {
        StringBuilder out = new StringBuilder(HEADER).append('\n')
                .append("# Written by Courier. Fields: domain, include subdomains, path, secure,")
                .append(" expiry (epoch seconds, 0 = session), name, value.\n\n");
        for (Cookie c : cookies) {
            if (c.expiresAt() != null && !c.expiresAt().isAfter(now)) {
                continue;
            }
            boolean subdomains = !c.hostOnly();
            if (c.httpOnly()) {
                out.append(HTTP_ONLY_PREFIX);
            }
            out.append(subdomains && !c.domain().isEmpty() ? "." : "").append(c.domain()).append('\t')
                    .append(subdomains ? "TRUE" : "FALSE").append('\t')
                    .append(c.path()).append('\t')
                    .append(c.secure() ? "TRUE" : "FALSE").append('\t')
                    .append(c.expiresAt() == null ? 0 : Math.max(1, c.expiresAt().getEpochSecond())).append('\t')
                    .append(c.name()).append('\t')
                    .append(c.value()).append('\n');
        }
        Path target = file.toAbsolutePath();
        try {
            Path dir = target.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
            try {
                try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    w.write(out.toString());
                }
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the cookie file " + file, e);
        }
    }

    /**
     * The unexpired cookies in {@code file}, in file order.
     *
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException for a malformed line, naming the file and the line number
     */
    public static List<Cookie> read(Path file, Instant now) {
        List<Cookie> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNumber++;
                Cookie c = parseLine(line, file, lineNumber, now);
                if (c != null) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cookie file " + file, e);
        }
        return out;
    }

    private static Cookie parseLine(String line, Path file, int lineNumber, Instant now) {
        if (line.isBlank()) {
            return null;
        }
        boolean httpOnly = false;
        if (line.startsWith(HTTP_ONLY_PREFIX)) {
            httpOnly = true;
            line = line.substring(HTTP_ONLY_PREFIX.length());
        } else if (line.startsWith("#")) {
            return null;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 7 && f.length != 6) {
            throw malformed(file, lineNumber, "expected 7 tab-separated fields, found " + f.length);
        }
        boolean subdomains = flag(f[1], "include-subdomains", file, lineNumber);
        boolean secure = flag(f[3], "secure", file, lineNumber);
        long expiry;
        try {
            expiry = Long.parseLong(f[4].strip());
        } catch (NumberFormatException e) {
            throw malformed(file, lineNumber, "the expiry is not a number of seconds");
        }
        Instant expiresAt = expiry == 0 ? null : Instant.ofEpochSecond(
                Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), expiry)));
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return null;
        }
        String name = f[5];
        String value = f.length == 7 ? f[6] : "";
        if (CookiePolicy.tooLarge(name, value)) {
            return null;
        }
        String domain = DomainMatching.canonicalDomain(f[0].strip());
        try {
            return Cookie.builder(name, value)
                    .domain(domain)
                    .hostOnly(!subdomains && !domain.isEmpty())
                    .path(f[2])
                    .secure(secure)
                    .httpOnly(httpOnly)
                    .expiresAt(expiresAt)
                    .createdAt(now)
                    .build();
        } catch (IllegalArgumentException e) {
            throw malformed(file, lineNumber, e.getMessage());
        }
    }

    private static boolean flag(String text, String what, Path file, int lineNumber) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.equals("TRUE")) {
            return true;
        }
        if (t.equals("FALSE")) {
            return false;
        }
        throw malformed(file, lineNumber, "the " + what + " flag must be TRUE or FALSE");
    }

    private static IllegalArgumentException malformed(Path file, int lineNumber, String reason) {
        return new IllegalArgumentException("Malformed cookie file " + file + " line " + lineNumber + ": " + reason);
    }
}
