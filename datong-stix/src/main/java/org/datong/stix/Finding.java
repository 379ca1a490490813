package org.datong.stix;

import org.datong.stix.json.JsonObject;

import java.util.Objects;

/**
 * One thing a check found in an input.
 *
 * @param severity error (invalid) or warning
 * @param objectId the id of the STIX object concerned, or null when it has none or the input is not an object
 * @param path     JSON path of the offending value, like {@code $.objects[3].valid_until}
 * @param rule     stable rule code, like {@code timestamp-order}; documented in docs/VALIDATION.md
 * @param message  what is wrong, for people
 * @param section  the specification section that states the rule, like {@code 4.7}, or null
 */
public record Finding(Severity severity, String objectId, String path, String rule, String message, String section) {
    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    public static Finding error(String objectId, String path, String rule, String message, String section) {
        return new Finding(Severity.ERROR, objectId, path, rule, message, section);
    }

    public static Finding warning(String objectId, String path, String rule, String message, String section) {
        return new Finding(Severity.WARNING, objectId, path, rule, message, section);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The machine form used by {@code datong validate --json}. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder()
                .put("severity", severity.label());
        b.put("object_id", objectId == null ? org.datong.stix.json.JsonNull.INSTANCE : new org.datong.stix.json.JsonString(objectId));
        b.put("path", path).put("rule", rule).put("message", message);
        b.put("section", section == null ? org.datong.stix.json.JsonNull.INSTANCE : new org.datong.stix.json.JsonString(section));
        return b.build();
    }

    /** One line for people: {@code error [rule] path (id): message (STIX 2.1 section s)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(severity.label()).append(" [").append(rule).append("] ").append(path);
        if (objectId != null) {
            sb.append(" (").append(objectId).append(')');
        }
        sb.append(": ").append(message);
        if (section != null) {
            sb.append(" (STIX 2.1 section ").append(section).append(')');
        }
        return sb.toString();
    }
}
