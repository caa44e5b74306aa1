package dev.courier;

import dev.courier.internal.ApiAccess;
import dev.courier.internal.http.HeaderValidation;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable, ordered, multi-valued set of HTTP header fields with case-insensitive names.
 *
 * <p>Names keep the caller's spelling on the wire; lookups ignore case. {@link #get} joins several
 * values of one name with {@code ", "} (as httpx does); read {@code Set-Cookie}, whose values must
 * not be joined, with {@link #getAll}. Iteration yields the fields in wire order.
 *
 * <p>Every name must be an RFC 9110 token and no value may hold CR, LF, NUL or another control
 * character (HTAB is allowed): such input is rejected with an {@link IllegalArgumentException} when
 * the headers are built, so it can never reach the wire. The message names the header and the
 * offending character's position but never repeats the value. Values with non-ASCII characters are
 * accepted and sent as UTF-8. {@link #toString()} masks the values of Authorization,
 * Proxy-Authorization, Cookie and Set-Cookie.
 *
 * <pre>{@code
 * Headers h = Headers.of("Accept", "application/json", "X-Trace", "abc");
 * h.get("accept");                           // "application/json"
 * Headers more = h.with("X-Trace", "def");   // two X-Trace fields
 * more.getAll("x-trace");                    // ["abc", "def"]
 * more.get("X-Trace");                       // "abc, def"
 * }</pre>
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
    private static final Headers EMPTY = new Headers(new String[0]);

    static {
        ApiAccess.setValidatedHeaders(fields -> fields.length == 0 ? EMPTY : new Headers(fields));
    }

    /** Alternating names and values, in wire order. Never mutated after construction. */
    private final String[] fields;

    private Headers(String[] fields) {
        this.fields = fields;
    }

    /** The empty header set. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values, in order: {@code of("Accept", "text/html", "X-A", "1")}.
     *
     * @throws IllegalArgumentException on an odd count, an invalid name or a forbidden character in a value
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes names and values in pairs; got an odd count ("
                    + namesAndValues.length + ")");
        }
        String[] copy = namesAndValues.clone();
        for (int i = 0; i < copy.length; i += 2) {
            validate(copy[i], copy[i + 1]);
        }
        return copy.length == 0 ? EMPTY : new Headers(copy);
    }

    /**
     * Headers from a map, in the map's iteration order. A value may be an {@link Iterable}, which
     * adds one field per element; any other value is converted with {@code String.valueOf}.
     */
    public static Headers of(Map<String, ?> map) {
        List<String> out = new ArrayList<>(map.size() * 2);
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getValue() instanceof Iterable<?> values) {
                for (Object v : values) {
                    add(out, e.getKey(), v);
                }
            } else {
                add(out, e.getKey(), e.getValue());
            }
        }
        return out.isEmpty() ? EMPTY : new Headers(out.toArray(new String[0]));
    }

    private static void add(List<String> out, String name, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("Value of header \"" + name + "\" must not be null");
        }
        String v = String.valueOf(value);
        validate(name, v);
        out.add(name);
        out.add(v);
    }

    private static void validate(String name, String value) {
        HeaderValidation.requireToken(name, "Header name");
        HeaderValidation.requireValue(name, value);
    }

    /** The values of {@code name} joined with {@code ", "}, or null when absent. */
    public String get(String name) {
        String first = null;
        StringBuilder joined = null;
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                if (first == null) {
                    first = fields[i + 1];
                } else {
                    if (joined == null) {
                        joined = new StringBuilder(first);
                    }
                    joined.append(", ").append(fields[i + 1]);
                }
            }
        }
        return joined != null ? joined.toString() : first;
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /** Every value of {@code name}, in wire order; empty when absent. */
    public List<String> getAll(String name) {
        List<String> out = null;
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(fields[i + 1]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** True when at least one field is called {@code name} (in any case). */
    public boolean contains(String name) {
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The distinct names, each in the spelling of its first field, in wire order. */
    public Set<String> names() {
        Map<String, String> byLower = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            byLower.putIfAbsent(fields[i].toLowerCase(java.util.Locale.ROOT), fields[i]);
        }
        return Collections.unmodifiableSet(new LinkedHashSet<>(byLower.values()));
    }

    /** The number of fields (a name with two values counts twice). */
    public int size() {
        return fields.length / 2;
    }

    /** True when there are no fields. */
    public boolean isEmpty() {
        return fields.length == 0;
    }

    /** The name of the field at {@code index}, in wire order. */
    public String name(int index) {
        return fields[index * 2];
    }

    /** The value of the field at {@code index}, in wire order. */
    public String value(int index) {
        return fields[index * 2 + 1];
    }

    /** These headers with one more field appended (existing fields of that name are kept). */
    public Headers with(String name, String value) {
        validate(name, value);
        String[] out = Arrays.copyOf(fields, fields.length + 2);
        out[fields.length] = name;
        out[fields.length + 1] = value;
        return new Headers(out);
    }

    /** These headers with every field called {@code name} replaced by one field, placed where the first one was. */
    public Headers set(String name, String value) {
        validate(name, value);
        List<String> out = new ArrayList<>(fields.length + 2);
        boolean placed = false;
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                if (!placed) {
                    out.add(name);
                    out.add(value);
                    placed = true;
                }
            } else {
                out.add(fields[i]);
                out.add(fields[i + 1]);
            }
        }
        if (!placed) {
            out.add(name);
            out.add(value);
        }
        return new Headers(out.toArray(new String[0]));
    }

    /** These headers without any field called {@code name}; this instance when there is none. */
    public Headers without(String name) {
        if (!contains(name)) {
            return this;
        }
        List<String> out = new ArrayList<>(fields.length);
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equalsIgnoreCase(name)) {
                out.add(fields[i]);
                out.add(fields[i + 1]);
            }
        }
        return out.isEmpty() ? EMPTY : new Headers(out.toArray(new String[0]));
    }

    /**
     * These headers updated with {@code other}, as httpx merges client and request headers: every
     * name present in {@code other} replaces all of this set's fields of that name; the others stay.
     */
    public Headers merge(Headers other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<String> out = new ArrayList<>(fields.length + other.fields.length);
        for (int i = 0; i < fields.length; i += 2) {
            if (!other.contains(fields[i])) {
                out.add(fields[i]);
                out.add(fields[i + 1]);
            }
        }
        out.addAll(Arrays.asList(other.fields));
        return new Headers(out.toArray(new String[0]));
    }

    /** The fields as an ordered multimap keyed by the first spelling of each name. */
    public Map<String, List<String>> toMultimap() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, getAll(name));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The fields in wire order, as name/value entries. */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < fields.length;
            }

            @Override
            public Map.Entry<String, String> next() {
                if (next >= fields.length) {
                    throw new NoSuchElementException();
                }
                Map.Entry<String, String> e = new AbstractMap.SimpleImmutableEntry<>(fields[next], fields[next + 1]);
                next += 2;
                return e;
            }
        };
    }

    /** Equal when both hold the same fields in the same order, names compared without case. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Headers other) || other.fields.length != fields.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i += 2) {
            if (!fields[i].equalsIgnoreCase(other.fields[i]) || !fields[i + 1].equals(other.fields[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < fields.length; i += 2) {
            h = 31 * h + fields[i].toLowerCase(java.util.Locale.ROOT).hashCode();
            h = 31 * h + fields[i + 1].hashCode();
        }
        return h;
    }

    /** The fields as {@code [Name: value, ...]}, with secret values shown as {@code [redacted]}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < fields.length; i += 2) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(fields[i]).append(": ")
                    .append(HeaderValidation.isSensitive(fields[i]) ? "[redacted]" : fields[i + 1]);
        }
        return out.append(']').toString();
    }
}
