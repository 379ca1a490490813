package org.datong.store;

import org.datong.stix.json.JsonValue;

import java.util.Objects;

/**
 * One value to store, optionally with the exact JSON text it was read from.
 * With the text, the store keeps and serves those bytes as they came (no
 * re-encoding); without it, the value is written in Datong's compact form.
 *
 * @param value the parsed value (normally a STIX object)
 * @param text  its original JSON text, or null
 */
public record StixInput(JsonValue value, String text) {
    public StixInput {
        Objects.requireNonNull(value, "value");
    }

    public static StixInput of(JsonValue value) {
        return new StixInput(value, null);
    }
}
