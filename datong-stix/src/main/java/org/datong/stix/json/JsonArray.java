package org.datong.stix.json;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/** An immutable JSON array. */
public final class JsonArray extends AbstractList<JsonValue> implements JsonValue, RandomAccess {
    private static final JsonValue[] NONE = new JsonValue[0];
    public static final JsonArray EMPTY = new JsonArray(NONE);

    private final JsonValue[] items;

    private JsonArray(JsonValue[] items) {
        this.items = items;
    }

    /** Takes ownership of the array: the caller must not change it afterwards. */
    static JsonArray wrap(JsonValue[] items) {
        return items.length == 0 ? EMPTY : new JsonArray(items);
    }

    public static JsonArray of(Collection<? extends JsonValue> items) {
        return wrap(items.toArray(NONE));
    }

    public static JsonArray of(JsonValue... items) {
        return wrap(items.clone());
    }

    /** An array of strings. */
    public static JsonArray ofStrings(Collection<String> strings) {
        JsonValue[] out = new JsonValue[strings.size()];
        int i = 0;
        for (String s : strings) {
            out[i++] = new JsonString(s);
        }
        return wrap(out);
    }

    @Override
    public JsonValue get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    /** The string items in order; non-string items are skipped. */
    public List<String> strings() {
        // a plain loop: this runs for every marking list of every object a policy looks at
        String[] out = new String[items.length];
        int n = 0;
        for (JsonValue item : items) {
            String s = item.asString();
            if (s != null) {
                out[n++] = s;
            }
        }
        return n == 0 ? List.of() : List.of(n == out.length ? out : Arrays.copyOf(out, n));
    }

    @Override
    public String kind() {
        return "array";
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
