package org.datong.stix.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object whose members keep the order they were read or
 * built in. Keys are unique: the reader rejects duplicates and the builder
 * replaces.
 *
 * <p>Lookup is a linear scan for small objects (most STIX objects have fewer
 * than {@value #INDEX_THRESHOLD} members, where a scan beats hashing) and a
 * hash index above that.
 */
public final class JsonObject implements JsonValue {
    /** Above this many members a hash index pays for itself. */
    private static final int INDEX_THRESHOLD = 12;
    private static final String[] NO_KEYS = new String[0];
    private static final JsonValue[] NO_VALUES = new JsonValue[0];
    public static final JsonObject EMPTY = new JsonObject(NO_KEYS, NO_VALUES, 0);

    private final String[] keys;
    private final JsonValue[] values;
    private final int size;
    private Map<String, Integer> index;
    private int hash;

    private JsonObject(String[] keys, JsonValue[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    public static Builder builder() {
        return new Builder(8);
    }

    /** A builder that starts with this object's members, for making a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder(size + 4);
        System.arraycopy(keys, 0, b.keys, 0, size);
        System.arraycopy(values, 0, b.values, 0, size);
        b.size = size;
        return b;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** The member's value, or null when absent. */
    public JsonValue get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    /** The member's string value, or null when absent or not a string. */
    public String getString(String key) {
        JsonValue v = get(key);
        return v instanceof JsonString s ? s.value() : null;
    }

    /** The member's object value, or null when absent or not an object. */
    public JsonObject getObject(String key) {
        return get(key) instanceof JsonObject o ? o : null;
    }

    /** The member's array value, or null when absent or not an array. */
    public JsonArray getArray(String key) {
        return get(key) instanceof JsonArray a ? a : null;
    }

    /** The strings of the member's array value; empty when absent or not an array. */
    public List<String> getStrings(String key) {
        JsonArray a = getArray(key);
        return a == null ? List.of() : a.strings();
    }

    /** The member's boolean value, or the fallback when absent or not a boolean. */
    public boolean getBoolean(String key, boolean fallback) {
        return get(key) instanceof JsonBoolean b ? b.value() : fallback;
    }

    public String keyAt(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return keys[i];
    }

    public JsonValue valueAt(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return values[i];
    }

    /** The keys in order. */
    public List<String> keys() {
        return Arrays.asList(keys).subList(0, size);
    }

    /** Calls the action for each member, in order. */
    public void forEach(BiConsumer<String, JsonValue> action) {
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    /** A read-only ordered map view. */
    public Map<String, JsonValue> asMap() {
        return new MapView();
    }

    /** A copy with the member set (replacing in place, or appended). */
    public JsonObject with(String key, JsonValue value) {
        return toBuilder().put(key, value).build();
    }

    /** A copy without the member; this object when it has no such member. */
    public JsonObject without(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        return toBuilder().remove(key).build();
    }

    private int indexOf(String key) {
        if (size > INDEX_THRESHOLD) {
            Map<String, Integer> idx = index;
            if (idx == null) {
                idx = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    idx.put(keys[i], i);
                }
                index = idx;
            }
            Integer i = idx.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String kind() {
        return "object";
    }

    /** Equal when both have the same members with equal values, whatever their order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JsonObject other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            JsonValue theirs = other.get(keys[i]);
            if (!values[i].equals(theirs)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            for (int i = 0; i < size; i++) {
                h += keys[i].hashCode() ^ values[i].hashCode();
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Json.write(this);
    }

    /** Builds a {@link JsonObject}; keeps insertion order, a repeated key replaces the earlier value. */
    public static final class Builder {
        private String[] keys;
        private JsonValue[] values;
        private int size;
        /** Keys of a large object, for {@link #has}; built once the object grows past the scan threshold. */
        private java.util.Set<String> seen;

        Builder(int capacity) {
            keys = new String[Math.max(capacity, 4)];
            values = new JsonValue[keys.length];
        }

        public Builder put(String key, JsonValue value) {
            if (key == null || value == null) {
                throw new NullPointerException(key == null ? "key" : "value of " + key);
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            append(key, value);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, new JsonString(value));
        }

        public Builder put(String key, long value) {
            return put(key, JsonNumber.of(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, JsonBoolean.of(value));
        }

        /** Puts the value unless it is null; handy for optional properties. */
        public Builder putIfNotNull(String key, JsonValue value) {
            return value == null ? this : put(key, value);
        }

        public Builder putIfNotNull(String key, String value) {
            return value == null ? this : put(key, value);
        }

        public Builder remove(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    if (seen != null) {
                        seen.remove(key);
                    }
                    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
                    System.arraycopy(values, i + 1, values, i, size - i - 1);
                    size--;
                    keys[size] = null;
                    values[size] = null;
                    return this;
                }
            }
            return this;
        }

        public boolean has(String key) {
            if (size > INDEX_THRESHOLD) {
                if (seen == null) {
                    seen = new java.util.HashSet<>(size * 4);
                    for (int i = 0; i < size; i++) {
                        seen.add(keys[i]);
                    }
                }
                return seen.contains(key);
            }
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return true;
                }
            }
            return false;
        }

        /** Appends without checking for an earlier equal key; the reader checks duplicates itself. */
        void append(String key, JsonValue value) {
            if (seen != null) {
                seen.add(key);
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        public JsonObject build() {
            if (size == 0) {
                return EMPTY;
            }
            return new JsonObject(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), size);
        }
    }

    private final class MapView extends AbstractMap<String, JsonValue> {
        @Override
        public JsonValue get(Object key) {
            return key instanceof String s ? JsonObject.this.get(s) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String s && has(s);
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public Set<Entry<String, JsonValue>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonValue>> iterator() {
                    return new Iterator<>() {
                        int i;

                        @Override
                        public boolean hasNext() {
                            return i < size;
                        }

                        @Override
                        public Entry<String, JsonValue> next() {
                            if (i >= size) {
                                throw new NoSuchElementException();
                            }
                            Entry<String, JsonValue> e = Map.entry(keys[i], values[i]);
                            i++;
                            return e;
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }
}
