package dev.courier.internal.proxy;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The NO_PROXY matcher: tells whether a host (and port) must be reached directly rather than through
 * the proxy the environment names.
 *
 * <p>Courier reads the list with curl's grammar, the one most users expect, extended where curl is
 * silent (ports, {@code *.}, IDN) as Go does:
 * <ul>
 *   <li>Entries are separated by commas and/or whitespace, trimmed and compared case-insensitively;
 *       empty entries are skipped, so a list of only spaces or commas matches nothing.
 *   <li>{@code *} as an entry matches every host.
 *   <li>{@code example.com}, {@code .example.com} and {@code *.example.com} all match
 *       {@code example.com} and its subdomains ({@code a.example.com}) on a dot boundary, never
 *       {@code badexample.com}. One trailing dot on the host or the entry is ignored.
 *   <li>{@code host:port}, {@code 10.0.0.1:8080} and {@code [::1]:8080} match only that port. An
 *       IPv6 address takes a port only in brackets: {@code ::1:8080} is the address {@code ::1:8080}.
 *   <li>IPv4 and IPv6 literals ({@code ::1}, {@code [::1]}) are compared as addresses, and CIDR ranges
 *       ({@code 10.0.0.0/8}, {@code fe80::/10}) match addresses within them. An address entry never
 *       matches a name, and a name entry never matches an address.
 *   <li>Names are compared as lower-case A-labels, so {@code bücher.example} and
 *       {@code xn--bcher-kva.example} are the same entry, as they are the same host in {@link dev.courier.Url}.
 *   <li>Malformed entries ({@code :1}, {@code [::1}, {@code 10.0.0.0/99}) are dropped, never thrown,
 *       and never widen the match.
 * </ul>
 *
 * <p>Where this differs from the others:
 * <ul>
 *   <li>curl: {@code *} counts only as the whole list; {@code *.example.com} and {@code host:port} are
 *       not understood (they never match); a {@code /0} IPv4 range means the exact address; names are
 *       compared byte for byte, without IDN mapping.
 *   <li>Go ({@code x/net/http/httpproxy}): {@code .example.com} matches only subdomains, not
 *       {@code example.com} itself; localhost and loopback addresses always bypass the proxy, where
 *       here only what the list names does.
 *   <li>httpx: entries become URL patterns ({@code all://*example.com}), so IP addresses are compared
 *       as text and CIDR ranges do not work as ranges.
 * </ul>
 *
 * <pre>{@code
 * NoProxy no = NoProxy.parse("localhost, .internal.test, 10.0.0.0/8, [::1]:8080");
 * no.matches("svc.internal.test", 80);   // true
 * no.matches("10.1.2.3", 443);           // true
 * no.matches("::1", 8080);               // true
 * no.matches("::1", 80);                 // false
 * no.matches("example.com", 80);         // false
 * }</pre>
 */
public final class NoProxy {
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    private static final int ANY_PORT = -1;
    private static final NoProxy NONE = new NoProxy(false, List.of());

    private final boolean all;
    private final List<Entry> entries;

    private NoProxy(boolean all, List<Entry> entries) {
        this.all = all;
        this.entries = entries;
    }

    /** Parses a NO_PROXY value; null or blank gives a matcher that matches nothing. */
    public static NoProxy parse(String list) {
        if (list == null) {
            return NONE;
        }
        boolean all = false;
        List<Entry> entries = new ArrayList<>();
        for (String token : SEPARATORS.split(list)) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.equals("*")) {
                all = true;
                continue;
            }
            Entry entry = Entry.parse(token);
            if (entry != null) {
                entries.add(entry);
            }
        }
        return all || !entries.isEmpty() ? new NoProxy(all, List.copyOf(entries)) : NONE;
    }

    /**
     * Tells whether {@code host} on {@code port} bypasses the proxy. The host is a name (Unicode or
     * A-labels), an IPv4 literal, or an IPv6 literal with or without brackets, as {@link dev.courier.Url#host()}
     * gives it.
     */
    public boolean matches(String host, int port) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (all) {
            return true;
        }
        if (entries.isEmpty()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] address = h.indexOf(':') >= 0 ? ipv6(h) : ipv4(h);
        // A host with a colon that is no IPv6 address (a zone id, say) is no name either: it matches nothing.
        String name = address == null && h.indexOf(':') < 0 ? canonicalName(h) : null;
        for (Entry entry : entries) {
            if (entry.matches(name, address, port)) {
                return true;
            }
        }
        return false;
    }

    /** Tells whether this list matches no host at all. */
    public boolean isEmpty() {
        return !all && entries.isEmpty();
    }

    /** The entries kept after parsing, as written: {@code NoProxy[localhost, 10.0.0.0/8]}. */
    @Override
    public String toString() {
        if (all) {
            return "NoProxy[*]";
        }
        List<String> texts = new ArrayList<>(entries.size());
        entries.forEach(e -> texts.add(e.text));
        return "NoProxy[" + String.join(", ", texts) + "]";
    }

    /**
     * One entry: either a name (matched with its subdomains) or an address range (a literal is a range
     * of its full length), optionally limited to one port.
     */
    private static final class Entry {
        final String text;
        final String name;
        final byte[] network;
        final int prefixBits;
        final int port;

        private Entry(String text, String name, byte[] network, int prefixBits, int port) {
            this.text = text;
            this.name = name;
            this.network = network;
            this.prefixBits = prefixBits;
            this.port = port;
        }

        /** The entry for {@code token}, or null when it is malformed. */
        static Entry parse(String token) {
            int port = ANY_PORT;
            String host = token;
            if (token.startsWith("[")) {
                int close = token.indexOf(']');
                if (close < 0) {
                    return null;
                }
                String rest = token.substring(close + 1);
                if (!rest.isEmpty()) {
                    port = rest.startsWith(":") ? port(rest.substring(1)) : -1;
                    if (port < 0) {
                        return null;
                    }
                }
                host = token.substring(1, close);
                return host.indexOf(':') < 0 ? null : addressEntry(token, host, port);
            }
            int colon = token.indexOf(':');
            // Exactly one colon is host:port; two or more can only be a bare IPv6 address.
            if (colon >= 0 && colon == token.lastIndexOf(':')) {
                port = port(token.substring(colon + 1));
                host = token.substring(0, colon);
                if (port < 0 || host.isEmpty()) {
                    return null;
                }
            }
            if (host.indexOf(':') >= 0 || host.indexOf('/') >= 0 || ipv4(host) != null) {
                return addressEntry(token, host, port);
            }
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (name.startsWith("*.")) {
                name = name.substring(2);
            } else if (name.startsWith(".")) {
                name = name.substring(1);
            }
            name = name.isEmpty() || name.indexOf('*') >= 0 ? null : canonicalName(name);
            // IDNA can map a name to nothing ("\u3002" is a dot), which would otherwise end-match any host.
            return name == null || name.isEmpty() ? null : new Entry(token, name, null, 0, port);
        }

        /** An address or CIDR entry ({@code 10.0.0.0/8}, {@code fe80::/10}), or null when malformed. */
        private static Entry addressEntry(String token, String host, int port) {
            int slash = host.indexOf('/');
            String literal = slash < 0 ? host : host.substring(0, slash);
            byte[] network = literal.indexOf(':') >= 0 ? ipv6(literal) : ipv4(literal);
            if (network == null) {
                return null;
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                String digits = host.substring(slash + 1);
                if (!isDigits(digits, 3) || Integer.parseInt(digits) > bits) {
                    return null;
                }
                bits = Integer.parseInt(digits);
            }
            return new Entry(token, null, network, bits, port);
        }

        boolean matches(String hostName, byte[] hostAddress, int hostPort) {
            if (port != ANY_PORT && port != hostPort) {
                return false;
            }
            if (name != null) {
                return hostName != null && (hostName.equals(name) || (hostName.endsWith(name)
                        && hostName.charAt(hostName.length() - name.length() - 1) == '.'));
            }
            return hostAddress != null && hostAddress.length == network.length && samePrefix(hostAddress);
        }

        private boolean samePrefix(byte[] address) {
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || ((address[whole] ^ network[whole]) & mask) == 0;
        }
    }

    /** A port 1-65535, or -1 when {@code text} is not one. */
    private static int port(String text) {
        if (!isDigits(text, 5)) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? port : -1;
    }

    private static boolean isDigits(String text, int maxLength) {
        return !text.isEmpty() && text.length() <= maxLength && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * The lower-case A-label form of a name without its trailing dot, as {@link dev.courier.Url} would
     * give the host; null when IDNA rejects it.
     */
    private static String canonicalName(String name) {
        String ascii = name;
        if (!name.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(name, 0);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        return ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
    }

    /**
     * The 4 bytes of a strict dotted quad, or null. Leading zeros are refused because URL parsing reads
     * them as octal ({@code 010} is 8): the entry would mean another address than it seems to.
     */
    private static byte[] ipv4(String text) {
        if (!NetUtil.isValidIpV4Address(text)) {
            return null;
        }
        for (String part : text.split("\\.")) {
            if (part.length() > 1 && part.charAt(0) == '0') {
                return null;
            }
        }
        return NetUtil.createByteArrayFromIpAddressString(text);
    }

    /**
     * The 16 bytes of an IPv6 literal (no brackets, no zone id), or null. Netty's parser, not
     * {@link java.net.InetAddress}, which may fall back to a DNS lookup and folds IPv4-mapped
     * addresses into IPv4.
     */
    private static byte[] ipv6(String text) {
        if (text.indexOf('%') >= 0 || !NetUtil.isValidIpV6Address(text)) {
            return null;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(text);
        return address != null && address.length == 16 ? address : null;
    }
}
