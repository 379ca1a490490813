package org.datong.stix.json;

/**
 * An immutable JSON value. The tree keeps everything that was read: key order,
 * number spellings and unknown members, so writing it back gives the same JSON.
 *
 * <p>Read with {@link Json#parse}, write with {@link Json#write}, compare
 * semantically with {@link Canonical}.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonNumber, JsonBoolean, JsonNull {

    /** The JSON type name, as used in error messages: object, array, string, number, boolean, null. */
    String kind();

    /** This value as an object, or null when it is not one. */
    default JsonObject asObject() {
        return this instanceof JsonObject o ? o : null;
    }

    /** This value as an array, or null when it is not one. */
    default JsonArray asArray() {
        return this instanceof JsonArray a ? a : null;
    }

    /** The string's content, or null when this is not a string. */
    default String asString() {
        return this instanceof JsonString s ? s.value() : null;
    }

    /** Convenience factories for building trees in code. */
    static JsonString of(String s) {
        return new JsonString(s);
    }

    static JsonNumber of(long n) {
        return JsonNumber.of(n);
    }

    static JsonBoolean of(boolean b) {
        return JsonBoolean.of(b);
    }
}
