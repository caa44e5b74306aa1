package dev.courier;

import dev.courier.internal.url.PercentEncoding;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered, multi-valued list of query parameters, decoded; immutable.
 *
 * <p>Use it to build a query ({@code RequestOptions.params}, {@link Url#withQueryParams}) or to read
 * one ({@link Url#queryParams}). Parameters keep their order, a name may repeat, and a parameter may
 * have no value at all: {@code ?flag} is the key-only parameter {@code flag} (value null), while
 * {@code ?flag=} has the value "". Every change returns a new instance.
 *
 * <pre>{@code
 * QueryParams p = QueryParams.of("q", "a b", "tag", "x").with("tag", "y").with("debug", null);
 * p.encode();            // "q=a+b&tag=x&tag=y&debug"
 * p.getAll("tag");       // ["x", "y"]
 * QueryParams.parse("a=1&b=x+y&flag").get("b");   // "x y"
 * }</pre>
 */
public final class QueryParams implements Iterable<Map.Entry<String, String>> {
    private static final QueryParams EMPTY = new QueryParams(List.of());

    private final List<Map.Entry<String, String>> entries;

    private QueryParams(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /**
     * The empty parameter list; start here to build one with {@link #with}.
     *
     * <pre>{@code
     * QueryParams.empty().with("page", 2).encode();   // "page=2"
     * }</pre>
     */
    public static QueryParams empty() {
        return EMPTY;
    }

    /**
     * Parameters from a map, in its iteration order. A null value is a key-only parameter, an
     * {@link Iterable} gives one parameter per element (a null element is key-only), and any other
     * value is turned into text with {@link String#valueOf(Object)}.
     *
     * <pre>{@code
     * Map<String, Object> m = new LinkedHashMap<>();
     * m.put("ids", List.of(1, 2));
     * m.put("verbose", null);
     * QueryParams.of(m).encode();   // "ids=1&ids=2&verbose"
     * }</pre>
     */
    public static QueryParams of(Map<String, ?> map) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        map.forEach((name, value) -> addAll(list, name, value));
        return wrap(list);
    }

    /**
     * Parameters from name-value pairs, in order; values may be null (key-only).
     *
     * <pre>{@code
     * QueryParams.of("a", "1", "a", "2", "flag", null).encode();   // "a=1&a=2&flag"
     * }</pre>
     *
     * @throws IllegalArgumentException when the number of arguments is odd
     */
    public static QueryParams of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("expected name-value pairs, got " + nameValuePairs.length + " arguments");
        }
        List<Map.Entry<String, String>> list = new ArrayList<>(nameValuePairs.length / 2);
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            list.add(entry(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return wrap(list);
    }

    /**
     * Parses an encoded query (without {@code ?}) as application/x-www-form-urlencoded: {@code +} is a
     * space, {@code %XX} is UTF-8, a part without {@code =} is key-only. Null or "" give no parameters;
     * empty parts ({@code a=1&&b=2}) are skipped.
     *
     * <pre>{@code
     * QueryParams p = QueryParams.parse("a=1&b=x+y&flag&e=");
     * p.get("b");          // "x y"
     * p.get("flag");       // null, and p.contains("flag") is true
     * p.get("e");          // ""
     * }</pre>
     */
    public static QueryParams parse(String encodedQuery) {
        if (encodedQuery == null || encodedQuery.isEmpty()) {
            return EMPTY;
        }
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (String part : encodedQuery.split("&", -1)) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = PercentEncoding.formDecode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? null : PercentEncoding.formDecode(part.substring(eq + 1));
            list.add(entry(name, value));
        }
        return wrap(list);
    }

    /**
     * The first value of {@code name}; null when the name is absent or its first occurrence is
     * key-only (use {@link #contains} to tell the two apart).
     *
     * <pre>{@code
     * QueryParams.parse("a=1&a=2").get("a");   // "1"
     * }</pre>
     */
    public String get(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * All values of {@code name}, in order; a key-only occurrence appears as null. Empty when absent.
     *
     * <pre>{@code
     * QueryParams.parse("a=1&b=2&a&a=3").getAll("a");   // ["1", null, "3"]
     * }</pre>
     */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(name)) {
                values.add(e.getValue());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /**
     * Tells whether at least one parameter has this name, with or without a value.
     *
     * <pre>{@code
     * QueryParams.parse("flag").contains("flag");   // true
     * }</pre>
     */
    public boolean contains(String name) {
        return entries.stream().anyMatch(e -> e.getKey().equals(name));
    }

    /**
     * The distinct names, in order of first appearance.
     *
     * <pre>{@code
     * QueryParams.parse("b=1&a=2&b=3").names();   // [b, a]
     * }</pre>
     */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(e -> names.add(e.getKey()));
        return Collections.unmodifiableSet(names);
    }

    /**
     * Every parameter as a name-value entry, in order; values may be null (key-only).
     *
     * <pre>{@code
     * QueryParams.parse("a=1&flag").entries();   // [a=1, flag=null]
     * }</pre>
     */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /**
     * The number of parameters, counting each repeated name.
     *
     * <pre>{@code
     * QueryParams.parse("a=1&a=2").size();   // 2
     * }</pre>
     */
    public int size() {
        return entries.size();
    }

    /**
     * Tells whether there are no parameters.
     *
     * <pre>{@code
     * QueryParams.parse("").isEmpty();   // true
     * }</pre>
     */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * A copy with a parameter appended; null is key-only, an {@link Iterable} appends one parameter per
     * element, anything else is {@link String#valueOf(Object)}.
     *
     * <pre>{@code
     * QueryParams.of("a", "1").with("a", 2).encode();   // "a=1&a=2"
     * }</pre>
     */
    public QueryParams with(String name, Object value) {
        List<Map.Entry<String, String>> list = new ArrayList<>(entries);
        addAll(list, Objects.requireNonNull(name, "name"), value);
        return wrap(list);
    }

    /**
     * A copy where {@code value} replaces every value of {@code name}, at the position of the name's
     * first occurrence (appended when absent); values are taken as in {@link #with}.
     *
     * <pre>{@code
     * QueryParams.parse("a=1&b=2&a=3").set("a", "x").encode();   // "a=x&b=2"
     * }</pre>
     */
    public QueryParams set(String name, Object value) {
        List<Map.Entry<String, String>> replacement = new ArrayList<>();
        addAll(replacement, Objects.requireNonNull(name, "name"), value);
        return replace(Map.of(name, replacement));
    }

    /**
     * A copy without any parameter named {@code name}.
     *
     * <pre>{@code
     * QueryParams.parse("a=1&b=2&a=3").without("a").encode();   // "b=2"
     * }</pre>
     */
    public QueryParams without(String name) {
        List<Map.Entry<String, String>> list = new ArrayList<>(entries);
        list.removeIf(e -> e.getKey().equals(name));
        return wrap(list);
    }

    /**
     * A copy merged with {@code other} as httpx merges a client's default params with a request's:
     * each name in {@code other} replaces all of this one's values for that name (at its first
     * position), other names are kept, and names new to this list follow in {@code other}'s order.
     *
     * <pre>{@code
     * QueryParams defaults = QueryParams.of("lang", "en", "page", "1");
     * defaults.merge(QueryParams.of("page", "2", "q", "x")).encode();   // "lang=en&page=2&q=x"
     * }</pre>
     */
    public QueryParams merge(QueryParams other) {
        Map<String, List<Map.Entry<String, String>>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : other.entries) {
            byName.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e);
        }
        return replace(byName);
    }

    /**
     * The parameters as application/x-www-form-urlencoded text: space becomes {@code +}, everything but
     * ALPHA, DIGIT and {@code * - . _} is percent-encoded as UTF-8, and a key-only parameter is its
     * name alone.
     *
     * <pre>{@code
     * QueryParams.of("q", "ü & more", "flag", null, "e", "").encode();   // "q=%C3%BC+%26+more&flag&e="
     * }</pre>
     */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : entries) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(PercentEncoding.formEncode(e.getKey()));
            if (e.getValue() != null) {
                out.append('=').append(PercentEncoding.formEncode(e.getValue()));
            }
        }
        return out.toString();
    }

    /**
     * The parameters in order, as name-value entries (values may be null).
     *
     * <pre>{@code
     * for (Map.Entry<String, String> e : QueryParams.parse("a=1&b=2")) { ... }
     * }</pre>
     */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return entries.iterator();
    }

    /** Equal when both hold the same parameters in the same order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof QueryParams params && entries.equals(params.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /**
     * The encoded form, as {@link #encode()} gives it.
     *
     * <pre>{@code
     * QueryParams.of("a", "1 2").toString();   // "a=1+2"
     * }</pre>
     */
    @Override
    public String toString() {
        return encode();
    }

    private QueryParams replace(Map<String, List<Map.Entry<String, String>>> replacements) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Map.Entry<String, String> e : entries) {
            List<Map.Entry<String, String>> replacement = replacements.get(e.getKey());
            if (replacement == null) {
                list.add(e);
            } else if (placed.add(e.getKey())) {
                list.addAll(replacement);
            }
        }
        replacements.forEach((name, replacement) -> {
            if (!placed.contains(name)) {
                list.addAll(replacement);
            }
        });
        return wrap(list);
    }

    private static void addAll(List<Map.Entry<String, String>> list, String name, Object value) {
        Objects.requireNonNull(name, "parameter name");
        if (value instanceof Iterable<?> values) {
            for (Object v : values) {
                list.add(entry(name, v == null ? null : String.valueOf(v)));
            }
        } else {
            list.add(entry(name, value == null ? null : String.valueOf(value)));
        }
    }

    private static Map.Entry<String, String> entry(String name, String value) {
        // Map.entry() refuses null values, and a key-only parameter needs one.
        return new AbstractMap.SimpleImmutableEntry<>(Objects.requireNonNull(name, "parameter name"), value);
    }

    private static QueryParams wrap(List<Map.Entry<String, String>> list) {
        return list.isEmpty() ? EMPTY : new QueryParams(Collections.unmodifiableList(list));
    }
}
