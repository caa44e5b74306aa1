package dev.courier.internal.cookie;

import dev.courier.Cookie;
import dev.courier.CookieConflictException;
import dev.courier.CookieJar;
import dev.courier.Cookies;
import dev.courier.Url;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The default {@link CookieJar}: cookies in a map keyed by name, domain and path, guarded by one
 * lock (every operation is short; file I/O happens outside it).
 *
 * <p>Server cookies go through {@link SetCookieParser} and {@link CookiePolicy}; then, as RFC 6265
 * §5.3 step 11 says, a cookie replaces its namesake (keeping the creation time) and an expired one
 * only deletes. RFC 6265bis's "leave Secure cookies alone" applies: a non-Secure cookie from plain
 * http is ignored when it would shadow a Secure cookie of the same name. Limits: at most
 * {@value #MAX_PER_DOMAIN} cookies per registrable domain (eTLD+1, so subdomains share the
 * budget) and {@value #MAX_TOTAL} in all; expired cookies go first, then the least recently
 * used. The clock is injectable so tests can pin "now".
 *
 * <pre>{@code
 * CookieJar jar = new InMemoryCookieJar(Clock.fixed(Instant.parse("2011-04-01T00:00:00Z"), ZoneOffset.UTC));
 * jar.saveFromResponse(Url.parse("http://example.com/"), List.of("a=1; Expires=Fri, 07 Aug 2019 08:04:19 GMT"));
 * jar.headerFor(Url.parse("http://example.com/"));   // "a=1"
 * }</pre>
 */
public final class InMemoryCookieJar implements CookieJar {
    /** Cookies kept per registrable domain. */
    public static final int MAX_PER_DOMAIN = 50;
    /** Cookies kept in all. */
    public static final int MAX_TOTAL = 3000;

    private static final Comparator<Entry> SEND_ORDER = Comparator
            .comparingInt((Entry e) -> -e.cookie.path().length())
            .thenComparing(e -> e.cookie.createdAt())
            .thenComparingLong(e -> e.sequence);
    private static final Comparator<Entry> LEAST_RECENTLY_USED = Comparator
            .comparing((Entry e) -> e.lastAccess)
            .thenComparingLong(e -> e.accessTick);
    private static final Comparator<Entry> CREATION_ORDER = Comparator.comparingLong(e -> e.sequence);

    private final Clock clock;
    private final Object lock = new Object();
    private final Map<Key, Entry> entries = new HashMap<>();
    private long sequence;
    private long accessTick;

    /** An empty jar on the system clock. */
    public InMemoryCookieJar() {
        this(Clock.systemUTC());
    }

    /** An empty jar that takes "now" from {@code clock}. */
    public InMemoryCookieJar(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private record Key(String name, String domain, String path) {
        static Key of(Cookie c) {
            return new Key(c.name(), c.domain(), c.path());
        }
    }

    private static final class Entry {
        final Cookie cookie;
        final long sequence;
        final String group;
        Instant lastAccess;
        long accessTick;

        Entry(Cookie cookie, long sequence, String group) {
            this.cookie = cookie;
            this.sequence = sequence;
            this.group = group;
        }
    }

    @Override
    public void saveFromResponse(Url url, List<String> setCookieHeaders) {
        Objects.requireNonNull(url, "url");
        if (setCookieHeaders == null || setCookieHeaders.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        boolean secureOrigin = DomainMatching.isSecureScheme(url.scheme());
        for (String header : setCookieHeaders) {
            Cookie cookie = CookiePolicy.accept(SetCookieParser.parse(header), url, now, PublicSuffixes.bundled());
            if (cookie != null) {
                synchronized (lock) {
                    store(cookie, secureOrigin, now);
                }
            }
        }
    }

    @Override
    public List<Cookie> loadForRequest(Url url) {
        Objects.requireNonNull(url, "url");
        synchronized (lock) {
            if (entries.isEmpty()) {
                return List.of();
            }
            Instant now = clock.instant();
            removeExpired(now);
            List<Entry> matching = new ArrayList<>();
            for (Entry e : entries.values()) {
                if (e.cookie.matches(url)) {
                    matching.add(e);
                }
            }
            matching.sort(SEND_ORDER);
            List<Cookie> out = new ArrayList<>(matching.size());
            for (Entry e : matching) {
                touch(e, now);
                out.add(e.cookie);
            }
            return List.copyOf(out);
        }
    }

    @Override
    public Cookies cookies() {
        return Cookies.of(snapshot(clock.instant()));
    }

    @Override
    public String get(String name) {
        Objects.requireNonNull(name, "name");
        Instant now = clock.instant();
        Cookie found = null;
        synchronized (lock) {
            for (Entry e : entries.values()) {
                if (e.cookie.name().equals(name) && !expired(e.cookie, now)) {
                    if (found != null) {
                        throw new CookieConflictException(name, "Several cookies are called \"" + name
                                + "\" (for different domains or paths); use get(name, domain, path)");
                    }
                    found = e.cookie;
                }
            }
        }
        return found == null ? null : found.value();
    }

    @Override
    public String get(String name, String domain, String path) {
        Instant now = clock.instant();
        synchronized (lock) {
            Entry e = entries.get(key(name, domain, path));
            return e == null || expired(e.cookie, now) ? null : e.cookie.value();
        }
    }

    @Override
    public void set(Cookie cookie) {
        Objects.requireNonNull(cookie, "cookie");
        if (CookiePolicy.tooLarge(cookie.name(), cookie.value())) {
            throw new IllegalArgumentException("Cookie " + cookie.name() + ": name and value exceed "
                    + CookiePolicy.MAX_NAME_VALUE_BYTES + " bytes");
        }
        Instant now = clock.instant();
        synchronized (lock) {
            store(cookie, true, now);
        }
    }

    @Override
    public void delete(String name) {
        Objects.requireNonNull(name, "name");
        synchronized (lock) {
            entries.values().removeIf(e -> e.cookie.name().equals(name));
        }
    }

    @Override
    public void delete(String name, String domain, String path) {
        synchronized (lock) {
            entries.remove(key(name, domain, path));
        }
    }

    @Override
    public void clear() {
        synchronized (lock) {
            entries.clear();
        }
    }

    @Override
    public void save(Path file) {
        Objects.requireNonNull(file, "file");
        Instant now = clock.instant();
        NetscapeFormat.write(file, snapshot(now), now);
    }

    @Override
    public void load(Path file) {
        Objects.requireNonNull(file, "file");
        Instant now = clock.instant();
        List<Cookie> loaded = NetscapeFormat.read(file, now);
        PublicSuffixes psl = PublicSuffixes.bundled();
        synchronized (lock) {
            for (Cookie c : loaded) {
                boolean domainCookie = !c.hostOnly() && !c.domain().isEmpty();
                if (!(domainCookie && psl.isPublicSuffix(c.domain()))) {
                    store(c, true, now);
                }
            }
        }
    }

    /** The number of cookies held, expired ones not yet removed included; for tests. */
    public int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    @Override
    public String toString() {
        return "InMemoryCookieJar[" + size() + " cookies]";
    }

    private List<Cookie> snapshot(Instant now) {
        List<Entry> live = new ArrayList<>();
        synchronized (lock) {
            for (Entry e : entries.values()) {
                if (!expired(e.cookie, now)) {
                    live.add(e);
                }
            }
        }
        live.sort(CREATION_ORDER);
        List<Cookie> out = new ArrayList<>(live.size());
        for (Entry e : live) {
            out.add(e.cookie);
        }
        return out;
    }

    /** RFC 6265 §5.3 step 11 plus the limits; the caller holds the lock. */
    private void store(Cookie cookie, boolean secureOrigin, Instant now) {
        if (!cookie.secure() && !secureOrigin && shadowsSecureCookie(cookie)) {
            return;
        }
        Key key = Key.of(cookie);
        Entry old = entries.remove(key);
        if (expired(cookie, now)) {
            return;   // an expired cookie only deletes its namesake
        }
        Cookie stored = cookie;
        if (old != null && !old.cookie.createdAt().equals(cookie.createdAt())) {
            stored = cookie.toBuilder().createdAt(old.cookie.createdAt()).build();
        }
        Entry entry = new Entry(stored, old != null ? old.sequence : ++sequence, group(stored.domain()));
        touch(entry, now);
        entries.put(key, entry);
        enforceLimits(entry.group, now);
    }

    /** RFC 6265bis §5.7 step 16: an insecure cookie may not overlay a Secure one of the same name. */
    private boolean shadowsSecureCookie(Cookie cookie) {
        for (Entry e : entries.values()) {
            Cookie existing = e.cookie;
            if (existing.secure() && existing.name().equals(cookie.name())
                    && (DomainMatching.domainMatches(existing.domain(), cookie.domain())
                        || DomainMatching.domainMatches(cookie.domain(), existing.domain()))
                    && DomainMatching.pathMatches(cookie.path(), existing.path())) {
                return true;
            }
        }
        return false;
    }

    private void enforceLimits(String group, Instant now) {
        if (count(group) > MAX_PER_DOMAIN) {
            removeExpired(now);
            evict(e -> e.group.equals(group), count(group) - MAX_PER_DOMAIN);
        }
        if (entries.size() > MAX_TOTAL) {
            removeExpired(now);
            evict(e -> true, entries.size() - MAX_TOTAL);
        }
    }

    private int count(String group) {
        int n = 0;
        for (Entry e : entries.values()) {
            if (e.group.equals(group)) {
                n++;
            }
        }
        return n;
    }

    private void evict(Predicate<Entry> among, int howMany) {
        if (howMany <= 0) {
            return;
        }
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (among.test(e)) {
                candidates.add(e);
            }
        }
        candidates.sort(LEAST_RECENTLY_USED);
        for (int i = 0; i < howMany && i < candidates.size(); i++) {
            entries.remove(Key.of(candidates.get(i).cookie));
        }
    }

    private void removeExpired(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (expired(it.next().cookie, now)) {
                it.remove();
            }
        }
    }

    private void touch(Entry e, Instant now) {
        e.lastAccess = now;
        e.accessTick = ++accessTick;
    }

    /** The per-domain budget a cookie counts against: its registrable domain, else its domain. */
    private static String group(String domain) {
        if (domain.isEmpty() || DomainMatching.isIpAddress(domain)) {
            return domain;
        }
        String registrable = PublicSuffixes.bundled().registrableDomain(domain);
        return registrable != null ? registrable : domain;
    }

    private static Key key(String name, String domain, String path) {
        return new Key(Objects.requireNonNull(name, "name"), DomainMatching.canonicalDomain(domain),
                path == null || path.isEmpty() ? "/" : path);
    }

    private static boolean expired(Cookie c, Instant now) {
        return c.expiresAt() != null && !c.expiresAt().isAfter(now);
    }
}
