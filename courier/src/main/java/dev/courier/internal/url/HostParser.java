package dev.courier.internal.url;

import dev.courier.InvalidUrlException;
import dev.courier.internal.SafeText;
import java.net.IDN;
import java.util.Locale;

/**
 * The WHATWG host parser: bracketed IPv6, opaque hosts of non-special URLs, and domains (percent-decoded,
 * mapped to ASCII by IDNA, then checked for numeric IPv4 forms).
 *
 * <p>The result is the serialized host every later decision should use: lower-case A-labels, IPv4 as a
 * dotted quad, IPv6 compressed in brackets. Domains are mapped label by label with
 * {@link IDN#toASCII(String, int)} (IDNA2003, no unassigned code points) after splitting on {@code .}
 * and the dot variants U+3002, U+FF0E and U+FF61, so a full-width dot separates labels exactly as an
 * ASCII dot does.
 *
 * <pre>{@code
 * HostParser.parse("B\u00FCcher.de", false, input);   // "xn--bcher-kva.de"
 * HostParser.parse("0x7f.1", false, input);           // "127.0.0.1"
 * HostParser.parse("[::1]", false, input);            // "[::1]"
 * }</pre>
 */
final class HostParser {
    private static final String FORBIDDEN_HOST = "\u0000\t\n\r #/:<>?@[\\]^|";
    private static final int MAX_ACE_LABEL = 255;

    private HostParser() {}

    /**
     * Parses a host as it appears between the authority's {@code @} and port; {@code urlInput} is only
     * used for the exception.
     */
    static String parse(String host, boolean opaque, String urlInput) {
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new InvalidUrlException(urlInput, "invalid IPv6 address (missing ']')");
            }
            int[] pieces = Ipv6Parser.parse(host.substring(1, host.length() - 1));
            if (pieces == null) {
                throw new InvalidUrlException(urlInput, "invalid IPv6 address");
            }
            return "[" + Ipv6Parser.serialize(pieces) + "]";
        }
        if (opaque) {
            return parseOpaque(host, urlInput);
        }
        String domain = PercentEncoding.decode(host);
        String ascii = domainToAscii(domain, urlInput);
        if (Ipv4Parser.endsInNumber(ascii)) {
            long address = Ipv4Parser.parse(ascii);
            if (address == Ipv4Parser.INVALID) {
                throw new InvalidUrlException(urlInput, "invalid IPv4 address " + SafeText.quote(ascii, 64));
            }
            return Ipv4Parser.serialize(address);
        }
        return ascii;
    }

    private static String parseOpaque(String host, String urlInput) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (FORBIDDEN_HOST.indexOf(c) >= 0) {
                throw new InvalidUrlException(urlInput,
                        "invalid host " + SafeText.quote(host, 64) + ": forbidden code point " + SafeText.codePoint(c));
            }
        }
        return PercentEncoding.encode(host, PercentEncoding.Set.C0_CONTROL);
    }

    private static String domainToAscii(String domain, String urlInput) {
        if (domain.isEmpty()) {
            throw new InvalidUrlException(urlInput, "empty host");
        }
        if (isPlainAscii(domain)) {
            // The common case: lower-case ASCII letters, digits, hyphens and dots, no A-label to
            // check. Nothing to map, nothing forbidden.
            return domain;
        }
        String[] labels = labels(domain);
        StringBuilder out = new StringBuilder(domain.length() + 8);
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            out.append(labelToAscii(labels[i], domain, urlInput));
        }
        String ascii = out.toString();
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= 0x1f || c == '%' || c == 0x7f || FORBIDDEN_HOST.indexOf(c) >= 0) {
                throw new InvalidUrlException(urlInput,
                        "invalid host " + SafeText.quote(domain, 64) + ": forbidden code point " + SafeText.codePoint(c));
            }
        }
        return ascii;
    }

    /** True when {@code domain} is only a-z, 0-9, '-' and '.', with no {@code xn--} label. */
    private static boolean isPlainAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!plain) {
                return false;
            }
        }
        return !domain.startsWith("xn--") && !domain.contains(".xn--");
    }

    /** The labels of {@code domain}, split at the four dots UTS #46 maps to '.'; empty labels kept. */
    private static String[] labels(String domain) {
        java.util.List<String> out = new java.util.ArrayList<>(4);
        int start = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || isDot(domain.charAt(i))) {
                out.add(domain.substring(start, i));
                start = i + 1;
            }
        }
        return out.toArray(new String[0]);
    }

    private static boolean isDot(char c) {
        return c == '.' || c == '\u3002' || c == '\uFF0E' || c == '\uFF61';
    }

    private static String labelToAscii(String label, String domain, String urlInput) {
        if (label.isEmpty()) {
            // Empty labels ("a..b", a trailing dot) are legal in URLs: DNS length checks are not applied.
            return label;
        }
        String ascii;
        if (label.chars().allMatch(c -> c < 0x80)) {
            // ASCII labels skip IDNA: java.net.IDN would reject labels over 63 octets, which URLs allow.
            ascii = label.toLowerCase(Locale.ROOT);
        } else {
            try {
                ascii = IDN.toASCII(label, 0).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidUrlException(urlInput, "invalid international domain name " + SafeText.quote(domain, 64));
            }
            if (ascii.indexOf('.') >= 0) {
                // One label must stay one label: a compatibility character that maps to a dot
                // (U+2024 ONE DOT LEADER) would otherwise splice in a new label.
                throw new InvalidUrlException(urlInput, "invalid international domain name " + SafeText.quote(domain, 64));
            }
        }
        if (ascii.startsWith("xn--") && !isValidAceLabel(ascii)) {
            throw new InvalidUrlException(urlInput, "invalid punycode label " + SafeText.quote(ascii, 64));
        }
        return ascii;
    }

    private static boolean isValidAceLabel(String label) {
        // Decoding is quadratic in the label's length; no real A-label comes near this bound (DNS allows 63).
        if (label.length() > MAX_ACE_LABEL || label.chars().anyMatch(c -> c >= 0x80)) {
            return false;
        }
        String decoded = Punycode.decode(label.substring(4));
        if (decoded == null || decoded.isEmpty()) {
            return false;
        }
        try {
            // The decoded label must itself be a name IDNA accepts (no controls, unassigned code points).
            IDN.toASCII(decoded, 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
