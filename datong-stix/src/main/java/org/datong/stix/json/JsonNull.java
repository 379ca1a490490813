package org.datong.stix.json;

/** JSON null. */
public enum JsonNull implements JsonValue {
    INSTANCE;

    @Override
    public String kind() {
        return "null";
    }

    @Override
    public String toString() {
        return "null";
    }
}
