package dev.courier.internal.cookie;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Mozilla's Public Suffix List (publicsuffix.org), both its ICANN and its private sections, as the
 * cookie jar uses it to refuse cookies for {@code co.uk}, {@code github.io} and the like.
 *
 * <p>The list is bundled in Courier's jar as {@code effective_tld_names.dat} next to this class,
 * copied at build time from a maintained artifact (see the module's pom), and read once, lazily.
 * Rules follow the list's format: one rule a line, {@code //} comments, wildcards {@code *.ck}
 * and exceptions {@code !www.ck}; internationalised rules are converted to punycode so they compare
 * with {@link dev.courier.Url#host()}. The lookup is the list's algorithm: exception rules win,
 * then the rule with the most labels, and a domain no rule matches has its last label as suffix.
 *
 * <pre>{@code
 * PublicSuffixes psl = PublicSuffixes.bundled();
 * psl.isPublicSuffix("co.uk");                       // true
 * psl.publicSuffix("www.example.co.uk");             // "co.uk"
 * psl.registrableDomain("a.b.example.github.io");    // "example.github.io"
 * }</pre>
 */
public final class PublicSuffixes {
    /** The resource, relative to this class, that the build copies the list to. */
    static final String RESOURCE = "effective_tld_names.dat";

    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;
    private final String version;

    private PublicSuffixes(Set<String> rules, Set<String> wildcards, Set<String> exceptions, String version) {
        this.rules = rules;
        this.wildcards = wildcards;
        this.exceptions = exceptions;
        this.version = version;
    }

    private static final class Bundled {
        static final PublicSuffixes LIST = loadBundled();
    }

    /** The list bundled in Courier's jar; loaded on first use. */
    public static PublicSuffixes bundled() {
        return Bundled.LIST;
    }

    private static PublicSuffixes loadBundled() {
        InputStream in = PublicSuffixes.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("The public suffix list " + RESOURCE
                    + " is missing from Courier's jar: the build copies it there (see courier/pom.xml)");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled public suffix list", e);
        }
    }

    /** Parses a list in the publicsuffix.org format. */
    public static PublicSuffixes parse(Reader source) throws IOException {
        Set<String> rules = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        Set<String> exceptions = new HashSet<>();
        String version = null;
        BufferedReader reader = new BufferedReader(source);
        for (String line; (line = reader.readLine()) != null; ) {
            line = line.strip();
            if (line.startsWith("// VERSION:") && version == null) {
                version = line.substring("// VERSION:".length()).strip();
            }
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            int space = indexOfWhitespace(line);
            String rule = space < 0 ? line : line.substring(0, space);
            if (rule.startsWith("!")) {
                add(exceptions, rule.substring(1));
            } else if (rule.startsWith("*.")) {
                add(wildcards, rule.substring(2));
            } else {
                add(rules, rule);
            }
        }
        return new PublicSuffixes(rules, wildcards, exceptions, version);
    }

    private static int indexOfWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static void add(Set<String> into, String rule) {
        String ascii = toAscii(rule);
        if (ascii != null) {
            into.add(ascii);
        }
    }

    /** The rule in punycode, lower-case; null for a rule java.net.IDN cannot convert (skipped). */
    private static String toAscii(String rule) {
        boolean ascii = rule.chars().allMatch(c -> c < 0x80);
        if (ascii) {
            return rule.toLowerCase(Locale.ROOT);
        }
        try {
            return IDN.toASCII(rule, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException unconvertible) {
            return null;
        }
    }

    /** The list's {@code VERSION} line, e.g. {@code 2026-10-06_16-13-12_UTC}; null when absent. */
    public String version() {
        return version;
    }

    /** The number of rules read (normal, wildcard and exception). */
    public int size() {
        return rules.size() + wildcards.size() + exceptions.size();
    }

    /**
     * The public suffix of a lower-case ASCII domain (one trailing dot is ignored); the domain itself
     * when it is a public suffix; "" for an empty domain or one with empty labels.
     */
    public String publicSuffix(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.startsWith(".") || d.contains("..")) {
            return "";
        }
        // Suffix starts, longest first: 0, then after each dot.
        int[] starts = labelStarts(d);
        for (int start : starts) {
            if (exceptions.contains(d.substring(start))) {
                int dot = d.indexOf('.', start);
                return dot < 0 ? "" : d.substring(dot + 1);
            }
        }
        for (int i = 0; i < starts.length; i++) {
            String suffix = d.substring(starts[i]);
            boolean wildcardMatch = i + 1 < starts.length && wildcards.contains(d.substring(starts[i + 1]));
            if (rules.contains(suffix) || wildcardMatch) {
                return suffix;
            }
        }
        return d.substring(starts[starts.length - 1]);   // the implicit rule "*"
    }

    /** True when the domain is itself a public suffix: no cookie may be set for it. */
    public boolean isPublicSuffix(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        return !d.isEmpty() && publicSuffix(d).equals(d);
    }

    /**
     * The registrable domain (eTLD+1): the public suffix plus one label; null when the domain is a
     * public suffix or malformed. The jar groups cookies by it for its per-domain limit.
     */
    public String registrableDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        String suffix = publicSuffix(d);
        if (suffix.isEmpty() || suffix.length() >= d.length()) {
            return null;
        }
        int end = d.length() - suffix.length() - 1;   // the dot before the suffix
        int dot = d.lastIndexOf('.', end - 1);
        return d.substring(dot + 1);
    }

    private static int[] labelStarts(String d) {
        int count = 1;
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) == '.') {
                count++;
            }
        }
        int[] starts = new int[count];
        int k = 1;
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) == '.') {
                starts[k++] = i + 1;
            }
        }
        return starts;
    }
}
