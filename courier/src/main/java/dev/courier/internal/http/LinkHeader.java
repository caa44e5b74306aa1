package dev.courier.internal.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Link header values (RFC 8288) into httpx's shape: a map keyed by {@code rel} (or the URL
 * when there is no rel) whose values hold {@code url} and every parameter.
 */
public final class LinkHeader {
    private LinkHeader() {}

    /** The links of every Link header value, in order; a later link with the same key replaces an earlier one. */
    public static Map<String, Map<String, String>> parse(List<String> values) {
        Map<String, Map<String, String>> links = new LinkedHashMap<>();
        for (String value : values) {
            parseInto(value, links);
        }
        return Collections.unmodifiableMap(links);
    }

    private static void parseInto(String s, Map<String, Map<String, String>> links) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            int open = s.indexOf('<', i);
            if (open < 0) {
                return;
            }
            int close = s.indexOf('>', open);
            if (close < 0) {
                return;
            }
            Map<String, String> link = new LinkedHashMap<>();
            link.put("url", s.substring(open + 1, close).trim());
            i = close + 1;
            // Parameters until the comma that ends this link (commas inside quotes do not count).
            while (i < n) {
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
                if (i >= n) break;
                char c = s.charAt(i);
                if (c == ',') {
                    i++;
                    break;
                }
                if (c != ';') {
                    i++;
                    continue;
                }
                i++;
                int keyStart = i;
                while (i < n && s.charAt(i) != '=' && s.charAt(i) != ';' && s.charAt(i) != ',') i++;
                String key = s.substring(keyStart, i).trim().toLowerCase(Locale.ROOT);
                String val = "";
                if (i < n && s.charAt(i) == '=') {
                    i++;
                    while (i < n && s.charAt(i) == ' ') i++;
                    if (i < n && s.charAt(i) == '"') {
                        StringBuilder v = new StringBuilder();
                        i++;
                        while (i < n && s.charAt(i) != '"') {
                            if (s.charAt(i) == '\\' && i + 1 < n) i++;
                            v.append(s.charAt(i++));
                        }
                        i++;
                        val = v.toString();
                    } else {
                        int vs = i;
                        while (i < n && s.charAt(i) != ';' && s.charAt(i) != ',') i++;
                        val = s.substring(vs, i).trim();
                    }
                }
                if (!key.isEmpty()) {
                    link.put(key, val);
                }
            }
            links.put(link.getOrDefault("rel", link.get("url")), Collections.unmodifiableMap(link));
        }
    }
}
