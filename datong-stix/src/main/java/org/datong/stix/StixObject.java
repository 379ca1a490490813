package org.datong.stix;

import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * One STIX 2.1 object of any type, kept as the exact JSON it came as, with
 * typed access to the common properties (STIX 2.1 section 3.2) that live here
 * once for all types. Per-type properties are described by the schema in
 * {@code StixTypes}; custom properties and extensions are simply members of
 * the JSON and so are never lost.
 *
 * <p>Construction checks only that {@code type} and {@code id} are present
 * strings; run the validator at the edge before trusting the rest.
 */
public final class StixObject {
    private final JsonObject json;
    private final String type;
    private final String id;

    private StixObject(JsonObject json, String type, String id) {
        this.json = json;
        this.type = type;
        this.id = id;
    }

    /**
     * Wraps a JSON object.
     *
     * @throws IllegalArgumentException when {@code type} or {@code id} is missing or not a string
     */
    public static StixObject of(JsonObject json) {
        Objects.requireNonNull(json, "json");
        String type = json.getString("type");
        String id = json.getString("id");
        if (type == null || id == null) {
            throw new IllegalArgumentException("a STIX object needs string 'type' and 'id' properties");
        }
        return new StixObject(json, type, id);
    }

    /** The object's JSON, exactly as read or built. */
    public JsonObject json() {
        return json;
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    public Category category() {
        return Category.of(type);
    }

    /** {@code spec_version}, or null (SCOs may omit it; STIX 2.0 content has none). */
    public String specVersion() {
        return json.getString("spec_version");
    }

    /** {@code created}, or null when absent or malformed. */
    public Timestamp created() {
        return Timestamp.parseOrNull(json.getString("created"));
    }

    /** {@code modified}, or null when absent or malformed. */
    public Timestamp modified() {
        return Timestamp.parseOrNull(json.getString("modified"));
    }

    /**
     * The version this object is: {@code modified}, else {@code created}, else
     * null for unversioned objects (most SCOs).
     */
    public Timestamp version() {
        Timestamp m = modified();
        return m != null ? m : created();
    }

    public String createdByRef() {
        return json.getString("created_by_ref");
    }

    public boolean revoked() {
        return json.getBoolean("revoked", false);
    }

    public List<String> labels() {
        return json.getStrings("labels");
    }

    /** {@code confidence} 0-100, or -1 when absent. */
    public int confidence() {
        return json.get("confidence") instanceof JsonNumber n && n.fitsLong() ? (int) n.longValue() : -1;
    }

    public String lang() {
        return json.getString("lang");
    }

    public List<String> objectMarkingRefs() {
        return json.getStrings("object_marking_refs");
    }

    /** {@code granular_markings}, empty when absent. */
    public JsonArray granularMarkings() {
        JsonArray a = json.getArray("granular_markings");
        return a == null ? JsonArray.EMPTY : a;
    }

    /** {@code extensions}, empty when absent. */
    public JsonObject extensions() {
        JsonObject e = json.getObject("extensions");
        return e == null ? JsonObject.EMPTY : e;
    }

    /** {@code external_references}, empty when absent. */
    public JsonArray externalReferences() {
        JsonArray a = json.getArray("external_references");
        return a == null ? JsonArray.EMPTY : a;
    }

    /** A property's value, or null. */
    public JsonValue get(String property) {
        return json.get(property);
    }

    /** A property's string value, or null. */
    public String getString(String property) {
        return json.getString(property);
    }

    /** A copy with one property set; the caller is responsible for keeping it valid. */
    public StixObject with(String property, JsonValue value) {
        return of(json.with(property, value));
    }

    /** A copy without one property. */
    public StixObject without(String property) {
        return of(json.without(property));
    }

    /** Equal when the JSON is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StixObject other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
